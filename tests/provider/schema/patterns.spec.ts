import * as assert from "node:assert/strict";
import { PLATFORMS } from "../../../provider/platform";
import * as patterns from "../../../provider/schema/patterns";
import { requireVectors } from "../../support/vectors";
import { ibmSchema } from "./ibm";

/** Every `pattern` and `patternProperties` key of a schema, outside the Kubernetes types. */
function ibmPatterns(value: unknown, found = new Set<string>()): Set<string> {
    if (Array.isArray(value)) {
        value.forEach((item) => ibmPatterns(item, found));
    } else if (value !== null && typeof value === "object") {
        for (const [key, item] of Object.entries(value)) {
            if (key.startsWith("io.k8s")) {
                continue;
            }
            if (key === "pattern" && typeof item === "string") {
                found.add(item);
            }
            if (key === "patternProperties" && item !== null && typeof item === "object") {
                Object.keys(item).forEach((name) => found.add(name));
            }
            ibmPatterns(item, found);
        }
    }
    return found;
}

describe("patterns", () => {
    it("are IBM's patterns character for character", function () {
        requireVectors(this);
        // Compared as JavaScript prints them, which escapes a "/" outside a class.
        const ibm = new Set(
            PLATFORMS.flatMap((p) =>
                [...ibmPatterns(ibmSchema(p))].map((s) => new RegExp(s).source),
            ),
        );
        const ours = Object.entries(patterns).filter(([name]) => name !== "SECTION_TOKEN");
        for (const [name, pattern] of ours) {
            assert.ok(ibm.has((pattern as RegExp).source), `${name} is not one of IBM's patterns`);
        }
        // The other way round, only the CA certificate name pattern is left out: it lacks a "$"
        // and so matches every name, which a plain string key states.
        const used = new Set(ours.map(([, pattern]) => (pattern as RegExp).source));
        assert.deepEqual(
            [...ibm].filter((source) => !used.has(source)),
            ["^[a-zA-Z0-9]*"],
        );
    });
});
