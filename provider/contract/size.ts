/**
 * The size of the final user data, known before any encryption: a token's length depends
 * only on the plaintext's length and the key sizes, so a preview can measure the contract
 * against the platform's limit exactly, without doing the crypto.
 */
import type { TokenPrefix } from "../platform";

const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/** The length of a token for `plaintextBytes` bytes under a `modulusBits`-bit RSA key. */
export function tokenLength(
    prefix: TokenPrefix,
    plaintextBytes: number,
    modulusBits: number,
): number {
    // Salted__ (8) + salt (8) + AES-CBC with PKCS#7, which always adds 1..16 bytes.
    const body = 16 + 16 * (Math.floor(plaintextBytes / 16) + 1);
    return prefix.length + 1 + base64Length(modulusBits / 8) + 1 + base64Length(body);
}

/** The length of a base64 signature from a `modulusBits`-bit RSA key. */
export function signatureLength(modulusBits: number): number {
    return base64Length(modulusBits / 8);
}

/** The values of a finished contract, or their lengths. */
export interface UserDataParts {
    readonly workload: number;
    readonly env: number;
    readonly envWorkloadSignature?: number;
    readonly attestationPublicKey?: number;
}

/**
 * The byte length of the user data this package writes: one `key: value` line per value, in
 * the order `attestationPublicKey`, `env`, `envWorkloadSignature`, `workload`.
 */
export function userDataLength(parts: UserDataParts): number {
    let total = 0;
    for (const [key, length] of Object.entries(parts)) {
        if (length !== undefined) total += key.length + 2 + length + 1;
    }
    return total;
}

/** The length of the SPKI PEM of an RSA key with exponent 65537, by modulus size. */
export function spkiPemLength(modulusBits: number): number {
    // SPKI DER: fixed headers around the modulus; lengths of length fields grow at 128 and 256.
    const modulus = modulusBits / 8 + 1;
    const len = (n: number) => (n < 128 ? 1 : n < 256 ? 2 : 3);
    const rsaKey = 1 + len(modulus) + modulus + 5; // INTEGER n, INTEGER e (3 bytes)
    const rsaSeq = 1 + len(rsaKey) + rsaKey;
    const bitString = 1 + len(rsaSeq + 1) + 1 + rsaSeq;
    const spki = 15 + bitString; // AlgorithmIdentifier (15 bytes) + BIT STRING
    const der = 1 + len(spki) + spki;
    const b64 = base64Length(der);
    return (
        "-----BEGIN PUBLIC KEY-----\n".length +
        b64 +
        Math.ceil(b64 / 64) +
        "-----END PUBLIC KEY-----\n".length
    );
}
