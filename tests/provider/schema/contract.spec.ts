import * as assert from "node:assert/strict";
import fc from "fast-check";
import { PLATFORMS, platformInfo } from "../../../provider/platform";
import {
    ENV_SCHEMAS,
    WORKLOAD_SCHEMAS,
    validateContractSchema,
    validateSectionSchema,
} from "../../../provider/schema";
import { base64, CANARY, contract, env, KEYS, REMOVE, withValue, workload } from "./fixtures";
import { runTable } from "./table";

describe("plain contract schema", () => {
    for (const platform of PLATFORMS) {
        it(`${platform}: accepts the fixture contract without findings`, () => {
            assert.deepEqual(validateContractSchema(platform, contract(platform)), []);
        });
    }

    describe("top level", () => {
        const token = `hyper-protect-basic.${base64("rsa")}.${base64("aes")}`;
        runTable([
            { name: "no env section", path: ["env"], value: REMOVE, code: "SECTION_MISSING" },
            {
                name: "no workload section",
                path: ["workload"],
                value: REMOVE,
                code: "SECTION_MISSING",
            },
            {
                name: "a workload given as text",
                path: ["workload"],
                value: "type: workload",
                code: "SECTION_NOT_MAPPING",
            },
            { name: "a base64 signature", path: ["envWorkloadSignature"], value: base64("sig!") },
            {
                name: "a signature over several lines",
                path: ["envWorkloadSignature"],
                value: "QUJD\nREVG\nR0g=",
            },
            {
                name: "a signature of 3 characters",
                path: ["envWorkloadSignature"],
                value: "QUJ",
                code: "SCHEMA",
            },
            {
                name: "a PEM attestation key",
                path: ["attestationPublicKey"],
                value: KEYS.publicKeyPem,
            },
            {
                name: "a base64 PEM attestation key",
                path: ["attestationPublicKey"],
                value: base64(KEYS.publicKeyPem),
            },
            { name: "an encrypted attestation key", path: ["attestationPublicKey"], value: token },
            {
                name: "the base64 of a certificate as attestation key",
                path: ["attestationPublicKey"],
                value: base64(KEYS.certificatePem),
                code: "ATTESTATION_KEY_INVALID",
            },
            {
                name: "a private key as attestation key",
                path: ["attestationPublicKey"],
                value: KEYS.privateKeyPem,
                code: "ATTESTATION_KEY_INVALID",
            },
        ]);

        it("reports a contract that is not a mapping", () => {
            const [f] = validateContractSchema("hpvs", ["workload", "env"]);
            assert.equal(f.code, "SCHEMA");
            assert.equal(f.path, "");
        });

        it("reports several problems together, errors first", () => {
            const broken = withValue(
                withValue(contract("hpvs"), ["env", "logging"], REMOVE),
                ["workload", "env"],
                { PORT: 80 },
            );
            const findings = validateContractSchema("hpvs", { ...broken, attestationKey: "x" });
            assert.deepEqual(
                findings.map((f) => [f.severity, f.code, f.path]),
                [
                    ["error", "LOGGING_MISSING", "env.logging"],
                    ["error", "ENV_VALUE_NOT_STRING", "workload.env.PORT"],
                    ["warning", "UNKNOWN_KEY", "attestationKey"],
                ],
            );
        });

        it("throws for an unknown platform", () => {
            assert.throws(() => validateContractSchema("vpc" as never, {}), /not a platform/);
        });
    });

    describe("unknown keys", () => {
        const warnings = (findings: ReturnType<typeof validateContractSchema>) =>
            findings.map((f) => [f.code, f.severity, f.path, f.message]);

        it("warns about auth and names auths", () => {
            const findings = validateSectionSchema("hpvs", "workload", {
                ...workload("hpvs"),
                auth: {},
            });
            assert.deepEqual(warnings(findings), [
                [
                    "UNKNOWN_KEY",
                    "warning",
                    "workload.auth",
                    "the enclave ignores this key; rename it to auths if that was meant",
                ],
            ]);
        });

        it("names signingKey for signing_key and logRouter for logrouter", () => {
            const section = withValue(env(), ["signing_key"], KEYS.publicKeyPem);
            const logging = withValue(section, ["logging", "logrouter"], {});
            const messages = validateSectionSchema("ccrt", "env", logging).map((f) => f.message);
            assert.deepEqual(messages, [
                "the enclave ignores this key; rename it to logRouter if that was meant",
                "the enclave ignores this key; rename it to signingKey if that was meant",
            ]);
        });

        it("suggests nothing for a key that resembles none", () => {
            const findings = validateSectionSchema("hpvs", "env", { ...env(), region: "eu" });
            assert.equal(
                findings[0].message,
                "the enclave ignores this key; remove it or check its spelling",
            );
        });

        it("suggests the closest key inside closed objects too", () => {
            const section = withValue(env(), ["logging", "logRouter", "hostName"], "x");
            const [f] = validateSectionSchema("hpvs", "env", section);
            assert.equal(f.severity, "error");
            assert.match(f.message, /rename it to hostname/);
        });

        it("knows CCCO's boot key at the top level only", () => {
            const boot = { ...contract("ccco"), boot: { sehdr: "x" } };
            assert.deepEqual(validateContractSchema("ccco", boot), []);
            assert.equal(validateContractSchema("hpvs", boot)[0].code, "UNKNOWN_KEY");
        });

        it("says nothing about fields of Kubernetes documents", () => {
            const section = withValue(
                workload("ccrv"),
                ["play", "resources", 0, "spec", "unknownField"],
                true,
            );
            assert.deepEqual(validateSectionSchema("ccrv", "workload", section), []);
        });
    });

    describe("secrets", () => {
        it("never repeats a secret value in a message", () => {
            const secret = fc.string({ minLength: 6, maxLength: 40 });
            fc.assert(
                fc.property(secret, fc.constantFrom(...PLATFORMS), (value, platform) => {
                    const broken = withValue(
                        withValue(
                            withValue(contract(platform), ["env", "auths", "us.icr.io"], {
                                username: "ab",
                                password: value,
                            }),
                            ["env", "volumes", "data"],
                            { seed: value, previousSeed: `${value} `, apiKey: value.slice(0, 9) },
                        ),
                        ["workload", "volumes", "data"],
                        { seed: `${value}~`, kms: value },
                    );
                    const logging = withValue(broken, ["env", "logging", "logRouter"], {
                        hostname: "h",
                        iamApiKey: value,
                        apiKey: value,
                    });
                    for (const f of validateContractSchema(platform, logging)) {
                        assert.ok(!f.message.includes(value), `${f.path} repeats the value`);
                        assert.ok(!f.message.includes(CANARY.iamApiKey));
                    }
                }),
                { seed: 20240901, numRuns: 200 },
            );
        });
    });

    describe("agreement with the platform table", () => {
        for (const platform of PLATFORMS) {
            const info = platformInfo(platform);
            it(`${platform}: declares the workload kinds and logging rule of its platform`, () => {
                const shape = WORKLOAD_SCHEMAS[platform].shape as Record<string, unknown>;
                for (const kind of ["compose", "play", "confidential-containers"] as const) {
                    const declared = shape[kind] as {
                        unwrap(): { _zod: { def: { type: string } } };
                    };
                    const available = declared.unwrap()._zod.def.type !== "never";
                    assert.equal(available, info.workloadKinds.includes(kind), kind);
                }
                const logging = ENV_SCHEMAS[platform].shape.logging;
                assert.equal(!logging.safeParse(undefined).success, info.loggingRequired);
            });
        }
    });
});
