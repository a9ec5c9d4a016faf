/**
 * Rules on the keys and certificates around a contract: the encryption certificate's
 * validity, the signing key published in env, the attestation key, the platform of tokens,
 * and an existing signature.
 */
import type { EncryptionKey } from "../crypto/keys";
import { readPublicKey } from "../crypto/keys";
import { readContractSigner, verifySections } from "../crypto/signature";
import { isToken, parseToken } from "../crypto/token";
import { InputError } from "../errors";
import { platformInfo, type Platform } from "../platform";
import { finding, type Finding } from "../findings";
import type { Section } from "./section";

const DAY = 24 * 60 * 60 * 1000;

/** How many days before its end a contract's expiry is reported. */
export const CONTRACT_EXPIRY_WARNING_DAYS = 30;
/** How many days before its end an encryption certificate's expiry is reported. */
export const CERTIFICATE_EXPIRY_WARNING_DAYS = 180;

/** Whole days from `now` until `end`, rounded down (negative once past). */
export function daysUntil(end: Date, now: Date): number {
    return Math.floor((end.getTime() - now.getTime()) / DAY);
}

/** Findings on the encryption certificate: expired, or close to its end. */
export function encryptionKeyRules(key: EncryptionKey, now: Date): Finding[] {
    const cert = key.certificate;
    return cert ? certificateDateRules(cert.notAfter, now, cert.notBefore) : [];
}

/**
 * Findings on the encryption certificate's dates: not valid yet, expired, or close to its
 * end. Needs only the dates, so that a preview can judge a contract from its state.
 *
 * @param notBefore The start of validity, when known.
 */
export function certificateDateRules(notAfter: Date, now: Date, notBefore?: Date): Finding[] {
    const days = daysUntil(notAfter, now);
    const date = notAfter.toISOString().slice(0, 10);
    if (notBefore && now < notBefore) {
        return [
            finding(
                "CERTIFICATE_INVALID",
                "error",
                "encryptionCertificate",
                `is not valid before ${notBefore.toISOString().slice(0, 10)}; check the machine's clock or use the current certificate`,
            ),
        ];
    }
    if (days < 0) {
        return [
            finding(
                "CERTIFICATE_EXPIRED",
                "error",
                "encryptionCertificate",
                `expired on ${date}; use the encryption certificate of a current image version`,
                "HPL12013W",
            ),
        ];
    }
    if (days < CERTIFICATE_EXPIRY_WARNING_DAYS) {
        return [
            finding(
                "CERTIFICATE_EXPIRING",
                "warning",
                "encryptionCertificate",
                `expires on ${date}, in ${days} days; plan the move to a newer image version and its certificate`,
                days < 30 ? "HPL12011W" : undefined,
            ),
        ];
    }
    return [];
}

/**
 * Findings on a signing key written into a plain env by its author: it must be a public key
 * or certificate, and a certificate sets the contract's expiry.
 */
export function envSigningKeyRules(env: Readonly<Record<string, unknown>>, now: Date): Finding[] {
    const value = env.signingKey;
    if (value === undefined) return [];
    if (typeof value !== "string") return []; // the schema reports the type
    try {
        const signer = readContractSigner(value);
        return signer.certificate
            ? contractExpiryRules(signer.certificate.notAfter, now, "env.signingKey")
            : [];
    } catch (e) {
        return [
            finding(
                "SIGNING_KEY_INVALID",
                "error",
                "env.signingKey",
                InputError.isInstance(e) ? e.reason : "is not a public key or certificate",
                "HPL12003E",
            ),
        ];
    }
}

/** Findings on a contract expiry date: past, or within {@link CONTRACT_EXPIRY_WARNING_DAYS}. */
export function contractExpiryRules(notAfter: Date, now: Date, path: string): Finding[] {
    const days = daysUntil(notAfter, now);
    const date = notAfter.toISOString().slice(0, 10);
    if (notAfter <= now) {
        return [
            finding(
                "CONTRACT_EXPIRED",
                "error",
                path,
                `makes the contract expire on ${date}, which has passed; issue a new signing certificate`,
                "HPL12007E",
            ),
        ];
    }
    if (days < CONTRACT_EXPIRY_WARNING_DAYS) {
        return [
            finding(
                "CONTRACT_EXPIRING",
                "warning",
                path,
                `makes the contract expire on ${date}, in ${days} days; renew the signing certificate before then`,
                "HPL12006E",
            ),
        ];
    }
    return [];
}

/**
 * Findings on `attestationPublicKey`: an RSA public key (PEM or base64 of PEM). A token is
 * judged with the sections' tokens by {@link tokenPlatformRules} and {@link tokenKeyRules}.
 */
