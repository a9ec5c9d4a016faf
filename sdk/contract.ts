/**
 * `Contract`: the signed, encrypted contract of an enclave, validated at preview and built at
 * deploy, whose `userData` goes to an instance.
 */
import * as pulumi from "@pulumi/pulumi";
import { contractProvider } from "../provider/dynamic/providers";
import type { Platform } from "../provider/platform";
import type { SealedWorkload as SealedWorkloadValue } from "../provider/contract/sealed";
import type { Env, Workload } from "../provider/schema";
import { PACKAGE_VERSION, secretInput, type DeepInput } from "./inputs";
import { SealedWorkload } from "./sealed-workload";
import { expiryInput, type ContractExpiryArgs } from "./contract-expiry";

/** The inputs of a {@link Contract}. */
export interface ContractArgs {
    /** The platform the contract is for. Default: `hpvs`. */
    readonly platform?: pulumi.Input<Platform>;
    /**
     * The workload section: a typed mapping, a YAML string, or a sealed workload (a
     * {@link SealedWorkload} resource, or its `sealed` value from another stack or a file).
     */
    readonly workload:
        | DeepInput<Workload>
        | pulumi.Input<string>
        | pulumi.Input<SealedWorkloadValue>
        | SealedWorkload;
    /** The env section: a typed mapping or a YAML string. */
    readonly env: DeepInput<Env> | pulumi.Input<string>;
    /** The enclave image's encryption certificate (PEM), or a bare RSA public key. */
    readonly encryptionCertificate: pulumi.Input<string>;
    /** The RSA private key that signs the contract (PEM). Default: a fresh key per build. */
    readonly signingKey?: pulumi.Input<string>;
    /** The password of an encrypted `signingKey`. */
    readonly signingKeyPassword?: pulumi.Input<string>;
    /** An RSA public key the enclave encrypts its attestation record for. */
    readonly attestationPublicKey?: pulumi.Input<string>;
    /** Any value; changing it encrypts and signs everything anew (new passwords, new tokens). */
    readonly rotate?: pulumi.Input<string | number>;
    /** Contract expiry: a signing certificate from your CA, renewed before it ends. */
    readonly expiry?: ContractExpiryArgs;
}

/**
 * A contract for an IBM Hyper Protect or Confidential Computing enclave.
 *
 * At `pulumi preview` every rule of the package runs on the inputs (the schema of the
 * platform, the dynamic-registry rules, archives, seeds, logging, size); errors stop the
 * preview with the path in the contract and the enclave's own error code, warnings go to the
 * log. At `pulumi up` the sections are encrypted for the certificate and signed. A second
 * `pulumi up` with the same inputs changes nothing; a change re-encrypts only the sections it
 * touches.
 *
 * `userData` and the sections are Pulumi secrets; the other outputs reveal nothing.
 */
export class Contract extends pulumi.dynamic.Resource {
    /** The contract to hand to an instance as user data. Secret. */
    declare public readonly userData: pulumi.Output<string>;
    /** The platform. */
    declare public readonly platform: pulumi.Output<Platform>;
    /** Hex SHA-256 of the user data, as an attestation record shows `cidata/user-data`. */
    declare public readonly userDataSha256: pulumi.Output<string>;
    /** Hex SHA-256 of the workload token, as attestation records show the workload. */
    declare public readonly workloadSha256: pulumi.Output<string>;
    /** Hex SHA-256 of the env token. */
    declare public readonly envSha256: pulumi.Output<string>;
    /** Hex SHA-256 of the attestation key token, when there is one. */
    declare public readonly attestationPublicKeySha256: pulumi.Output<string | null>;
    /** Hex SHA-256 of the encryption certificate's DER. */
    declare public readonly encryptionCertificateFingerprint: pulumi.Output<string>;
    /** The encryption certificate's end of validity (ISO 8601). */
    declare public readonly encryptionCertificateNotAfter: pulumi.Output<string | null>;
    /** Hex SHA-256 of the signing key's public SPKI DER. */
    declare public readonly signingKeyFingerprint: pulumi.Output<string>;
    /** Whether the signing key was generated for this build. */
    declare public readonly signingKeyGenerated: pulumi.Output<boolean>;
    /** The contract's size in bytes. */
    declare public readonly size: pulumi.Output<number>;
    /** The platform's user-data limit in bytes, or null where none applies. */
    declare public readonly sizeLimit: pulumi.Output<number | null>;
    /** The warnings of validation. */
    declare public readonly warnings: pulumi.Output<string[]>;
    /** What a reviewer needs to see: overlay, images, volumes, logging, keys (no secret). */
    declare public readonly review: pulumi.Output<Record<string, unknown>>;
    /** When the enclave stops accepting the contract (ISO 8601), or null without `expiry`. */
    declare public readonly expiresAt: pulumi.Output<string | null>;
    /** The signing certificate (PEM) in `env.signingKey`, or null without `expiry`. */
    declare public readonly signingCertificate: pulumi.Output<string | null>;
    /**
     * Hex SHA-256 of each section's plaintext (`workload`, `env`, `attestationPublicKey`, where
     * given in clear): what attestation records show for them. Secret.
     */
    declare public readonly plaintextSha256: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: ContractArgs, opts?: pulumi.CustomResourceOptions) {
        const workload = SealedWorkload.isInstance(args.workload)
            ? args.workload.sealed
            : args.workload;
        const secret = secretInput;
        super(
            contractProvider,
            name,
            {
                resourceName: name,
                providerVersion: PACKAGE_VERSION,
                platform: args.platform ?? "hpvs",
                workload: secret(workload),
                env: secret(args.env),
                encryptionCertificate: args.encryptionCertificate,
                signingKey: secret(args.signingKey),
                signingKeyPassword: secret(args.signingKeyPassword),
                attestationPublicKey: args.attestationPublicKey,
                rotate: args.rotate,
                expiry: expiryInput(args.expiry),
                userData: undefined,
                fingerprintKey: undefined,
                fingerprints: undefined,
                userDataSha256: undefined,
                workloadSha256: undefined,
                envSha256: undefined,
                attestationPublicKeySha256: undefined,
                encryptionCertificateFingerprint: undefined,
                encryptionCertificateNotAfter: undefined,
                signingKeyFingerprint: undefined,
                signingKeyGenerated: undefined,
                size: undefined,
                sizeLimit: undefined,
                warnings: undefined,
                review: undefined,
                expiresAt: undefined,
                signingCertificate: undefined,
                plaintextSha256: undefined,
            },
            pulumi.mergeOptions(opts, {
                additionalSecretOutputs: ["userData", "fingerprintKey", "plaintextSha256"],
            }),
            "hyper-protect",
            "Contract",
        );
        // The engine makes it secret through additionalSecretOutputs; this makes it secret in
        // the program too, whatever engine or mock resolves it.
        this.userData = pulumi.secret(this.userData);
    }
}
