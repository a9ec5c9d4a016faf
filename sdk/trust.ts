/**
 * Functions returning Outputs for the trust around a contract: the encryption certificate of an
 * image version, the Hyper Protect image to boot, and the verdict on attestation records. Each
 * is a thin shell over a function of `provider/trust`, run once its inputs are known.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    encryptionCertificateFor,
    type EncryptionCertificateChoice,
} from "../provider/trust/encryption-certificate";
import { selectImage, type HyperProtectImage } from "../provider/trust/images";
import {
    verifyAttestation,
    type AttestationInput,
    type PlaintextHashes,
    type RecordVerdict,
} from "../provider/trust/attestation-verdict";
import type { Contract } from "./contract";

/** The inputs of {@link getEncryptionCertificate}. */
export interface EncryptionCertificateArgs {
    /**
     * The image version (`1.0.29`, e.g. a {@link getHyperProtectImage} result's `version`) or a
     * range (`>=1.0.28`, `~1.0`, `1.0.x`): the highest version in it is chosen.
     */
    readonly version: pulumi.Input<string>;
    /**
     * Certificates by version to choose from instead of downloading: PEM texts, or the entries
     * of `hpcr-contract download-certificate` output. Default: download.
     */
    readonly certificates?: pulumi.Input<Record<string, pulumi.Input<string | { cert: string }>>>;
    /**
     * The download URL template, with `{{.Major}}`, `{{.Minor}}`, `{{.Patch}}` (IBM's style) or
     * `{version}`. Default: IBM's location of the HPVS for VPC certificates.
     */
    readonly template?: pulumi.Input<string>;
    /**
     * The download cache folder, or `false` for none. Default: `$HPCR_CERT_CACHE`, else
     * `~/.cache/pulumi-hyper-protect/certificates`.
     */
    readonly cacheDir?: pulumi.Input<string | false>;
    /**
     * The chain to validate the certificate against: IBM's intermediate then DigiCert's, the
     * root (trusted as given), and revocation lists (PEM) of its issuers. A chain that fails
     * fails the Output. Default: no chain check.
     */
    readonly chain?: pulumi.Input<{
        readonly intermediates: readonly string[];
        readonly root: string;
        readonly crls?: readonly string[];
    }>;
}

/** The encryption certificate chosen, with its status. */
export type EncryptionCertificateResult = EncryptionCertificateChoice;

/**
 * The encryption certificate of an image version or the highest version in a range, chosen from
 * certificates given or downloaded (through the cache), with its status (`valid`, `expiring`
 * within 180 days, `expired`) and days left. A certificate that is expiring or expired is
 * logged as a warning; a `Contract` refuses an expired one.
 *
 * @example
 * const image = getHyperProtectImage({ images: vpcImages, version: "^1.0.28" });
 * const cert = getEncryptionCertificate({ version: image.version });
 * new Contract("web", { ..., encryptionCertificate: cert.certificate });
 */
export function getEncryptionCertificate(
    args: EncryptionCertificateArgs,
    opts: { readonly parent?: pulumi.Resource } = {},
): pulumi.Output<EncryptionCertificateResult> {
    return pulumi
        .all([args.version, args.certificates, args.template, args.cacheDir, args.chain])
        .apply(async ([version, certificates, template, cacheDir, chain]) => {
            const chosen = await encryptionCertificateFor(version, {
                certificates: certificates as Record<string, string | { cert: string }>,
                template,
                cacheDir,
                chain,
            });
            if (chosen.status !== "valid") {
                const when =
                    chosen.status === "expired"
                        ? `expired on ${chosen.notAfter.slice(0, 10)}`
                        : `expires on ${chosen.notAfter.slice(0, 10)}, in ${chosen.daysLeft} days`;
                void pulumi.log.warn(
                    `encryption certificate ${chosen.version} ${when}; use a newer image version`,
                    opts.parent,
                );
            }
            return chosen;
        });
}

/** The inputs of {@link getHyperProtectImage}. */
export interface HyperProtectImageArgs {
    /**
     * The image list: the `images` of `ibm.getIsImagesOutput()`, `ibmcloud is images --json`,
     * or the VPC API's answer (or its `images` array); JSON text is read too.
     */
    readonly images: pulumi.Input<unknown>;
    /** A version or range (`1.0.22`, `>=1.0.21`, `~1.0`). Default: any. */
    readonly version?: pulumi.Input<string>;
}

/**
 * The newest Hyper Protect Container Runtime image (public, available, s390x) in a version
 * range, with its id, name, checksum and version.
 */
export function getHyperProtectImage(
    args: HyperProtectImageArgs,
): pulumi.Output<HyperProtectImage> {
    return pulumi
        .all([args.images, args.version])
        .apply(([images, version]) => selectImage(images, version ?? "*"));
}

