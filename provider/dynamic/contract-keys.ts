/**
 * The certificate and key fingerprints that a `Contract`'s diff compares besides the keyed
 * fingerprints of its inputs: an encryption certificate or signing key written another way
 * (another PEM layout, a re-encrypted key file, a new password) that holds the same key is no
 * change, and a real change is named with the old and new public fingerprints.
 */
import { readEncryptionKey, readSigningKey } from "../crypto/keys";
import { InputError } from "../errors";
import { hasUnknown } from "./common";
import type { ContractState, FingerprintedInput } from "./contract-state";

type Bag = Record<string, unknown>;

const SIGNING_INPUTS: readonly FingerprintedInput[] = ["signingKey", "signingKeyPassword"];

/** Runs a key reader; an unreadable or unknown value has no fingerprint. */
function fingerprintOf(read: () => string): string | undefined {
    try {
        return read();
    } catch (e) {
        if (InputError.isInstance(e)) return undefined;
        throw e;
    }
}

/** The hex SHA-256 of the new encryption certificate's DER, when it can be read. */
export function newCertificateFingerprint(news: Bag): string | undefined {
    const text = news.encryptionCertificate;
    if (typeof text !== "string" || hasUnknown(text)) return undefined;
    return fingerprintOf(() => readEncryptionKey(text).fingerprint);
}

/** The hex SHA-256 of the new signing key's public half, when one is given and readable. */
export function newSigningKeyFingerprint(news: Bag): string | undefined {
    const { signingKey: key, signingKeyPassword: password } = news;
    if (typeof key !== "string" || key === "" || hasUnknown(key) || hasUnknown(password)) {
        return undefined;
    }
    const pass = typeof password === "string" ? password : undefined;
    return fingerprintOf(() => readSigningKey(key, pass).fingerprint);
}

/**
 * `changed` without the certificate when the new one has the state's fingerprint, and without
 * the signing key and its password when the new key is the one that signed the state's
 * contract. The keys are read only when their keyed fingerprints differ.
 */
export function withSameKeysKept(
    state: Partial<ContractState>,
    news: Bag,
    changed: readonly FingerprintedInput[],
): FingerprintedInput[] {
    let kept = [...changed];
    if (
        kept.includes("encryptionCertificate") &&
        state.encryptionCertificateFingerprint !== undefined &&
        newCertificateFingerprint(news) === state.encryptionCertificateFingerprint
    ) {
        kept = kept.filter((i) => i !== "encryptionCertificate");
    }
    if (
        kept.some((i) => SIGNING_INPUTS.includes(i)) &&
        state.signingKeyGenerated === false &&
        state.signingKeyFingerprint !== undefined &&
        newSigningKeyFingerprint(news) === state.signingKeyFingerprint
    ) {
        kept = kept.filter((i) => !SIGNING_INPUTS.includes(i));
    }
    return kept;
}

const short = (fingerprint: string | undefined) =>
    fingerprint === undefined ? "unknown" : fingerprint.slice(0, 16);

/**
 * How the log names each changed input: a certificate or signing key with its old and new
 * public fingerprints (never anything secret), any other input by its name.
 */
export function describeChanges(
    state: Partial<ContractState>,
    news: Bag,
    changed: readonly string[],
): string[] {
    return changed.map((name) => {
        if (name === "encryptionCertificate") {
            const before = short(state.encryptionCertificateFingerprint);
            return `encryptionCertificate (fingerprint ${before} → ${short(newCertificateFingerprint(news))})`;
        }
        if (name === "signingKey") {
            const before = state.signingKeyGenerated
                ? "generated"
                : short(state.signingKeyFingerprint);
            const given = typeof news.signingKey === "string" && news.signingKey !== "";
            const after = given ? short(newSigningKeyFingerprint(news)) : "generated";
            return `signingKey (fingerprint ${before} → ${after})`;
        }
        return name;
    });
}
