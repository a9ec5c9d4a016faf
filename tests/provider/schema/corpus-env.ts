/**
 * Differential rows for the env section, the credentials both sections share, and the keys
 * beside the sections.
 */

import { envVariables } from "./corpus-workload";
import { REMOVE, minLength, variants, type CorpusRow } from "./corpus";
import { base64, CANARY, KEYS } from "./fixtures";

const E = "env";
const CRN = "crn:v1:bluemix:public:hs-crypto:us-south:a/1:2:key:3";
const KMS = { apiKey: CANARY.apiKey, crn: CRN };
const GREP11 = {
    address: "grep11.example.com:9876",
    clientCert: "Q0VSVA==",
    clientKey: "S0VZ",
    caCert: "Q0E=",
    metadata: { aesKeyBlob: "Qk9MQg==" },
};

function auths(section: "workload" | "env"): CorpusRow[] {
    const credential = { username: "iamapikey", password: CANARY.password };
    const entry = [section, "auths", "us.icr.io"];
    return [
        ...variants(`${section}.auths key`, [section, "auths"], {
            "host name": { "us.icr.io": credential },
            "host:port": { "registry.example.com:5000": credential },
            "single label": { localhost: credential },
            "IPv4:port": { "10.0.0.1:5000": credential },
            "IPv4 out of range": { "10.0.0.256": credential },
            "Docker Hub URL": { "https://index.docker.io/v1/": credential },
            "Docker Hub v2 URL": { "https://index.docker.io/v2/": credential },
            "with a path": { "us.icr.io/team": credential },
            "label starting with a digit": { "1reg.io": credential },
            "with a scheme": { "https://us.icr.io": credential },
        }),
        ...minLength(`${section}.auths username`, entry, 3).map((row) => ({
            ...row,
            value: { ...credential, username: row.value },
        })),
        ...minLength(`${section}.auths password`, entry, 3).map((row) => ({
            ...row,
            value: { ...credential, password: row.value },
        })),
        ...variants(`${section}.auths entry`, entry, {
            "without password": { username: "user" },
            "with email": { ...credential, email: "a@b.c" },
            "numeric password": { username: "user", password: 12345 },
        }),
    ];
}

function logging(): CorpusRow[] {
    const router = [E, "logging", "logRouter"];
    const syslog = (entry: Record<string, unknown>) => ({
        syslog: { hostname: "logs.example.com", server: KEYS.certificatePem, ...entry },
    });
    return [
        ...variants("logging", [E, "logging"], {
            missing: REMOVE,
            null: null,
            empty: {},
            "both backends": { logRouter: { hostname: "h", iamApiKey: "k" }, ...syslog({}) },
            "an extra key beside a backend": {
                logRouter: { hostname: "h", iamApiKey: "k" },
                logDNA: {},
            },
            "logDNA only": { logDNA: { hostname: "h", ingestionKey: "k" } },
            "syslog with a CA": syslog({}),
            "syslog with a CA chain": syslog({
                server: KEYS.certificatePem + KEYS.secondCertificatePem,
            }),
            "syslog with a base64 CA": syslog({ server: base64(KEYS.certificatePem) }),
            "syslog with an empty CA": syslog({ server: "" }),
            "syslog with text as CA": syslog({ server: "my ca" }),
            "syslog with client cert and PKCS#8 key": syslog({
                cert: KEYS.certificatePem,
                key: KEYS.privateKeyPem,
            }),
            "syslog with a PKCS#1 key": syslog({ key: KEYS.rsaPrivateKeyPem }),
            "syslog with a base64 key": syslog({ key: base64(KEYS.privateKeyPem) }),
            "syslog with a certificate chain as cert": syslog({
                cert: KEYS.certificatePem + KEYS.secondCertificatePem,
            }),
            "syslog with a public key as key": syslog({ key: KEYS.publicKeyPem }),
            "syslog without server": { syslog: { hostname: "h" } },
            "syslog without hostname": { syslog: { server: KEYS.certificatePem } },
            "syslog port 0": syslog({ port: 0 }),
            "syslog port 6514": syslog({ port: 6514 }),
            "syslog with an extra key": syslog({ protocol: "tcp" }),
        }),
        ...variants("logRouter", router, {
            "without hostname": { iamApiKey: CANARY.iamApiKey },
            "without iamApiKey": { hostname: "h" },
            "empty iamApiKey": { hostname: "h", iamApiKey: "" },
            "numeric iamApiKey": { hostname: "h", iamApiKey: 1234 },
            "port 0": { hostname: "h", iamApiKey: "k", port: 0 },
            "port 1": { hostname: "h", iamApiKey: "k", port: 1 },
            "fractional port": { hostname: "h", iamApiKey: "k", port: 1.5 },
            "quoted port": { hostname: "h", iamApiKey: "k", port: "443" },
            tags: { hostname: "h", iamApiKey: "k", tags: ["a"] },
            "an extra key": { hostname: "h", iamApiKey: "k", region: "eu" },
        }),
    ];
}

