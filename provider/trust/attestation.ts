/**
 * Attestation records: what an enclave measured at boot (`se-checksums.txt`, encrypted for
 * the contract's attestation key as `se-checksums.txt.enc`), the signature over them
 * (`se-signature.bin`), and how they compare with what was deployed.
 */
import * as crypto from "node:crypto";
import { readUserData } from "../contract/user-data";
import { readPrivateKey } from "../crypto/keys";
import { decryptToken, isToken, sha256Hex } from "../crypto/token";
import { InputError } from "../errors";
import { validateChain, type ChainInput, type ChainVerdict } from "./chain";
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

const ENTRY = /^([0-9a-fA-F]{64})\s+(.+?)\s*$/;
const CONTRACT_PREFIX = /^contract\s*:\s*/;
const CONTRACT_VALUES = ["workload", "env", "attestationPublicKey", "envWorkloadSignature"];

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
        const m = ENTRY.exec(line);
        if (m) {
            const name = m[2].trim();
            const bare = name.replace(CONTRACT_PREFIX, "");
            const subject = CONTRACT_VALUES.includes(bare) ? bare : name;
            entries.push({ sha256: m[1].toLowerCase(), name, subject });
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
 * Whether `signature` (the bytes of `se-signature.bin`) signs the records under the
 * attestation certificate's key: RSA PKCS#1 v1.5 with SHA-256 over the decrypted bytes.
 *
 * @throws InputError when the certificate is unreadable or holds no RSA key.
 */
export function recordsSignatureVerifies(
    records: Buffer,
    signature: Buffer,
    attestationCertificate: string | Buffer,
): boolean {
    const cert = readCertificate(attestationCertificate, "attestationCertificate");
    const key = cert.x509.publicKey;
    if (key.asymmetricKeyType !== "rsa") {
        throw new InputError("attestationCertificate", "holds no RSA key");
    }
    try {
        return crypto.verify(
            "sha256",
            records,
            { key, padding: crypto.constants.RSA_PKCS1_PADDING },
            signature,
        );
    } catch {
        return false;
    }
}

/** How a record line compares with what was deployed. */
export type RecordVerdict = "matching" | "differing" | "unknown";

/** The comparison of one record line. */
export interface RecordComparison extends AttestationEntry {
    readonly verdict: RecordVerdict;
    /** The hash of what was deployed, when known. */
    readonly expected?: string;
    /** One sentence on the verdict. */
    readonly reason: string;
}

/** The input of {@link verifyAttestation}. */
export interface AttestationInput {
    /** The decrypted records (`se-checksums.txt`). */
    readonly records?: string | Buffer;
    /** The encrypted records (`se-checksums.txt.enc`), with `privateKey`. */
    readonly encryptedRecords?: string;
    /** The attestation private key (PEM). Secret. */
    readonly privateKey?: string;
    /** Its password. Secret. */
    readonly password?: string;
    /** The bytes of `se-signature.bin`; needs `attestationCertificate`. */
    readonly signature?: Buffer;
    /** The image's attestation certificate (PEM). */
    readonly attestationCertificate?: string;
    /** The attestation certificate's chain; needs `attestationCertificate`. */
    readonly chain?: Omit<ChainInput, "certificate" | "now">;
    /** The user data deployed (the contract as given to the instance). */
    readonly userData: string | Buffer;
    /** Further hashes to compare by record name, e.g. IBM's published `baseimage` value. */
    readonly expected?: Readonly<Record<string, string>>;
    /** The day to judge certificates. Default: now. */
    readonly now?: Date;
}

/** The verdict on attestation records. */
export interface AttestationVerdict {
    readonly records: AttestationRecords;
    /** The signature check, when a signature was given. */
    readonly signature?: { readonly verified: boolean; readonly reason: string };
    /** The chain check, when a chain was given. */
    readonly chain?: ChainVerdict;
    /** Every record line, compared. */
    readonly comparisons: readonly RecordComparison[];
    /** No line differs, and the signature and chain, where given, hold. */
    readonly ok: boolean;
}

/**
 * Verifies attestation records: decrypts them when needed, checks their signature and the
 * attestation certificate's chain where given, and compares each line with the deployment:
 * `cidata/user-data` with the SHA-256 of the user data bytes, and each contract value with the
 * SHA-256 of the value as written in the user data (the token text). Lines the enclave
 * measured on its own (base image, disks) are `unknown` unless `expected` names them.
 *
 * @throws InputError when inputs are missing or unusable (records that do not decrypt, a
 *   signature without a certificate); a failed check is a verdict, not an error.
 */
export async function verifyAttestation(input: AttestationInput): Promise<AttestationVerdict> {
    const given = input.records ?? input.encryptedRecords;
    if (given === undefined) throw new InputError("records", "are required");
    const records = await readAttestationRecords(given, input.privateKey, input.password);
    if ((input.signature || input.chain) && !input.attestationCertificate) {
        throw new InputError("attestationCertificate", "is required to check a signature or chain");
    }
    let signature: AttestationVerdict["signature"];
    if (input.signature) {
        const verified = recordsSignatureVerifies(
            records.bytes,
            input.signature,
            input.attestationCertificate!,
        );
        signature = verified
            ? { verified, reason: "verifies with the attestation certificate's key" }
            : {
                  verified,
                  reason: "does not verify with the attestation certificate's key: the records or the signature were altered, or they come from another image",
              };
    }
    const chain = input.chain
        ? validateChain({
              ...input.chain,
              certificate: input.attestationCertificate!,
              now: input.now,
          })
        : undefined;
    const comparisons = compareRecords(records, input.userData, input.expected ?? {});
    const ok =
        comparisons.every((c) => c.verdict !== "differing") &&
        (signature?.verified ?? true) &&
        (chain?.valid ?? true);
    return { records, signature, chain, comparisons, ok };
}

function compareRecords(
    records: AttestationRecords,
    userData: string | Buffer,
    expected: Readonly<Record<string, string>>,
): RecordComparison[] {
    const text = typeof userData === "string" ? userData : userData.toString("utf8");
    const values = readUserData(text).values;
    return records.entries.map((entry): RecordComparison => {
        let want: string | undefined;
        let what: string;
        if (expected[entry.name] !== undefined || expected[entry.subject] !== undefined) {
            want = (expected[entry.name] ?? expected[entry.subject]).toLowerCase();
            what = "the expected hash";
        } else if (entry.subject === "cidata/user-data") {
            want = sha256Hex(userData);
            what = "the SHA-256 of the user data";
        } else if (CONTRACT_VALUES.includes(entry.subject)) {
            const value = values?.[entry.subject];
            if (values === undefined) {
                return {
                    ...entry,
                    verdict: "unknown",
                    reason: "the user data is not a readable contract",
                };
            }
            if (value === undefined) {
                return {
                    ...entry,
                    verdict: "differing",
                    reason: `the user data has no ${entry.subject}`,
                };
            }
            if (typeof value !== "string") {
                return {
                    ...entry,
                    verdict: "unknown",
                    reason: `${entry.subject} is a plain mapping in the user data; which bytes the enclave hashed is not known`,
                };
            }
            want = sha256Hex(value);
            what = `the SHA-256 of ${entry.subject} as written in the user data`;
        } else {
            return {
                ...entry,
                verdict: "unknown",
                reason: "measured inside the enclave; give its expected hash to compare it",
            };
        }
        return entry.sha256 === want
            ? { ...entry, verdict: "matching", expected: want, reason: `equals ${what}` }
            : { ...entry, verdict: "differing", expected: want, reason: `differs from ${what}` };
    });
}
