/**
 * Hostile sections in both forms: a mapping of any shape and YAML text of any content end in
 * findings, never in a throw; the two forms of the same section get the same findings; a
 * broken text gets one finding; secret values never show in a finding.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import * as YAML from "yaml";
import { readSection } from "../../../provider/contract/section";
import { readUserData } from "../../../provider/contract/user-data";
import { validateContract } from "../../../provider/contract/validate";
import { MAX_YAML_STRUCTURE, readYaml } from "../../../provider/contract/yaml-text";
import { CANARIES, CANARY, DIGEST, composeWorkload, envSection } from "../../support/contracts";
import { assertClearFindings, damagedText, fuzzParameters } from "../../support/fuzz";

/** Keys the schemas know, so that generated sections reach deep into the rules. */
const KEYS = [
    "type",
    "compose",
    "play",
    "archive",
    "resources",
    "templates",
    "env",
    "auths",
    "volumes",
    "seed",
    "previousSeed",
    "mount",
    "filesystem",
    "logging",
    "logRouter",
    "syslog",
    "hostname",
    "iamApiKey",
    "port",
    "images",
    "dct",
    "rhs",
    "username",
    "password",
    "signingKey",
    "confidential-containers",
    "apiVersion",
    "kind",
    "spec",
    "containers",
    "image",
    "name",
    "us.icr.io",
    // keys that name what every object inherits
    "toString",
    "constructor",
    "__proto__",
    "hasOwnProperty",
];

const scalar = fc.oneof(
    fc.constantFrom(
        "workload",
        "env",
        "",
        `us.icr.io/a/b@${DIGEST}`,
        "${REGISTRY}/app:1",
        "/mnt/data",
        "ext4",
    ),
    fc.string({ maxLength: 40 }),
    fc.integer(),
    // NaN and infinities: a mapping refuses them outright, YAML reads .nan; the forms differ.
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
);

/** Mappings shaped like sections: known keys, any values, a few levels deep. */
const sectionLike = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("list"), tie("map")),
    list: fc.array(tie("value"), { maxLength: 4 }),
    map: fc.dictionary(
        fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })),
        tie("value"),
        {
            maxKeys: 6,
        },
    ),
})).map as fc.Arbitrary<Record<string, unknown>>;

/** A secret value, as given or in the wrong shape: findings may name its place, never it. */
const secret = (value: string) =>
    fc.constantFrom(value, [value], { value }, `${value}\n`, ` ${value}`, 7);

const host = fc.constantFrom("us.icr.io", "registry.example.com:5000", "bad host", "");

/** The places where the schemas put secrets, filled with canaries. */
const secretPlaces = (workload: boolean) =>
    fc.record(
        {
            auths: fc.dictionary(
                host,
                fc.record(
                    { username: scalar, password: secret(CANARY.registryPassword) },
                    { requiredKeys: [] },
                ),
            ),
            volumes: fc.dictionary(
                fc.constantFrom("data", "bad key", ""),
                fc.record(
                    {
                        seed: secret(workload ? CANARY.workloadSeed : CANARY.envSeed),
                        previousSeed: secret(CANARY.previousSeed),
                        mount: scalar,
                    },
                    { requiredKeys: [] },
                ),
            ),
            env: fc.dictionary(
                fc.constantFrom("REGISTRY", "DB_PASSWORD", "bad name"),
                secret(CANARY.envValue),
            ),
            ...(workload
                ? {}
                : {
                      logging: fc.record({
                          logRouter: fc.record(
                              {
                                  hostname: scalar,
                                  iamApiKey: secret(CANARY.iamApiKey),
                                  port: scalar,
                              },
                              { requiredKeys: [] },
                          ),
                      }),
                  }),
        },
        { requiredKeys: [] },
    );

const platform = fc.constantFrom(
    "hpvs" as const,
    "ccrt" as const,
    "ccrv" as const,
    "ccco" as const,
);

/** The findings of a validation, without the parts that depend on the form of the input. */
const summary = (input: Parameters<typeof validateContract>[0]) =>
    validateContract(input, { now: new Date("2030-01-01T00:00:00Z") })
        .findings.filter((f) => f.code !== "SIZE_LIMIT")
        .map((f) => `${f.severity} ${f.code} ${f.path}: ${f.message}`);

