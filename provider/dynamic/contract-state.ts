/**
 * The inputs and state of the `Contract` dynamic resource, and which parts of a contract each
 * input feeds: the key to re-encrypting only what changed.
 */
import type { Platform } from "../platform";
import type { ContractExpiryInputs } from "./contract-expiry";

/** The resource's inputs, as the provider receives them (resolved, plain). */
export interface ContractInputs {
    /** The resource's name, for log lines (the provider host is not told it). */
    readonly resourceName: string;
    /** The package version that wrote the resource; a change rewrites the provider in state. */
    readonly providerVersion: string;
    readonly platform?: Platform;
    readonly workload: unknown;
    readonly env: unknown;
    readonly encryptionCertificate: string;
    readonly signingKey?: string;
    readonly signingKeyPassword?: string;
    readonly attestationPublicKey?: string;
    /** Any value; changing it encrypts and signs everything anew. */
    readonly rotate?: string | number;
    /** Contract expiry: the signing key gets a certificate from the user's CA. */
    readonly expiry?: ContractExpiryInputs;
}

/** What the resource keeps in state. Secrets: `userData`, `fingerprintKey`, `plaintextSha256`. */
export interface ContractState {
    readonly providerVersion: string;
    readonly platform: Platform;
    /** The contract for the instance. Secret. */
    readonly userData: string;
    /** The key of {@link ContractState.fingerprints}. Secret. */
    readonly fingerprintKey: string;
    /** Keyed fingerprints of the inputs, by input. */
    readonly fingerprints: Readonly<Record<FingerprintedInput, string>>;
    readonly userDataSha256: string;
    readonly workloadSha256: string;
    readonly envSha256: string;
    readonly attestationPublicKeySha256: string | null;
    readonly encryptionCertificateFingerprint: string;
    readonly encryptionCertificateNotAfter: string | null;
    readonly signingKeyFingerprint: string;
    readonly signingKeyGenerated: boolean;
    readonly size: number;
    readonly sizeLimit: number | null;
    /** The warnings of validation, one line each. */
    readonly warnings: readonly string[];
    /** The review of the contract (no secret in it). */
    readonly review: Readonly<Record<string, unknown>>;
    /** The contract's expiry (ISO 8601): its signing certificate's end; null without expiry. */
    readonly expiresAt?: string | null;
    /** The signing certificate (PEM) in `env.signingKey`; null without expiry. */
    readonly signingCertificate?: string | null;
    /** Hex SHA-256 of each section's plaintext, for attestation. Secret. */
    readonly plaintextSha256?: Readonly<Record<string, string>>;
}

/** The inputs that are fingerprinted. */
export const FINGERPRINTED = [
    "platform",
    "workload",
    "env",
    "encryptionCertificate",
    "signingKey",
    "signingKeyPassword",
    "attestationPublicKey",
    "rotate",
    "expiry",
] as const;

/** One of {@link FINGERPRINTED}. */
export type FingerprintedInput = (typeof FINGERPRINTED)[number];

/** The inputs each encrypted part of the contract depends on. */
export const PART_INPUTS: Readonly<
    Record<"workload" | "env" | "attestationPublicKey", readonly FingerprintedInput[]>
> = {
    workload: ["workload", "encryptionCertificate", "platform", "rotate"],
    env: [
        "env",
        "encryptionCertificate",
        "platform",
        "rotate",
        "signingKey",
        "signingKeyPassword",
        "expiry",
    ],
    attestationPublicKey: ["attestationPublicKey", "encryptionCertificate", "platform", "rotate"],
};
