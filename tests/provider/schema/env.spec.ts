import * as assert from "node:assert/strict";
import { validateSectionSchema } from "../../../provider/schema";
import { base64, env, KEYS, REMOVE, withValue } from "./fixtures";
import { runTable, type Row } from "./table";

const E = "env";
const STANDARD = ["hpvs", "ccrt", "ccrv"] as const;

const syslog = (entry: Record<string, unknown>) => ({
    path: [E, "logging"],
    value: {
        syslog: Object.fromEntries(
            Object.entries({
                hostname: "logs.example.com",
                server: KEYS.certificatePem,
                ...entry,
            }).filter(([, v]) => (v as unknown) !== REMOVE),
        ),
    },
});

describe("env section schema", () => {
    describe("logging", () => {
        runTable([
            {
                name: "no logging",
                path: [E, "logging"],
                value: REMOVE,
                code: "LOGGING_MISSING",
                platforms: STANDARD,
            },
            { name: "no logging", path: [E, "logging"], value: REMOVE, platforms: ["ccco"] },
            { name: "an empty logging mapping", path: [E, "logging"], value: {}, code: "SCHEMA" },
            {
                name: "both backends",
                path: [E, "logging", "syslog"],
                value: { hostname: "h", server: KEYS.certificatePem },
                code: "SCHEMA",
                at: "env.logging",
            },
            {
                name: "a logRouter without API key",
                path: [E, "logging", "logRouter", "iamApiKey"],
                value: REMOVE,
                code: "SCHEMA",
            },
            { name: "port 1", path: [E, "logging", "logRouter", "port"], value: 1 },
            {
                name: "port 0",
                path: [E, "logging", "logRouter", "port"],
                value: 0,
                code: "SCHEMA",
            },
            {
                name: "a quoted port",
                path: [E, "logging", "logRouter", "port"],
                value: "443",
                code: "SCHEMA",
            },
            {
                name: "logRouter tags",
                path: [E, "logging", "logRouter", "tags"],
                value: ["a"],
                platforms: ["ccco"],
            },
            {
                name: "logRouter tags",
                path: [E, "logging", "logRouter", "tags"],
                value: ["a"],
                code: "SCHEMA",
                platforms: STANDARD,
            },
            { name: "a syslog server certificate", ...syslog({}) },
            {
                name: "a syslog CA chain",
                ...syslog({ server: KEYS.certificatePem + KEYS.secondCertificatePem }),
            },
            { name: "a base64 syslog CA", ...syslog({ server: base64(KEYS.certificatePem) }) },
            {
                name: "a syslog client certificate and PKCS#8 key",
                ...syslog({ cert: KEYS.certificatePem, key: KEYS.privateKeyPem }),
            },
            { name: "a PKCS#1 client key", ...syslog({ key: KEYS.rsaPrivateKeyPem }) },
            {
                name: "a client certificate chain",
                ...syslog({ cert: KEYS.certificatePem + KEYS.secondCertificatePem }),
                code: "SCHEMA",
                at: "env.logging.syslog.cert",
            },
            {
                name: "a public key as client key",
                ...syslog({ key: KEYS.publicKeyPem }),
                code: "SCHEMA",
                at: "env.logging.syslog.key",
            },
            {
                name: "a syslog without server",
                ...syslog({ server: REMOVE }),
                code: "SCHEMA",
                at: "env.logging.syslog.server",
            },
        ]);

        it("names the enclave's logging message for a logging error", () => {
            const findings = validateSectionSchema("hpvs", E, withValue(env(), ["logging"], {}));
            assert.deepEqual(
                findings.map((f) => f.hpl),
                ["HPL01001E"],
            );
        });
    });

    describe("signing key, variables and CA certificates", () => {
        runTable([
            { name: "a PEM public key", path: [E, "signingKey"], value: KEYS.publicKeyPem },
            { name: "a PEM certificate", path: [E, "signingKey"], value: KEYS.certificatePem },
            {
                name: "a base64 public key",
                path: [E, "signingKey"],
                value: base64(KEYS.publicKeyPem),
            },
            {
                name: "a private key",
                path: [E, "signingKey"],
                value: KEYS.privateKeyPem,
                code: "SIGNING_KEY_INVALID",
            },
            {
                name: "a number",
                path: [E, "signingKey"],
                value: 12345,
                code: "SIGNING_KEY_INVALID",
            },
            {
                name: "an unquoted number",
                path: [E, "env", "PORT"],
                value: 80,
                code: "ENV_VALUE_NOT_STRING",
            },
            { name: "one CA certificate", path: [E, "cacerts"], value: [{ registry: "Q0FDQQ==" }] },
            {
                name: "two CA certificate lists",
                path: [E, "cacerts"],
                value: [{ a: "Q0FDQQ==" }, { b: "Q0FDQQ==" }],
                code: "SCHEMA",
            },
            {
                name: "a CA certificate of 3 characters",
                path: [E, "cacerts", 0, "registry"],
                value: "Q0F",
                code: "SCHEMA",
            },
        ]);
    });

    describe("CCCO settings", () => {
        const secret = { verificationKey: "v", decryptionKey: "d" };
        const hostKey = { description: "z16 host", "host-key-doc": KEYS.certificatePem };
        const rows: Row[] = [
            { name: "env secrets", path: [E, "confidential-containers"], value: { secret } },
            {
                name: "env secrets without decryption key",
                path: [E, "confidential-containers", "secret", "decryptionKey"],
                value: REMOVE,
                code: "SCHEMA",
            },
            {
                name: "a host key document",
                path: [E, "host-attestation", "z16"],
                value: hostKey,
            },
            {
                name: "a host key document without description",
                path: [E, "host-attestation", "z16", "description"],
                value: REMOVE,
                code: "SCHEMA",
            },
            {
                name: "a host key name with a dot",
                path: [E, "host-attestation", "z16.a"],
                value: hostKey,
                code: "SCHEMA",
            },
        ];
        runTable(rows.map((row) => ({ ...row, platforms: ["ccco"] })));

        it("warns that other platforms ignore host-attestation", () => {
            const findings = validateSectionSchema(
                "hpvs",
                E,
                withValue(env(), ["host-attestation"], { z16: {} }),
            );
            assert.deepEqual(
                findings.map((f) => [f.code, f.severity, f.path]),
                [["UNKNOWN_KEY", "warning", "env.host-attestation"]],
            );
        });
    });
});