/** The inputs of {@link verifyAttestationRecords}. */
export interface AttestationArgs {
    /** The records: `se-checksums.txt`, or `se-checksums.txt.enc` with `privateKey`. */
    readonly records: pulumi.Input<string>;
    /** The attestation private key (PEM), for encrypted records. Keep it a secret. */
    readonly privateKey?: pulumi.Input<string>;
    /** The private key's password. */
    readonly password?: pulumi.Input<string>;
    /** `se-signature.bin`, base64-encoded; needs `attestationCertificate`. */
    readonly signature?: pulumi.Input<string>;
    /** The image's attestation certificate (PEM). */
    readonly attestationCertificate?: pulumi.Input<string>;
    /**
     * The attestation certificate's chain, to validate: IBM's intermediate then DigiCert's, the
     * root (trusted as given), and revocation lists (PEM) of its issuers.
     */
    readonly attestationChain?: pulumi.Input<{
        readonly intermediates: readonly string[];
        readonly root: string;
        readonly crls?: readonly string[];
    }>;
    /**
     * The deployed contract: its user data and plaintext hashes are compared with the records.
     * Give this or `userData`.
     */
    readonly contract?: Contract;
    /** The user data deployed, when the contract is not a resource of this program. */
    readonly userData?: pulumi.Input<string>;
    /** The sections' plaintext hashes, with `userData` (a `Contract`'s `plaintextSha256`). */
    readonly plaintextSha256?: pulumi.Input<PlaintextHashes>;
    /** Further hashes by record name, e.g. IBM's published `baseimage` value. */
    readonly expected?: pulumi.Input<Record<string, string>>;
    /**
     * Fail (reject the Output with one error naming every problem) when a line differs or the
     * signature does not verify, rather than return the verdict. Default: false.
     */
    readonly requireMatch?: boolean;
}

/** One record line and its verdict. */
export interface AttestationLine {
    /** The name as written (`cidata/user-data`, `contract:env`). */
    readonly name: string;
    /** What it measures (`workload`, `env`, … or the name). */
    readonly subject: string;
    /** The record's hash. */
    readonly sha256: string;
    readonly verdict: RecordVerdict;
    /** The hash of what was deployed, when known. */
    readonly expected?: string;
    readonly reason: string;
}

/** The verdict on attestation records, as plain data. */
export interface AttestationResult {
    /** No line differs, and the signature and chain, where given, hold. */
    readonly ok: boolean;
    /** The image version on the records' first line. */
    readonly version?: string;
    /** Whether the signature verifies, when one was given. */
    readonly signatureVerified?: boolean;
    /** The chain's verdict, when one was given: `valid`, or the stage and reason it failed. */
    readonly chain?: string;
    readonly lines: readonly AttestationLine[];
}

/**
 * Compares attestation records with a deployed contract, line by line: `matching`,
 * `differing`, or `unknown` (measured inside the enclave, or not known here). The result is a
 * secret when any input is (the contract's user data is).
 *
 * @throws (through the Output) when the records do not decrypt, a signature comes without a
 *   certificate, or, with `requireMatch`, when anything differs.
 */
export function verifyAttestationRecords(args: AttestationArgs): pulumi.Output<AttestationResult> {
    const userData = args.contract?.userData ?? args.userData;
    if (userData === undefined) {
        throw new Error("verifyAttestationRecords: give contract or userData");
    }
    const plaintext = args.contract?.plaintextSha256 ?? args.plaintextSha256;
    return pulumi
        .all({
            records: args.records,
            privateKey: args.privateKey,
            password: args.password,
            signature: args.signature,
            attestationCertificate: args.attestationCertificate,
            userData,
            plaintextSha256: plaintext,
            expected: args.expected,
            chain: args.attestationChain,
        })
        .apply(async (given) => {
            const verdict = await verifyAttestation({
                ...(given as Omit<AttestationInput, "userData">),
                userData: given.userData as string,
            });
            const result: AttestationResult = {
                ok: verdict.ok,
                ...(verdict.records.version ? { version: verdict.records.version } : {}),
                ...(verdict.signature ? { signatureVerified: verdict.signature.verified } : {}),
                ...(verdict.chain
                    ? {
                          chain: verdict.chain.valid
                              ? "valid"
                              : `invalid at the ${verdict.chain.stage} stage: ${verdict.chain.subject}: ${verdict.chain.reason}`,
                      }
                    : {}),
                lines: verdict.comparisons.map((c) => ({
                    name: c.name,
                    subject: c.subject,
                    sha256: c.sha256,
                    verdict: c.verdict,
                    ...(c.expected !== undefined ? { expected: c.expected } : {}),
                    reason: c.reason,
                })),
            };
            if (args.requireMatch && !result.ok) {
                const problems = [
                    ...(verdict.signature && !verdict.signature.verified
                        ? [`signature ${verdict.signature.reason}`]
                        : []),
                    ...(verdict.chain && !verdict.chain.valid ? [`chain ${result.chain}`] : []),
                    ...verdict.comparisons
                        .filter((c) => c.verdict === "differing")
                        .map((c) => `${c.name} ${c.reason}`),
                ];
                throw new Error(`attestation records do not match: ${problems.join("; ")}`);
            }
            return result;
        });
}