function envVolumes(): CorpusRow[] {
    const volume = [E, "volumes", "data"];
    const seeded = (entry: Record<string, unknown>) => ({ seed: CANARY.seed, ...entry });
    return [
        ...minLength("env seed", [...volume, "seed"], 15, {}, "s"),
        ...variants("env volume", volume, {
            "uv-secret-id only": { "uv-secret-id": "index-1" },
            "uv-secret-id index-8": { "uv-secret-id": "index-8" },
            "uv-secret-id index-9": { "uv-secret-id": "index-9" },
            "uv-secret-id index-0": { "uv-secret-id": "index-0" },
            "seed and uv-secret-id": seeded({ "uv-secret-id": "index-1" }),
            "neither seed nor uv-secret-id": { volumeID: "vol-1" },
            "uv-previous-secret-id without uv-secret-id": seeded({
                "uv-previous-secret-id": "index-2",
            }),
            "both slots": { "uv-secret-id": "index-1", "uv-previous-secret-id": "index-2" },
            "one root key": seeded({ kms: [KMS] }),
            "no root keys": seeded({ kms: [] }),
            "five root keys": seeded({ kms: [KMS, KMS, KMS, KMS, KMS] }),
            "six root keys": seeded({ kms: [KMS, KMS, KMS, KMS, KMS, KMS] }),
            "kms as a mapping": seeded({ kms: KMS }),
            "root key without crn": seeded({ kms: [{ apiKey: CANARY.apiKey }] }),
            "root key with an extra key": seeded({ kms: [{ ...KMS, region: "eu" }] }),
            "private root key endpoint": seeded({ kms: [{ ...KMS, type: "private" }] }),
            "internal root key endpoint": seeded({ kms: [{ ...KMS, type: "internal" }] }),
            "kmsTimeout 0": seeded({ kms: [KMS], kmsTimeout: 0 }),
            "kmsTimeout 20": seeded({ kms: [KMS], kmsTimeout: 20 }),
            "kmsTimeout 21": seeded({ kms: [KMS], kmsTimeout: 21 }),
            "kmsTimeout -1": seeded({ kms: [KMS], kmsTimeout: -1 }),
            "kmsTimeout 1.5": seeded({ kms: [KMS], kmsTimeout: 1.5 }),
            "kmsTimeout without kms": seeded({ kmsTimeout: 5 }),
            "volumeName empty": seeded({ volumeName: "" }),
            "volumeName of 1": seeded({ volumeName: "v" }),
            "volumeID of 2": seeded({ volumeID: "ab" }),
            "volumeID of 3": seeded({ volumeID: "abc" }),
            "a mount": seeded({ mount: "/mnt/data" }),
            "a GREP11 endpoint": seeded({ grep11: GREP11 }),
            "GREP11 IPv4 address": seeded({ grep11: { ...GREP11, address: "10.1.2.3:9876" } }),
            "GREP11 address 256.1.1.1": seeded({ grep11: { ...GREP11, address: "256.1.1.1:80" } }),
            "GREP11 address without port": seeded({ grep11: { ...GREP11, address: "grep11" } }),
            "GREP11 6-digit port": seeded({ grep11: { ...GREP11, address: "g:123456" } }),
            "GREP11 CA with newline": seeded({ grep11: { ...GREP11, caCert: "Q0E=\nQ0E=" } }),
            "GREP11 empty CA": seeded({ grep11: { ...GREP11, caCert: "" } }),
            "GREP11 masked blob": seeded({
                grep11: { ...GREP11, metadata: { aesKeyBlob: "***" } },
            }),
            "GREP11 without blob": seeded({ grep11: { ...GREP11, metadata: {} } }),
            "GREP11 without CA": seeded({ grep11: { ...GREP11, caCert: undefined } }),
        }),
        ...minLength("env kms apiKey", volume, 10, {}, "k").map((row) => ({
            ...row,
            value: seeded({ kms: [{ apiKey: row.value, crn: CRN }] }),
        })),
        ...minLength("env volume apiKey", volume, 10, {}, "k").map((row) => ({
            ...row,
            value: seeded({ apiKey: row.value }),
        })),
        ...variants("kms crn", [...volume, "kms", 0, "crn"], {
            "v2 staging dedicated": "crn:v2:staging:dedicated:hs-crypto:eu:a/1:2:key:x",
            "without key id": "crn:v1:bluemix:public:hs-crypto:us-south:a/1:2:key:",
            "without key segment": "crn:v1:bluemix:public:hs-crypto:us-south:a/1:2:3",
            "version without digits": "crn:vX:bluemix:public:hs-crypto:us-south:a/1:2:key:3",
        }).map((row) => ({
            ...row,
            path: volume,
            value: { seed: CANARY.seed, kms: [{ ...KMS, crn: row.value }] },
        })),
    ];
}

