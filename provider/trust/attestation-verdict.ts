/**
 * The verdict on attestation records: their signature and certificate chain where given, and
 * each line compared with what was deployed.
 *
 * What an enclave hashes for a contract value is its plaintext: IBM's own records show it. The
 * HPCR 24.3.3 record's `attestationPublicKey` line is the SHA-256 of the PEM public key with its
 * final newline, and terraform-provider-hpcr's encrypted record's is the SHA-256 of the same
 * PEM without it (the text contract-go encrypts, trimmed); neither is the hash of a token. So an
 * encrypted `workload` or `env` is compared with the hash of the plaintext that was encrypted,
 * which only the contract's builder knows (`BuiltContract.plaintextSha256`, the `Contract`
 * resource's `plaintextSha256`). A line equal to the hash of the value as written in the user
 * data matches too, since no other text has that hash.
 */
import * as crypto from "node:crypto";
import { readUserData } from "../contract/user-data";
import { readPrivateKey } from "../crypto/keys";
import { isToken, sha256Hex } from "../crypto/token";
import { InputError } from "../errors";
import {
    CONTRACT_VALUES,
    readAttestationRecords,
    recordsSignatureVerifies,
    type AttestationEntry,
    type AttestationRecords,
} from "./attestation";
import { validateChain, type ChainInput, type ChainVerdict } from "./chain";

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

/** Hex SHA-256 of the contract values' plaintexts, as a contract's builder knows them. */
export interface PlaintextHashes {
    readonly workload?: string;
    readonly env?: string;
    readonly attestationPublicKey?: string;
}

/** The input of {@link verifyAttestation}. */
export interface AttestationInput {
    /** The decrypted records (`se-checksums.txt`). */
    readonly records?: string | Buffer;
    /** The encrypted records (`se-checksums.txt.enc`), with `privateKey`. */
    readonly encryptedRecords?: string;
    /**
     * The attestation private key (PEM). Secret. It decrypts encrypted records, and its public
     * half is compared with the `attestationPublicKey` line.
     */
    readonly privateKey?: string;
    /** Its password. Secret. */
    readonly password?: string;
    /** The bytes of `se-signature.bin` (or base64 of them); needs `attestationCertificate`. */
    readonly signature?: Buffer | string;
    /** The image's attestation certificate (PEM). */
    readonly attestationCertificate?: string;
    /** The attestation certificate's chain; needs `attestationCertificate`. */
    readonly chain?: Omit<ChainInput, "certificate" | "now">;
    /** The user data deployed (the contract as given to the instance). */
    readonly userData: string | Buffer;
    /** The plaintext hashes of the contract's sections, from its build. */
    readonly plaintextSha256?: PlaintextHashes;
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
 * `cidata/user-data` with the SHA-256 of the user data bytes, each contract value with the
 * SHA-256 of its plaintext (or of the value as written). Lines the enclave measured on its own
 * (base image, disks) are `unknown` unless `expected` names them; so is an encrypted section
 * whose plaintext hash was not given.
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
    const comparisons = compareRecords(records, input);
    const ok =
        comparisons.every((c) => c.verdict !== "differing") &&
        (signature?.verified ?? true) &&
        (chain?.valid ?? true);
    return { records, signature, chain, comparisons, ok };
}

/** A hash a record line may equal, and what it is the hash of. */
interface Candidate {
    readonly sha256: string;
    readonly what: string;
    /** Whether it is the plaintext's hash, which is what the enclave measures. */
    readonly plaintext: boolean;
}

function compareRecords(records: AttestationRecords, input: AttestationInput): RecordComparison[] {
    const userData = input.userData;
    const values = readUserData(
        typeof userData === "string" ? userData : userData.toString("utf8"),
    ).values;
    const expected = input.expected ?? {};
    const ownKey = input.privateKey ? attestationKeyTexts(input.privateKey, input.password) : [];
    return records.entries.map((entry): RecordComparison => {
        // Own keys only: a record named `toString` must not find Object.prototype's.
        const given = [entry.name, entry.subject].find((k) => Object.hasOwn(expected, k));
        if (given !== undefined) {
            return judge(entry, [
                {
                    sha256: String(expected[given]).toLowerCase(),
                    what: "the expected hash",
                    plaintext: true,
                },
            ]);
        }
        if (entry.subject === "cidata/user-data") {
            return judge(entry, [
                {
                    sha256: sha256Hex(userData),
                    what: "the SHA-256 of the user data",
                    plaintext: true,
                },
            ]);
        }
        if (!CONTRACT_VALUES.includes(entry.subject)) {
            return {
                ...entry,
                verdict: "unknown",
                reason: "measured inside the enclave; give its expected hash to compare it",
            };
        }
        if (values === undefined) {
            return {
                ...entry,
                verdict: "unknown",
                reason: "the user data is not a readable contract",
            };
        }
        const value = values[entry.subject];
        if (value === undefined) {
            return {
                ...entry,
                verdict: "differing",
                reason: `the user data has no ${entry.subject}`,
            };
        }
        const candidates = contractCandidates(entry.subject, value, input, ownKey);
        if (
            !candidates.some((c) => c.plaintext) &&
            !candidates.some((c) => c.sha256 === entry.sha256)
        ) {
            return {
                ...entry,
                verdict: "unknown",
                reason:
                    typeof value === "string"
                        ? `the enclave measures ${entry.subject} after decrypting it; give the plaintext hash from the contract's build to compare it`
                        : `${entry.subject} is a plain mapping in the user data; which bytes the enclave hashed is not known`,
            };
        }
        return judge(entry, candidates);
    });
}

function contractCandidates(
    subject: string,
    value: unknown,
    input: AttestationInput,
    ownKey: readonly string[],
): Candidate[] {
    const candidates: Candidate[] = [];
    const plain = input.plaintextSha256?.[subject as keyof PlaintextHashes];
    if (plain !== undefined) {
        candidates.push({
            sha256: plain.toLowerCase(),
            what: `the SHA-256 of ${subject}'s plaintext`,
            plaintext: true,
        });
    }
    if (typeof value === "string") {
        const token = isToken(value);
        candidates.push({
            sha256: sha256Hex(value),
            what: token
                ? `the SHA-256 of ${subject}'s token as written in the user data`
                : `the SHA-256 of ${subject} as written in the user data`,
            plaintext: !token,
        });
    }
    if (subject === "attestationPublicKey") {
        for (const text of ownKey) {
            candidates.push({
                sha256: sha256Hex(text),
                what: "the SHA-256 of the attestation private key's public half (PEM)",
                plaintext: true,
            });
        }
    }
    return candidates;
}

function judge(entry: AttestationEntry, candidates: readonly Candidate[]): RecordComparison {
    const hit = candidates.find((c) => c.sha256 === entry.sha256);
    if (hit)
        return {
            ...entry,
            verdict: "matching",
            expected: hit.sha256,
            reason: `equals ${hit.what}`,
        };
    const best = candidates.find((c) => c.plaintext) ?? candidates[0];
    return {
        ...entry,
        verdict: "differing",
        expected: best.sha256,
        reason: `differs from ${best.what}`,
    };
}

/**
 * The PEM texts of the private key's public half that a contract may have carried as
 * `attestationPublicKey`: with the final newline, and without it (contract-go trims a section
 * before it encrypts it).
 */
function attestationKeyTexts(privateKey: string, password?: string): string[] {
    const key = readPrivateKey(privateKey, password, "privateKey");
    const pem = crypto.createPublicKey(key).export({ type: "spki", format: "pem" }).toString();
    return [pem, pem.trimEnd()];
}