export function attestationKeyRules(value: unknown): Finding[] {
    if (value === undefined || value === null || value === "") return [];
    const path = "attestationPublicKey";
    if (typeof value !== "string") {
        return [
            finding(
                "ATTESTATION_KEY_INVALID",
                "error",
                path,
                "must be a string: a PEM public key, base64 of one, or a token",
                "HPL11002E",
            ),
        ];
    }
    if (isToken(value)) return [];
    try {
        readPublicKey(value, path);
        return [];
    } catch (e) {
        return [
            finding(
                "ATTESTATION_KEY_INVALID",
                "error",
                path,
                InputError.isInstance(e) ? e.reason : "is not an RSA public key",
                "HPL11002E",
            ),
        ];
    }
}

/**
 * Findings for tokens that are damaged (`TOKEN_INVALID`) or whose prefix is not the one the
 * platform's boot loader expects (`TOKEN_PLATFORM`).
 */
export function tokenPlatformRules(
    tokens: readonly { path: string; token: string }[],
    platform: Platform,
): Finding[] {
    const expected = platformInfo(platform).tokenPrefix;
    return tokens.flatMap(({ path, token }) => {
        let prefix: string;
        try {
            ({ prefix } = parseToken(token, path));
        } catch (e) {
            if (!InputError.isInstance(e)) throw e;
            return [finding("TOKEN_INVALID", "error", path, e.reason, "HPL11001E")];
        }
        return prefix === expected
            ? []
            : [
                  finding(
                      "TOKEN_PLATFORM",
                      "error",
                      path,
                      `is a ${prefix} token, but ${platform} expects ${expected}; encrypt it again for ${platform}`,
                      "HPL11001E",
                  ),
              ];
    });
}

/**
 * Findings for tokens that cannot have been made for the encryption key: the RSA part of a
 * token is as long as the modulus of the key it was encrypted for.
 */
export function tokenKeyRules(
    tokens: readonly { path: string; token: string }[],
    key: EncryptionKey,
): Finding[] {
    return tokens.flatMap(({ path, token }) => {
        let bits: number;
        try {
            bits = parseToken(token, path).encryptedPassword.length * 8;
        } catch {
            return []; // tokenPlatformRules reports a damaged token
        }
        return bits === key.modulusBits
            ? []
            : [
                  finding(
                      "TOKEN_KEY_MISMATCH",
                      "error",
                      path,
                      `was encrypted for a ${bits}-bit key, but the encryption certificate has a ${key.modulusBits}-bit key; encrypt it again for this certificate`,
                      "HPL11001E",
                  ),
              ];
    });
}

/** The encrypted sections of a contract, as path and token. */
export function sectionTokens(
    sections: readonly (Section | undefined)[],
): { path: string; token: string }[] {
    return sections.flatMap((s) =>
        s?.kind === "encrypted" ? [{ path: s.name, token: s.token }] : [],
    );
}

/**
 * Findings on an existing signature: it needs `env.signingKey` (and the reverse), and must
 * verify over the workload and env values as written.
 *
 * @param workloadValue The workload value exactly as it stands in the contract.
 * @param envValue The env value exactly as it stands in the contract.
 * @param signingKey `env.signingKey`, when env is plain; undefined when unknown.
 */
export function signatureRules(
    workloadValue: string,
    envValue: string,
    signature: string | undefined,
    signingKey: unknown,
    envPlain: boolean,
): Finding[] {
    if (!envPlain) return [];
    if (signature === undefined && signingKey === undefined) return [];
    if (signature === undefined || signingKey === undefined) {
        return [
            finding(
                "SIGNATURE_INCOMPLETE",
                "error",
                signature === undefined ? "envWorkloadSignature" : "env.signingKey",
                signature === undefined
                    ? "is missing while env.signingKey is set; sign the contract (hpcr-contract sign-contract) or drop env.signingKey"
                    : "is missing while envWorkloadSignature is set; the enclave cannot check the signature without it",
                "HPL12004E",
            ),
        ];
    }
    if (typeof signingKey !== "string") return [];
    try {
        const signer = readContractSigner(signingKey);
        if (verifySections(workloadValue, envValue, signature, signer.publicKey)) return [];
        return [
            finding(
                "SIGNATURE_INVALID",
                "error",
                "envWorkloadSignature",
                "does not verify with env.signingKey over the workload and env values; sign the contract again after its last change",
                "HPL12001E",
            ),
        ];
    } catch {
        return []; // envSigningKeyRules reports an unreadable key
    }
}
