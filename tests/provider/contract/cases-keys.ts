/**
 * Rule cases for the keys and certificates around a contract: the signing key published in
 * env, contract expiry, the attestation key, and the encryption certificate's validity.
 */
import { composeWorkload, envSection } from "../../support/contracts";
import { pem, rsaPair } from "../../support/keys";
import { openssl } from "../../support/tools";
import type { RuleCase } from "./rule-cases";

const DAY = 24 * 60 * 60 * 1000;
const certificates = new Map<number, string>();

/** A self-signed RSA certificate valid for `days` from now, made once per length. */
function certificate(days: number): string {
    let pemText = certificates.get(days);
    if (!pemText) {
        pemText = openssl([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "/dev/null",
            "-subj",
            `/CN=valid ${days} days`,
            "-days",
            String(days),
        ]).toString();
        certificates.set(days, pemText);
    }
    return pemText;
}

const base64 = (text: string) => Buffer.from(text).toString("base64");
const signedBy = (signingKey: string) => ({
    workload: composeWorkload(),
    env: envSection({ signingKey }),
});
const encryptedFor = (encryptionCertificate: string) => ({
    workload: composeWorkload(),
    env: envSection(),
    encryptionCertificate,
});

/** The key and certificate rules. */
export const KEY_CASES: readonly RuleCase[] = [
    {
        rule: "attestationPublicKey must be an RSA public key",
        failing: {
            workload: composeWorkload(),
            env: envSection(),
            attestationPublicKey: "not a key",
        },
        expect: { code: "ATTESTATION_KEY_INVALID", path: "attestationPublicKey", hpl: "HPL11002E" },
        passing: {
            workload: composeWorkload(),
            env: envSection(),
            attestationPublicKey: pem(rsaPair(2048)).publicKey,
        },
    },
    {
        rule: "env.signingKey is a public key or certificate",
        failing: signedBy(base64("not a key at all")),
        expect: { code: "SIGNING_KEY_INVALID", path: "env.signingKey", hpl: "HPL12003E" },
        passing: signedBy(base64(pem(rsaPair(2048)).publicKey)),
    },
    {
        rule: "a signing certificate must not have expired at the planned boot",
        failing: () => signedBy(base64(certificate(1))),
        expect: { code: "CONTRACT_EXPIRED", path: "env.signingKey", hpl: "HPL12007E" },
        passing: () => signedBy(base64(certificate(3650))),
        options: { now: new Date(Date.now() + 10 * DAY) },
    },
    {
        rule: "a contract that expires within 30 days is worth a warning",
        failing: () => signedBy(base64(certificate(20))),
        expect: {
            code: "CONTRACT_EXPIRING",
            path: "env.signingKey",
            severity: "warning",
            hpl: "HPL12006E",
        },
        passing: () => signedBy(base64(certificate(3650))),
    },
    {
        rule: "the encryption certificate must be a certificate or public key",
        failing: encryptedFor("not a certificate"),
        expect: { code: "CERTIFICATE_INVALID", path: "encryptionCertificate" },
        passing: () => encryptedFor(certificate(3650)),
    },
    {
        rule: "the encryption certificate must not have expired",
        failing: () => encryptedFor(certificate(1)),
        expect: { code: "CERTIFICATE_EXPIRED", path: "encryptionCertificate", hpl: "HPL12013W" },
        passing: () => encryptedFor(certificate(3650)),
        options: { now: new Date(Date.now() + 10 * DAY) },
    },
    {
        rule: "an encryption certificate that ends within 180 days is worth a warning",
        failing: () => encryptedFor(certificate(100)),
        expect: {
            code: "CERTIFICATE_EXPIRING",
            path: "encryptionCertificate",
            severity: "warning",
        },
        passing: () => encryptedFor(certificate(3650)),
    },
];
