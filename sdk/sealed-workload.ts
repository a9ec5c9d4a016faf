/**
 * `SealedWorkload`: the workload provider's half of the two-party flow, as a resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { blockProvider } from "../provider/dynamic/providers";
import type { Platform } from "../provider/platform";
import type {
    SealedManifest,
    SealedWorkload as SealedWorkloadValue,
} from "../provider/contract/sealed";
import type { Workload } from "../provider/schema";
import { PACKAGE_VERSION, type DeepInput } from "./inputs";

/** The inputs of a {@link SealedWorkload}. */
export interface SealedWorkloadArgs {
    /** The platform the workload will run on. Default: `hpvs`. */
    readonly platform?: pulumi.Input<Platform>;
    /** The plain workload section: a typed mapping or a YAML string. */
    readonly workload: DeepInput<Workload> | pulumi.Input<string>;
    /** The enclave image's encryption certificate (PEM). */
    readonly encryptionCertificate: pulumi.Input<string>;
    /** Any value; changing it encrypts the workload anew. */
    readonly rotate?: pulumi.Input<string | number>;
    /**
     * Put the workload's plaintext hash into {@link SealedWorkload.sealed}, so that the
     * deployer's contract can have the workload line of an attestation record verified. The
     * bundle is then secret. It is an unsalted hash of the workload: a deployer could test
     * guesses of its values against it, so share it only when the workload holds no secret
     * that a guess could find. Default: false.
     */
    readonly sharePlaintextHash?: boolean;
}

const BRAND = Symbol.for("pulumi-hyper-protect:SealedWorkload");

/**
 * A workload encrypted on its own, with a public manifest of what the deployer must supply
 * (variables such as `REGISTRY`, credentials for the registry hosts, volume halves). Export
 * {@link SealedWorkload.sealed} from the workload provider's stack, or commit it as JSON; the
 * deployer passes it as the `workload` of a `Contract` and never sees the workload in clear.
 */
export class SealedWorkload extends pulumi.dynamic.Resource {
    /** The workload token. */
    declare public readonly token: pulumi.Output<string>;
    /** The public manifest. */
    declare public readonly manifest: pulumi.Output<SealedManifest>;
    /** Hex SHA-256 of the token. */
    declare public readonly tokenSha256: pulumi.Output<string>;
    /**
     * Hex SHA-256 of the workload's plaintext, which the enclave's attestation record shows for
     * the workload. Secret: an unsalted hash of the workload.
     */
    declare public readonly plaintextSha256: pulumi.Output<string | undefined>;
    /** The warnings of the workload's validation. */
    declare public readonly warnings: pulumi.Output<string[]>;
    /**
     * The token and manifest together: what a `Contract` takes as its workload. With
     * `sharePlaintextHash`, also the plaintext hash, and then secret.
     */
    public readonly sealed: pulumi.Output<SealedWorkloadValue>;

    /** Whether a value is a SealedWorkload, also across copies of this package. */
    static override isInstance(value: unknown): value is SealedWorkload {
        return (
            typeof value === "object" &&
            value !== null &&
            (value as Record<symbol, unknown>)[BRAND] === true
        );
    }

    constructor(name: string, args: SealedWorkloadArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            blockProvider,
            name,
            {
                kind: "sealed-workload",
                resourceName: name,
                providerVersion: PACKAGE_VERSION,
                platform: args.platform ?? "hpvs",
                workload: pulumi.secret(args.workload as pulumi.Input<unknown>),
                encryptionCertificate: args.encryptionCertificate,
                rotate: args.rotate,
                token: undefined,
                manifest: undefined,
                tokenSha256: undefined,
                plaintextSha256: undefined,
                warnings: undefined,
                fingerprintKey: undefined,
                fingerprints: undefined,
            },
            pulumi.mergeOptions(opts, {
                additionalSecretOutputs: ["fingerprintKey", "plaintextSha256"],
            }),
            "hyper-protect",
            "SealedWorkload",
        );
        (this as unknown as Record<symbol, unknown>)[BRAND] = true;
        // A sealing recorded before the hash was kept has none: the bundle is then as it was.
        this.sealed = args.sharePlaintextHash
            ? pulumi
                  .all([this.token, this.manifest, pulumi.secret(this.plaintextSha256)])
                  .apply(([token, manifest, plaintextSha256]) => ({
                      token,
                      manifest,
                      ...(plaintextSha256 ? { plaintextSha256 } : {}),
                  }))
            : pulumi
                  .all([this.token, this.manifest])
                  .apply(([token, manifest]) => ({ token, manifest }));
    }
}
