/**
 * Measuring a contract against its platform's user-data limit before it is built.
 */
import { platformInfo, type Platform } from "../platform";
import { finding, type Finding } from "../findings";
import { envPlaintext, workloadPlaintext } from "./plaintext";
import type { Section } from "./section";
import { signatureLength, spkiPemLength, tokenLength, userDataLength } from "./size";

/** The size of a contract against its platform's limit. */
export interface SizeReport {
    /** The user data's length in bytes. */
    readonly bytes: number;
    /** The platform's limit, when it has one. */
    readonly limit?: number;
    /** Whether the length is exact (key sizes known) or assumes 4096-bit keys. */
    readonly exact: boolean;
    /** A `SIZE_LIMIT` finding when over (error) or close to (warning) the limit. */
    readonly findings: Finding[];
}

/** What {@link predictSize} needs. */
export interface SizeInput {
    readonly platform: Platform;
    readonly workload: Section;
    readonly env: Section;
    readonly attestationPublicKey?: string;
    /** The encryption key's modulus size. Default: 4096, as every IBM certificate has. */
    readonly encryptionBits?: number;
    /** The signing key's modulus size. Default: 4096. */
    readonly signingKeyBits?: number;
    /** The length of the `signingKey` value for env, when it is not a bare public key. */
    readonly signingKeyValueLength?: number;
    /** The `signingKey` value for env, when known (it wins over the length). */
    readonly signingKeyValue?: string;
}

const DEFAULT_BITS = 4096;
// Close enough to the limit to deserve a word at review.
const WARN_RATIO = 0.9;

/** The exact length of the contract that building these sections will produce. */
export function predictSize(input: SizeInput): SizeReport {
    const info = platformInfo(input.platform);
    const prefix = info.tokenPrefix;
    const encBits = input.encryptionBits ?? DEFAULT_BITS;
    const sigBits = input.signingKeyBits ?? DEFAULT_BITS;
    const workload =
        input.workload.kind === "encrypted"
            ? input.workload.token.length
            : tokenLength(prefix, Buffer.byteLength(workloadPlaintext(input.workload)), encBits);
    let env: number;
    if (input.env.kind === "encrypted") {
        env = input.env.token.length;
    } else {
        const keyLength = input.signingKeyValueLength ?? 4 * Math.ceil(spkiPemLength(sigBits) / 3);
        const value = input.signingKeyValue ?? "A".repeat(keyLength);
        env = tokenLength(prefix, Buffer.byteLength(envPlaintext(input.env, value)), encBits);
    }
    const attestation = input.attestationPublicKey;
    const attestationPublicKey =
        attestation === undefined || attestation === ""
            ? undefined
            : /^[a-z-]+\.[^.]+\.[^.]+$/.test(attestation.trim())
              ? attestation.trim().length
              : tokenLength(prefix, Buffer.byteLength(attestation), encBits);
    const bytes = userDataLength({
        attestationPublicKey,
        env,
        envWorkloadSignature: signatureLength(sigBits),
        workload,
    });
    const exact =
        input.encryptionBits !== undefined &&
        (input.signingKeyBits !== undefined ||
            input.signingKeyValueLength !== undefined ||
            input.signingKeyValue !== undefined);
    const findings: Finding[] = [];
    const limit = info.userDataLimit;
    if (limit !== undefined) {
        const about = exact ? "" : "about ";
        if (bytes > limit) {
            findings.push(
                finding(
                    "SIZE_LIMIT",
                    "error",
                    "workload",
                    `makes the encrypted contract ${about}${bytes} bytes, over the ${limit}-byte user-data limit of ${info.title}; shrink the archive (once encrypted, it costs about 1.8 times its gzip size)`,
                ),
            );
        } else if (bytes > limit * WARN_RATIO) {
            findings.push(
                finding(
                    "SIZE_LIMIT",
                    "warning",
                    "workload",
                    `makes the encrypted contract ${about}${bytes} bytes, within ${limit - bytes} bytes of the ${limit}-byte user-data limit of ${info.title}`,
                ),
            );
        }
    }
    return { bytes, limit, exact, findings };
}