function keysAndExtras(): CorpusRow[] {
    return [
        ...variants("signingKey", [E, "signingKey"], {
            "PEM public key": KEYS.publicKeyPem,
            "PEM public key with CRLF": KEYS.publicKeyPem.replace(/\n/g, "\r\n"),
            "PEM certificate": KEYS.certificatePem,
            "base64 public key": base64(KEYS.publicKeyPem),
            empty: "",
            "PEM private key": KEYS.privateKeyPem,
            text: "my signing key",
            number: 5,
        }),
        ...variants("cacerts", [E, "cacerts"], {
            "empty list": [],
            "one entry": [{ registry: "Q0FDQQ==" }],
            "an empty mapping": [{}],
            "any key": [{ "my ca!": "Q0FDQQ==" }],
            "3 characters": [{ a: "Q0F" }],
            "with !": [{ a: "Q0!D" }],
            "two entries": [{ a: "Q0FDQQ==" }, { b: "Q0FDQQ==" }],
            "a mapping": { a: "Q0FDQQ==" },
            "a null entry": [null],
            "a numeric value": [{ a: 1234 }],
        }),
        ...variants("env confidential-containers", [E, "confidential-containers"], {
            "secret pair": { secret: { verificationKey: "v", decryptionKey: "d" } },
            "secret without decryptionKey": { secret: { verificationKey: "v" } },
            anything: { policy: 1 },
            text: "x",
        }),
        ...variants("host-attestation", [E, "host-attestation"], {
            "one document": { z16: { description: "host", "host-key-doc": KEYS.certificatePem } },
            "numeric description": { z16: { description: 16, "host-key-doc": "doc" } },
            "without description": { z16: { "host-key-doc": "doc" } },
            "numeric document": { z16: { description: "host", "host-key-doc": 1 } },
            "a name with a dot": { "z16.a": { description: "host", "host-key-doc": "doc" } },
        }),
        ...variants("env unknown key", [E, "signing_key"], { present: "x" }),
        ...variants("envWorkloadSignature", ["envWorkloadSignature"], {
            base64: base64("signature!"),
            "over several lines": "QUJD\n  REVG\n  R0g=",
            "3 characters": "QUJ",
            "with *": "QU*D",
            number: 1234,
        }),
        ...variants("attestationPublicKey", ["attestationPublicKey"], {
            PEM: KEYS.publicKeyPem,
            "base64 of the PEM": base64(KEYS.publicKeyPem),
            token: `hyper-protect-basic.${base64("rsa")}.${base64("aes")}`,
            "base64 of a certificate": base64(KEYS.certificatePem),
            "PEM private key": KEYS.privateKeyPem,
            text: "my key",
        }),
        ...variants("env section", ["env"], { missing: REMOVE, text: "type: env", list: [] }),
        ...variants("workload section", ["workload"], { missing: REMOVE }),
        ...variants("top-level unknown key", ["attestationKey"], { present: "x" }),
    ];
}

/** The differential rows of the env section and the top level. */
export function envRows(): CorpusRow[] {
    return [
        ...auths("workload"),
        ...auths("env"),
        ...logging(),
        ...envVolumes(),
        ...envVariables(E),
        ...keysAndExtras(),
    ];
}