describe("sections under fuzzing", function () {
    it("reads any value given as a section into a section or findings, never a throw", () => {
        fc.assert(
            fc.property(fc.anything({ withObjectString: true }), (value) => {
                const read = readSection("env", value);
                assertClearFindings(read.findings);
                assert.ok((read.section === undefined) === read.findings.length > 0);
            }),
            fuzzParameters(),
        );
    });

    it("validates sections of any shape into findings that never echo a secret", () => {
        fc.assert(
            fc.property(
                platform,
                fc.tuple(sectionLike, secretPlaces(true)),
                fc.tuple(sectionLike, secretPlaces(false)),
                (p, [workload, workloadSecrets], [env, envSecrets]) => {
                    const validation = validateContract({
                        platform: p,
                        workload: { type: "workload", ...workload, ...workloadSecrets },
                        env: { type: "env", ...env, ...envSecrets },
                    });
                    assertClearFindings(validation.findings, CANARIES, 200);
                    assert.equal(
                        validation.ok,
                        !validation.findings.some((f) => f.severity === "error"),
                    );
                },
            ),
            fuzzParameters(0.5),
        );
    });

    it("gives a section the same findings as a mapping, as YAML text and in its wrapped form", () => {
        fc.assert(
            fc.property(platform, sectionLike, (p, extra) => {
                const env = envSection(extra);
                const workload = composeWorkload();
                const forms = [env, YAML.stringify(env), YAML.stringify({ env })].map((form) =>
                    summary({ platform: p, workload, env: form as never }),
                );
                assert.deepEqual(forms[1], forms[0]);
                assert.deepEqual(forms[2], forms[0]);
            }),
            fuzzParameters(0.3),
        );
    });

    it("reads broken YAML text into one finding that quotes nothing of it", () => {
        const sample = YAML.stringify(
            envSection({ auths: { "us.icr.io": { password: CANARY.registryPassword } } }),
        );
        fc.assert(
            fc.property(damagedText(sample), (text) => {
                const read = readYaml(text, { path: "env" });
                assertClearFindings(read.findings, CANARIES, 1);
                const section = readSection("env", text);
                assertClearFindings(section.findings, CANARIES, 1);
            }),
            fuzzParameters(),
        );
    });

    it("reads any text as user data into its values or findings", () => {
        const sample = "env: hyper-protect-basic.AAAA.BBBB\nworkload: |\n  type: workload\n";
        fc.assert(
            fc.property(damagedText(sample), (text) => {
                const read = readUserData(text);
                assertClearFindings(read.findings, [], 30);
                if (read.values) assert.equal(typeof read.values, "object");
            }),
            fuzzParameters(),
        );
    });

    describe("text built to stall a YAML parser", () => {
        const storms: [string, string][] = [
            ["a storm of closing brackets", "]".repeat(100_000)],
            ["a storm of tabs as indentation", `a:\n${"\t- x\n".repeat(20_000)}`],
            ["a repeated key, many times", "a: 1\n".repeat(40_000)],
            ["deep flow nesting", "[".repeat(100_000)],
            ["deep block nesting", "- ".repeat(100_000)],
            ["many documents", "---\n".repeat(50_000)],
            [
                "an alias bomb",
                `a: &a [x]\n${Array.from({ length: 60 }, (_, i) => `k${i}: *a`).join("\n")}\n`,
            ],
        ];
        for (const [what, text] of storms) {
            it(`reads ${what} into one finding`, () => {
                const read = readYaml(text, { path: "workload" });
                assert.equal(read.findings.length, 1, JSON.stringify(read.findings));
                assert.equal(read.findings[0].code, "YAML_INVALID");
            });
        }

        it("refuses more YAML than a contract can hold, but not a long inline archive", () => {
            const big = readYaml("k: v\n".repeat(MAX_YAML_STRUCTURE / 4), { path: "env" });
            assert.match(big.findings[0]?.message ?? "", /holds more than 256 KiB of YAML/);
            const archive = readYaml(`compose:\n  archive: ${"QUJD".repeat(1 << 20)}\n`, {
                path: "workload",
            });
            assert.deepEqual(archive.findings, []);
        });
    });

    describe("found by fuzzing", () => {
        const codes = (input: Parameters<typeof validateContract>[0]) =>
            validateContract(input).findings.map((f) => `${f.code} ${f.path}`);

        it("reads a key named after what every object inherits as a key", () => {
            const workload = composeWorkload(undefined, { toString: [[""]] });
            assert.deepEqual(codes({ workload, env: envSection() }), [
                "UNKNOWN_KEY workload.toString",
            ]);
        });

        it("needs a variable named constructor like any other", () => {
            const workload = composeWorkload({ web: `\${constructor}/app@${DIGEST}` });
            assert.deepEqual(codes({ workload, env: envSection() }), [
                "VARIABLE_UNRESOLVED env.env.constructor",
            ]);
        });

        it("keeps a volume named __proto__ as a volume to pair", () => {
            const volumes = JSON.parse('{"__proto__": {"seed": "a-workload-seed-of-length"}}');
            const workload = composeWorkload(undefined, { volumes });
            assert.deepEqual(codes({ workload, env: envSection() }), [
                "VOLUME_UNPAIRED env.volumes.__proto__",
            ]);
        });

        it("names a list item that has no value instead of calling it 'a undefined'", () => {
            const [f] = validateContract({
                workload: composeWorkload(),
                env: envSection({ list: [1, undefined] }),
            }).findings;
            assert.equal(
                `${f.path}: ${f.message}`,
                "env.list[1]: has no value; give it one or remove it",
            );
        });
    });
});
