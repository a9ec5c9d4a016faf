import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { hasErrors } from "../../../provider/findings";
import { PLATFORMS, type Platform } from "../../../provider/platform";
import {
    jsonSchemaFiles,
    sectionJsonSchema,
    validateContractSchema,
    writeJsonSchemas,
} from "../../../provider/schema";
import { casesOf } from "./corpus";
import { envRows } from "./corpus-env";
import { workloadRows } from "./corpus-workload";
import { REPO_ROOT } from "../../support/vectors";

describe("JSON Schema export", () => {
    it("matches the committed files in schemas/ (run write-json-schemas after a change)", () => {
        const folder = path.join(REPO_ROOT, "schemas");
        const fresh = jsonSchemaFiles();
        const committed = fs.readdirSync(folder).filter((name) => name.endsWith(".schema.json"));
        assert.deepEqual(committed.sort(), [...fresh.keys()].sort());
        for (const [name, text] of fresh) {
            assert.ok(
                fs.readFileSync(path.join(folder, name), "utf8") === text,
                `schemas/${name} is stale; regenerate it with lib/provider/schema/write-json-schemas.js`,
            );
        }
    });

    it("writes one pretty document per platform and section under a given root", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "hpcr-schemas-"));
        try {
            const written = writeJsonSchemas(root).map((file) => path.relative(root, file));
            assert.equal(written.length, PLATFORMS.length * 3);
            assert.ok(written.includes(path.join("schemas", "ccrv.workload.schema.json")));
            const text = fs.readFileSync(
                path.join(root, "schemas", "hpvs.env.schema.json"),
                "utf8",
            );
            assert.ok(text.endsWith("}\n"));
            assert.ok(
                text.startsWith('{\n    "$schema": "http://json-schema.org/draft-07/schema#"'),
            );
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("keeps rules that zod states as refinements", () => {
        const workload = sectionJsonSchema("ccrv", "workload") as {
            oneOf: unknown;
            properties: Record<string, unknown>;
        };
        assert.deepEqual(workload.oneOf, [
            { required: ["play"] },
            { required: ["confidential-containers"] },
        ]);
        assert.deepEqual(workload.properties.compose, {
            description: "Not available on this platform.",
            not: {},
        });
    });

    describe("agreement with validation on the corpus", () => {
        // JSON Schema cannot decode base64, so the exported attestation key rule is looser.
        const looser = new Set(
            PLATFORMS.map((p) => `${p}: attestationPublicKey: base64 of a certificate`),
        );
        const ajv = new Ajv({ strict: false, allErrors: false });
        const validators = new Map<Platform, ReturnType<typeof ajv.compile>>();
        for (const platform of PLATFORMS) {
            it(`${platform}: the contract document decides like validateContractSchema`, () => {
                if (!validators.has(platform)) {
                    validators.set(platform, ajv.compile(sectionJsonSchema(platform, "contract")));
                }
                const validate = validators.get(platform)!;
                const cases = casesOf([...workloadRows(), ...envRows()]).filter(
                    (c) => c.platform === platform && !looser.has(c.name),
                );
                const differing = cases
                    .filter((c) => {
                        const ours = !hasErrors(validateContractSchema(platform, c.contract));
                        return validate(c.contract) !== ours;
                    })
                    .map((c) => c.name);
                assert.deepEqual(differing, []);
                assert.ok(cases.length > 250);
            });
        }
    });
});
