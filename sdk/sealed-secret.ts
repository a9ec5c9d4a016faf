/**
 * `SealedSecret`: a secret value sealed for the enclave of a confidential-containers (CCCO) pod,
 * with the two keys the contract must carry to open it.
 */
import * as pulumi from "@pulumi/pulumi";
import { blockProvider } from "../provider/dynamic/providers";
import type { SealedSecretSection } from "../provider/onprem/sealed-secret";
import { PACKAGE_VERSION, secretInput } from "./inputs";

/** The inputs of a {@link SealedSecret}. */
export interface SealedSecretArgs {
    /** The secret value. */
    readonly secret: pulumi.Input<string>;
    /** The contract section whose `confidential-containers.secret` holds the keys. */
    readonly section: pulumi.Input<SealedSecretSection>;
    /**
     * The RSA private key (PEM) the secret is encrypted for, which becomes `decryptionKey`.
     * Default: a new RSA-2048 key, kept in state as a secret.
     */
    readonly encryptionKey?: pulumi.Input<string>;
    /**
     * The RSA private key (PEM) that signs the seal; its public half becomes
     * `verificationKey`. Default: a new RSA-2048 key, used once and dropped.
     */
    readonly signingKey?: pulumi.Input<string>;
    /** Any value; changing it seals anew (new keys where they were generated). */
    readonly rotate?: pulumi.Input<string | number>;
}

/**
 * A secret sealed for a CCCO enclave (contract-cli's `sealed-secret`). Put `sealed` where the pod
 * reads the secret (a Kubernetes Secret, an environment variable), and `decryptionKey` and
 * `verificationKey` into `confidential-containers.secret` of the contract's `section`. It seals
 * once: the same inputs keep the same value and keys on every `pulumi up`.
 */
export class SealedSecret extends pulumi.dynamic.Resource {
    /** `sealed.<header>.<payload>.<signature>`. Only the enclave opens it. */
    declare public readonly sealed: pulumi.Output<string>;
    /** The contract's `decryptionKey` (PEM private key). Secret. */
    declare public readonly decryptionKey: pulumi.Output<string>;
    /** The contract's `verificationKey` (PEM public key). */
    declare public readonly verificationKey: pulumi.Output<string>;
    /** Hex SHA-256 of the secret value. Secret: an unsalted hash of it. */
    declare public readonly secretSha256: pulumi.Output<string>;
    /** Hex SHA-256 of `sealed`. */
    declare public readonly sealedSha256: pulumi.Output<string>;

    constructor(name: string, args: SealedSecretArgs, opts?: pulumi.CustomResourceOptions) {
        const secret = secretInput;
        super(
            blockProvider,
            name,
            {
                kind: "sealed-secret",
                resourceName: name,
                providerVersion: PACKAGE_VERSION,
                section: args.section,
                secret: secret(args.secret),
                encryptionKey: secret(args.encryptionKey),
                signingKey: secret(args.signingKey),
                rotate: args.rotate,
                sealed: undefined,
                decryptionKey: undefined,
                verificationKey: undefined,
                secretSha256: undefined,
                sealedSha256: undefined,
                fingerprintKey: undefined,
                fingerprints: undefined,
            },
            pulumi.mergeOptions(opts, {
                additionalSecretOutputs: ["decryptionKey", "secretSha256", "fingerprintKey"],
            }),
            "hyper-protect",
            "SealedSecret",
        );
        this.decryptionKey = pulumi.secret(this.decryptionKey);
        this.secretSha256 = pulumi.secret(this.secretSha256);
    }
}
