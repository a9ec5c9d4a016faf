/**
 * The differential test: every sample contract of IBM's contract-go and a systematic corpus
 * run through IBM's JSON Schema (Ajv) and through this package's schema, which must agree on
 * valid versus invalid except for the differences listed, with their reasons, below.
 */

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import YAML from "yaml";
import { hasErrors } from "../../../provider/findings";
import { PLATFORMS, type Platform } from "../../../provider/platform";
import { validateContractSchema, validateSectionSchema } from "../../../provider/schema";
import { casesOf, COMPOSE_PLATFORMS, type CorpusCase } from "./corpus";
import { envRows } from "./corpus-env";
import { workloadRows } from "./corpus-workload";
import { contract, env, withValue, workload } from "./fixtures";
import { assertCatalogued } from "../../support/findings";
import { requireVectors, VECTORS } from "../../support/vectors";
import { ibmAccepts } from "./ibm";

/** Cases where this package decides differently from IBM's schema on purpose. */
interface IntendedDifference {
    /** The case name, `<platform>: <rule>`. */
    readonly case: string;
    readonly reason: string;
}

function on(platforms: readonly Platform[], rule: string, reason: string): IntendedDifference[] {
    return platforms.map((platform) => ({ case: `${platform}: ${rule}`, reason }));
}

const ATTESTATION_FORMS =
    "IBM's documentation accepts the attestation key as PEM, as the base64 of the PEM " +
    "(s390x-16 on) and encrypted like a section; IBM's schema pattern admits only the PEM, but " +
    "IBM's tooling never validates this field, so the schema never rejected the other forms";
const SECTIONS_REQUIRED =
    "IBM's schema does not require the sections at the top level, but the enclave cannot boot " +
    "without both workload and env";
const IMAGE_REQUIRED =
    "the Kubernetes API leaves a container's image optional for controllers to fill in, but " +
    "Podman cannot start a container without one and the image rules need it";
const NULL_ENTRIES =
    "a null list entry is an empty `-` line, almost always an indentation mistake; IBM's copy " +
    "of the Kubernetes types lets every list entry be null";
const KIND_REQUIRED =
    "a document without kind passes IBM's oneOf only by accident, when its other fields happen " +
    "to break exactly one of the Pod and ConfigMap definitions; Podman needs the kind";
const PROBES_FREE =
    "probes are not modelled; IBM's oneOf of string-or-null and integer-or-null rejects a null " +
    "port because null matches both branches, which is an artefact of the generated types";
const COMPOSE_ON_CCRV =
    "IBM's CCRV schema does not define compose, so a compose key beside play passes as an " +
    "unknown key the enclave ignores; a compose workload on CCRV is a mistake worth an error";

const INTENDED: readonly IntendedDifference[] = [
    ...on(PLATFORMS, "attestationPublicKey: base64 of the PEM", ATTESTATION_FORMS),
    ...on(PLATFORMS, "attestationPublicKey: token", ATTESTATION_FORMS),
    ...on(["hpvs", "ccrt", "ccco"], "sample attest_pub_key_contract.yaml", ATTESTATION_FORMS),
    ...on(PLATFORMS, "env section: missing", SECTIONS_REQUIRED),
    ...on(PLATFORMS, "workload section: missing", SECTIONS_REQUIRED),
    ...on(PLATFORMS, "container image: missing", IMAGE_REQUIRED),
    ...on(PLATFORMS, "container image: null", IMAGE_REQUIRED),
    ...on(PLATFORMS, "pod containers entry: null", NULL_ENTRIES),
    ...on(PLATFORMS, "container ports entry: null", NULL_ENTRIES),
    ...on(PLATFORMS, "document: kind missing, fits only IBM's Pod", KIND_REQUIRED),
    ...on(PLATFORMS, "pod probe: port null", PROBES_FREE),
    ...on(["ccrv"], "workload kind: compose and play", COMPOSE_ON_CCRV),
    ...on(["ccrv"], "workload kind: a broken compose beside play", COMPOSE_ON_CCRV),
];

/**
 * The YAML files under the vectors that are not plain contracts or sections, with where they
 * are tested instead. Every other YAML file there is a sample of the differential test.
 */
