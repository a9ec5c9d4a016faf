import * as assert from "node:assert/strict";
import * as zlib from "node:zlib";
import fc from "fast-check";
import * as YAML from "yaml";
import { workloadPlaintext } from "../../../provider/contract/plaintext";
import { readSection } from "../../../provider/contract/section";

const plain = (value: Record<string, unknown>) => {
    const section = readSection("workload", value).section;
    assert.equal(section?.kind, "plain");
    return section as Parameters<typeof workloadPlaintext>[0];
};

/** base64 of gzip data: what an archive field holds. */
const archive = fc
    .uint8Array({ minLength: 0, maxLength: 20_000 })
    .map((bytes) => zlib.gzipSync(bytes).toString("base64"));

/** Strings YAML must quote or fold, to surround the archive with. */
const awkward = fc.oneof(
    fc.string(),
    fc.constantFrom("H4sIstandInForTheArchive", "123", "true", "- a", "a: b", "x\ny", " lead"),
);

describe("the workload text", () => {
    it("is byte for byte what YAML writes, however large the archive and whatever is around it", () => {
        fc.assert(
            fc.property(
                fc.constantFrom("compose", "play"),
                archive,
                fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), awkward, {
                    maxKeys: 4,
                }),
                fc.boolean(),
                (kind, base64, env, archiveFirst) => {
                    const holder = archiveFirst
                        ? { archive: base64, envFile: "x" }
                        : { envFile: "x", archive: base64 };
                    const value = { type: "workload", env, [kind]: holder, auths: { ...env } };
                    assert.equal(
                        workloadPlaintext(plain(value)),
                        YAML.stringify(value, { lineWidth: 0 }),
                    );
                },
            ),
            { numRuns: 150 },
        );
    });

    it("writes an archive that is not gzip base64 as YAML does too", () => {
        const value = { type: "workload", compose: { archive: `H4sI ${"A".repeat(5000)}:` } };
        assert.equal(workloadPlaintext(plain(value)), YAML.stringify(value, { lineWidth: 0 }));
    });
});
