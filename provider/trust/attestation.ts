/**
 * Attestation records: what an enclave measured at boot (`se-checksums.txt`, encrypted for
 * the contract's attestation key as `se-checksums.txt.enc`), the signature over them
 * (`se-signature.bin`), and how they compare with what was deployed.
 */
import * as crypto from "node:crypto";
import { readPrivateKey } from "../crypto/keys";
import { decryptToken, isToken } from "../crypto/token";
import { InputError } from "../errors";
import { readCertificate } from "./x509";

/** One `<sha256> <name>` line of the records. */
export interface AttestationEntry {
    /** The hash, lower-case hex. */
    readonly sha256: string;
    /** The name as written, trimmed (`cidata/user-data`, `contract:env`). */
    readonly name: string;
    /**
     * What it measures: the contract values as `workload`, `env`, `attestationPublicKey` and
     * `envWorkloadSignature` whichever way the image version spells them; else the name.
     */
    readonly subject: string;
}

/** The records, read. */
export interface AttestationRecords {
    /** The records' exact bytes, as the signature covers them. */
    readonly bytes: Buffer;
    /** The image version on the first line (`24.3.3`), when there is one. */
    readonly version?: string;
    /** The other lines that are no hash: `Machine Type/Plant/Serial: …` and the like. */
    readonly header: readonly { readonly key?: string; readonly value: string }[];
    readonly entries: readonly AttestationEntry[];
}

const HASH = /^[0-9a-fA-F]{64}$/;
const CONTRACT_PREFIX = /^contract\s*:\s*/;
/** The names of the contract values a record line can measure. */
export const CONTRACT_VALUES = ["workload", "env", "attestationPublicKey", "envWorkloadSignature"];

/**
 * Reads decrypted records. Every layout seen so far is accepted: a version line, header lines
 * (`Key: value`), and `<64 hex> <name>` lines.
 *
 * @throws InputError when no line is a record (e.g. the text is still encrypted).
 */
export function parseAttestationRecords(records: string | Buffer): AttestationRecords {
    const bytes = typeof records === "string" ? Buffer.from(records, "utf8") : records;
    const header: { key?: string; value: string }[] = [];
    const entries: AttestationEntry[] = [];
    let version: string | undefined;
    const lines = bytes
        .toString("utf8")
        .split("\n")
        .map((l) => l.replace(/\r$/, ""));
    for (const [i, line] of lines.entries()) {
        if (line.trim() === "") continue;
        // `<64 hex> <name>`, read without a regular expression: one with a lazy name and
        // trailing spaces took quadratic time on a line of many spaces.
        const name = line.slice(64).trim();
        if (HASH.test(line.slice(0, 64)) && /^\s/.test(line.slice(64)) && name !== "") {
            const bare = name.replace(CONTRACT_PREFIX, "");
            const subject = CONTRACT_VALUES.includes(bare) ? bare : name;
            entries.push({ sha256: line.slice(0, 64).toLowerCase(), name, subject });
        } else if (i === 0 && /^\d+(\.\d+)+\s*$/.test(line)) {
            version = line.trim();
        } else {
            const colon = line.indexOf(":");
            header.push(
                colon > 0
                    ? { key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() }
                    : { value: line.trim() },
            );
        }
    }
    if (entries.length === 0) {
        throw new InputError("records", "hold no <sha256> <name> line; are they still encrypted?");
    }
    return { bytes, ...(version ? { version } : {}), header, entries };
}

/**
 * Reads records, decrypting them first when they are a token (`se-checksums.txt.enc`).
 *
 * @param privateKey The attestation private key (PEM), needed for encrypted records. Secret.
 * @param password Its password, when it is encrypted. Secret.
 * @throws InputError when encrypted records come without a key, or do not decrypt with it.
 */
export async function readAttestationRecords(
    records: string | Buffer,
    privateKey?: string,
    password?: string,
): Promise<AttestationRecords> {
    const text = typeof records === "string" ? records : records.toString("utf8");
    if (!isToken(text)) return parseAttestationRecords(records);
    if (privateKey === undefined) {
        throw new InputError("privateKey", "is required: the records are encrypted");
    }
    const key = readPrivateKey(privateKey, password, "privateKey");
    return parseAttestationRecords(await decryptToken(text, key, "records"));
}

/**
 * Whether `signature` (the bytes of `se-signature.bin`, or base64 of them as Terraform's
 * attestation data source takes it) signs the records under the attestation certificate's
 * key: RSA PKCS#1 v1.5 with SHA-256 over the decrypted bytes.
 *
 * @throws InputError when the certificate is unreadable or holds no RSA key.
 */
export function recordsSignatureVerifies(
    records: Buffer,
    signature: Buffer | string,
    attestationCertificate: string | Buffer,
): boolean {
    const cert = readCertificate(attestationCertificate, "attestationCertificate");
    const key = cert.x509.publicKey;
    if (key.asymmetricKeyType !== "rsa") {
        throw new InputError("attestationCertificate", "holds no RSA key");
    }
    const bytes = signatureBytes(signature, key.asymmetricKeyDetails?.modulusLength ?? 0);
    try {
        return crypto.verify(
            "sha256",
            records,
            { key, padding: crypto.constants.RSA_PKCS1_PADDING },
            bytes,
        );
    } catch {
        return false;
    }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The raw signature: the bytes as given, unless they are base64 text that decodes to exactly
 * the key's size (a raw RSA signature is as long as the modulus and is never all base64).
 */
function signatureBytes(signature: Buffer | string, modulusBits: number): Buffer {
    const text = typeof signature === "string" ? signature : signature.toString("latin1");
    const compact = text.replace(/\s+/g, "");
    if (BASE64.test(compact)) {
        const decoded = Buffer.from(compact, "base64");
        if (typeof signature === "string" || decoded.length * 8 === modulusBits) return decoded;
    }
    return typeof signature === "string" ? Buffer.from(signature, "latin1") : signature;
}