const NOT_PLAIN: Record<string, string> = {
    "contract-go/samples/sign/contract.enc.yaml":
        "its sections are tokens; tests/provider/crypto/signature.spec.ts signs it as contract-go does",
    "contract-go/samples/ccco/signed-encrypt-ccco.yaml":
        "its sections are tokens for a key the vectors do not hold",
    "contract-go/samples/network/network_config.yaml":
        "an on-prem network-config; tests/provider/onprem/network-differential.spec.ts compares it",
    "contract-go/samples/network/network_config_invalid.yaml":
        "an on-prem network-config; tests/provider/onprem/network-differential.spec.ts compares it",
};

/** What each sample is meant to be, as its name and the vectors' README say. */
const SAMPLE_VERDICTS: Record<string, { platform: Platform; valid: boolean }> = {
    "simple_contract.yaml": { platform: "hpvs", valid: true },
    "simple_contract_invalid.yaml": { platform: "hpvs", valid: false },
    // contract-go leaves attestationPublicKey out of schema validation.
    "attest_pub_key_contract.yaml": { platform: "hpvs", valid: true },
    // contract-go's section mode passes it through a defect (its merged $defs check only
    // signingKey); the full schema, and the enclave, need logging.
    "env_only.yaml": { platform: "hpvs", valid: false },
    "workload.yaml": { platform: "hpvs", valid: true },
    "ccco/plain-contract-complete-confidential-container-section.yaml": {
        platform: "ccco",
        valid: true,
    },
    "ccco/plain-contract-missing-policy.yaml": { platform: "ccco", valid: false },
    "ccco/plain-contract-missing-regovalidator-section.yaml": { platform: "ccco", valid: false },
};

function yamlFiles(folder: string): string[] {
    return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(folder, entry.name);
        return entry.isDirectory() ? yamlFiles(file) : /\.ya?ml$/.test(entry.name) ? [file] : [];
    });
}

