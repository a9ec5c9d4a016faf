import * as assert from "node:assert/strict";
import * as YAML from "yaml";
import { formatFinding } from "../../../provider/findings";
import { readSection } from "../../../provider/contract/section";
import { validateContract } from "../../../provider/contract/validate";
import {
    CANARY,
    DIGEST,
    auths,
    composeWorkload,
    envSection,
    podWorkload,
} from "../../support/contracts";

const indent = (text: string) =>
    text
        .split("\n")
        .map((line) => (line === "" ? "" : `  ${line}`))
        .join("\n");

describe("reading a section", () => {
    const env = envSection({
        env: { REGISTRY: "us.icr.io/team" },
        auths: auths("us.icr.io"),
        volumes: { data: { seed: CANARY.envSeed } },
    });
    const text = YAML.stringify(env);

    it("reads a mapping, a YAML string and the wrapped string form to the same value", () => {
        for (const input of [env, text, `env:\n${indent(text)}`]) {
            const read = readSection("env", input);
            assert.deepEqual(read.findings, []);
            assert.equal(read.section?.kind, "plain");
            assert.deepEqual(read.section?.kind === "plain" && read.section.value, env);
        }
    });

    it("keeps the author's text of a YAML string, so that comments survive", () => {
        const commented = `# the deployer's env\n${text}`;
        const read = readSection("env", commented);
        assert.equal(read.section?.kind === "plain" && read.section.text, commented);
    });

    it("reads a token as an encrypted section, keeping it exactly", () => {
        const token = "contract-basic.QUJD.QUJD";
        assert.deepEqual(readSection("env", token).section, {
            kind: "encrypted",
            name: "env",
            token,
            prefix: "contract-basic",
        });
    });

    it("refuses values that YAML cannot carry, naming where they are", () => {
        const read = readSection("env", { type: "env", when: new Date(0) });
        assert.equal(read.section, undefined);
        assert.equal(read.findings[0].path, "env.when");
    });

    it("never throws: a number, a list or null comes back as a finding", () => {
        for (const [input, code] of [
            [42, "SECTION_NOT_MAPPING"],
            [["type", "env"], "SECTION_NOT_MAPPING"],
            [null, "SECTION_MISSING"],
        ] as const) {
            assert.equal(readSection("env", input).findings[0]?.code, code);
        }
    });

    describe("validation is the same for both forms", () => {
        const cases: Record<string, { workload: Record<string, unknown>; env: typeof env }> = {
            "a valid contract": { workload: composeWorkload(), env },
            "an unresolved registry": {
                workload: composeWorkload({ web: `\${MIRROR}/app@${DIGEST}` }),
                env,
            },
            "an unpinned pod image": { workload: podWorkload(["quay.io/a/b:1"]), env },
            "an unpaired volume": { workload: composeWorkload(), env },
            "a broken env": { workload: composeWorkload(), env: { ...env, logging: {} } },
        };
        for (const [name, c] of Object.entries(cases)) {
            it(name, () => {
                const asMappings = validateContract(c).findings.map(formatFinding);
                const asText = validateContract({
                    workload: YAML.stringify(c.workload),
                    env: YAML.stringify(c.env),
                }).findings.map(formatFinding);
                assert.deepEqual(asText, asMappings);
            });
        }
    });
});
