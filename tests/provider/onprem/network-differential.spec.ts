/**
 * Our network-config verdicts against IBM's network schema, read the way IBM's Go tooling
 * reads it (draft 2020-12, `format` as annotation). Every disagreement must be one the table
 * lists with its reason. contract-go also refuses a file that is valid JSON before the schema
 * sees it; we accept JSON (see the "JSON, which is YAML" case), a difference of the parser
 * rather than of the schema.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import * as YAML from "yaml";
import { validateNetworkConfig } from "../../../provider/onprem/network-config";
import { requireVectors, vector } from "../../support/vectors";
import { NETWORK_CASES } from "./network-cases";

describe("network-config against IBM's network schema", () => {
    let ibm: ValidateFunction;

    before(function () {
        requireVectors(this);
        const schema = JSON.parse(
            fs.readFileSync(vector("contract-go/schema/network/hpse-network-schema.json"), "utf8"),
        );
        // The schema keeps its definitions under a nonstandard root "defs"; its "$ref"s reach
        // them by JSON pointer, which Ajv follows once strict mode is off.
        ibm = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
    });

    it("reads IBM's own samples as IBM's schema does", () => {
        for (const [file, expected] of [
            ["network_config.yaml", true],
            ["network_config_invalid.yaml", false],
        ] as const) {
            const text = fs.readFileSync(vector("contract-go/samples/network", file), "utf8");
            assert.equal(ibm(YAML.parse(text)), expected, file);
            assert.equal(validateNetworkConfig(text).ok, expected, file);
        }
    });

    const compared = NETWORK_CASES.filter((c) => c.ibm !== undefined);

    for (const c of compared) {
        const ours = !c.findings.some((f) => f.startsWith("error"));
        const label = c.why
            ? `differs on purpose for ${c.title}: ${c.why}`
            : `agrees on ${c.title} (${ours ? "valid" : "invalid"})`;
        it(label, () => {
            assert.equal(ibm(YAML.parse(c.text)), c.ibm, "IBM's verdict as the table records it");
            assert.equal(validateNetworkConfig(c.text).ok, ours, "our verdict");
            if (ours === c.ibm) {
                assert.equal(c.why, undefined, "an agreement needs no reason");
            } else {
                assert.ok(c.why, "a disagreement needs its reason in the table");
            }
        });
    }

    it("only ever refuses more than IBM's schema, never less", () => {
        const looser = compared.filter(
            (c) => c.ibm === false && !c.findings.some((f) => f.startsWith("error")),
        );
        assert.deepEqual(
            looser.map((c) => c.title),
            [],
        );
    });
});