function isMapping(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

const SAMPLES = "contract-go/samples";

/**
 * Every YAML file under the vectors as cases on every platform: whole plain contracts
 * (sections given as YAML text are parsed), and single sections completed with the fixture of
 * the other section for IBM's schema. The files of {@link NOT_PLAIN} are left out; any other
 * file that is not a plain contract or section fails the test, so none is skipped silently.
 */
function sampleCases(): CorpusCase[] {
    return yamlFiles(VECTORS).flatMap((file) => {
        const relative = path.relative(VECTORS, file);
        if (relative in NOT_PLAIN) {
            return [];
        }
        const parsed: unknown = YAML.parse(fs.readFileSync(file, "utf8"));
        const rule = `sample ${path.relative(path.join(VECTORS, SAMPLES), file)}`;
        assert.ok(isMapping(parsed), `${relative} is not a mapping; list it in NOT_PLAIN`);
        return PLATFORMS.map((platform): CorpusCase => {
            const name = `${platform}: ${rule}`;
            if (parsed.type === "workload") {
                const whole = { workload: parsed, env: env() };
                return { name, platform, contract: whole, section: "workload" };
            }
            if (parsed.type === "env") {
                const whole = { workload: workload(platform), env: parsed };
                return { name, platform, contract: whole, section: "env" };
            }
            assert.ok(
                typeof parsed.workload === "string" && typeof parsed.env === "string",
                `${relative} is neither a section nor a plain contract; list it in NOT_PLAIN`,
            );
            const sections = { workload: YAML.parse(parsed.workload), env: YAML.parse(parsed.env) };
            assert.ok(isMapping(sections.workload) && isMapping(sections.env), relative);
            return { name, platform, contract: { ...parsed, ...sections } };
        });
    });
}

function oursAccepts(item: CorpusCase): boolean {
    const findings = item.section
        ? validateSectionSchema(item.platform, item.section, item.contract[item.section])
        : validateContractSchema(item.platform, item.contract);
    findings.forEach(assertCatalogued);
    return !hasErrors(findings);
}

describe("differential: IBM's JSON Schema and this package's schema", function () {
    before(function () {
        requireVectors(this);
    });

    it("run every YAML file of the vectors, or say why one is not a sample", () => {
        const samples = new Set(sampleCases().map((c) => c.name.replace(/^[a-z]+: sample /, "")));
        assert.deepEqual([...samples].sort(), Object.keys(SAMPLE_VERDICTS).sort());
        for (const file of Object.keys(NOT_PLAIN)) {
            assert.ok(fs.existsSync(path.join(VECTORS, file)), `${file} is gone from the vectors`);
        }
    });

    it("decide IBM's samples as their names say", () => {
        const verdicts = sampleCases()
            .filter(
                (c) =>
                    SAMPLE_VERDICTS[c.name.replace(/^[a-z]+: sample /, "")]?.platform ===
                    c.platform,
            )
            .map((c): [string, boolean] => [c.name, oursAccepts(c)]);
        const expected = Object.entries(SAMPLE_VERDICTS).map(([file, v]): [string, boolean] => [
            `${v.platform}: sample ${file}`,
            v.valid,
        ]);
        assert.deepEqual(new Map(verdicts), new Map(expected));
    });

    it("agree on every sample and corpus case except the intended differences", () => {
        const samples = sampleCases();
        const cases = [...casesOf(workloadRows()), ...casesOf(envRows()), ...samples];
        const names = cases.map((c) => c.name);
        assert.equal(new Set(names).size, names.length, "case names must be unique");
        assert.ok(samples.length >= 8 * PLATFORMS.length, `only ${samples.length} sample cases`);

        const verdicts = cases.map((c) => ({
            name: c.name,
            ibm: ibmAccepts(c.platform, c.contract),
            ours: oursAccepts(c),
        }));
        const ibmValid = verdicts.filter((v) => v.ibm).length;
        assert.ok(cases.length >= 600, `only ${cases.length} cases`);
        assert.ok(ibmValid >= 200 && cases.length - ibmValid >= 200, "the corpus is lopsided");

        const differing = verdicts
            .filter((v) => v.ibm !== v.ours)
            .map((v) => `${v.name} (IBM ${v.ibm ? "accepts" : "rejects"})`);
        const intended = INTENDED.map((d) => d.case);
        const unexpected = differing.filter((d) => !intended.some((i) => d.startsWith(`${i} (`)));
        const vanished = intended.filter((i) => !differing.some((d) => d.startsWith(`${i} (`)));
        assert.deepEqual({ unexpected, vanished }, { unexpected: [], vanished: [] });
    });

    describe("random values for pattern rules agree", () => {
        const characters = [...'aZ09_-.:/!@#$%^&*(),?"{}|<>~ é=+\n'];
        const text = (maxLength: number) =>
            fc.string({ unit: fc.constantFrom(...characters), maxLength });
        // Compose rules run where compose exists; CCRV's fixture workload is a pod.
        const rules: Record<string, (value: string) => (p: Platform) => unknown> = {
            "workload seed": (v) => (p) =>
                withValue(contract(p), ["workload", "volumes", "data", "seed"], v),
            "env seed": (v) => (p) => withValue(contract(p), ["env", "volumes", "data", "seed"], v),
            "variable name": (v) => (p) => withValue(contract(p), ["env", "env"], { [v]: "x" }),
            "volume key": (v) => (p) =>
                withValue(contract(p), ["workload", "volumes"], { [v]: { seed: "s".repeat(15) } }),
            "registry key": (v) => (p) =>
                withValue(contract(p), ["env", "auths"], {
                    [v]: { username: "abc", password: "abc" },
                }),
            mount: (v) => (p) =>
                withValue(contract(p), ["workload", "volumes", "data"], {
                    seed: "s".repeat(15),
                    mount: v,
                }),
            "signing key": (v) => (p) => withValue(contract(p), ["env", "signingKey"], v),
            "compose archive": (v) => (p) =>
                withValue(contract(p), ["workload", "compose"], { archive: v }),
        };
        for (const [rule, build] of Object.entries(rules)) {
            it(rule, () => {
                const platforms = rule.startsWith("compose") ? COMPOSE_PLATFORMS : PLATFORMS;
                fc.assert(
                    fc.property(text(24), fc.constantFrom(...platforms), (value, platform) => {
                        const whole = build(value)(platform);
                        const ours = !hasErrors(validateContractSchema(platform, whole));
                        assert.equal(ours, ibmAccepts(platform, whole), JSON.stringify(value));
                    }),
                    { seed: 7, numRuns: 300 },
                );
            });
        }
    });
});
