/**
 * `CidataIso`: the cloud-init ISO that carries a contract into an on-prem enclave, as a file
 * on the machine that runs Pulumi.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { cidataProvider } from "../provider/dynamic/cidata-provider";
import { PACKAGE_VERSION } from "./inputs";

/** The inputs of a {@link CidataIso}. */
export interface CidataIsoArgs {
    /** The contract, e.g. the `userData` of a `Contract`. Kept secret. */
    readonly userData: pulumi.Input<string>;
    /** The `meta-data` file, e.g. `local-hostname: web1`. Default: empty. */
    readonly metaData?: pulumi.Input<string>;
    /** The `vendor-data` file. Default: none on the image. */
    readonly vendorData?: pulumi.Input<string>;
    /**
     * The `network-config` file: static addresses in the netplan subset the enclave accepts,
     * checked at preview with path-precise findings. Default: none, and the enclave uses DHCP.
     */
    readonly networkConfig?: pulumi.Input<string>;
    /** Where to write the ISO, relative to the program's folder or absolute. */
    readonly path: pulumi.Input<string>;
}

/**
 * The `cidata` ISO 9660 image (volume label `cidata`, with Joliet and Rock Ridge names) of an
 * on-prem enclave, written owner-only to `path`; what `genisoimage -volid cidata -joliet -rock`
 * made in IBM's samples. The same files always give the same bytes.
 *
 * The file is written again only when its bytes would change (a new contract or other file),
 * or when it is missing or was changed on disk; a move to another path moves the file. The
 * state keeps the path, the size and `fingerprint`, a keyed HMAC of the image that changes
 * exactly when its bytes do: use it to name the copy uploaded to a libvirt storage pool, so
 * that a new contract makes a new volume. The user data stays a secret input; no output
 * holds it or a bare hash of it.
 */
export class CidataIso extends pulumi.dynamic.Resource {
    /** The ISO file, as an absolute path. */
    declare public readonly path: pulumi.Output<string>;
    /** HMAC-SHA256 of the image under a key kept secret in state, hex. */
    declare public readonly fingerprint: pulumi.Output<string>;
    /** The image's size in bytes. */
    declare public readonly size: pulumi.Output<number>;

    constructor(name: string, args: CidataIsoArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            cidataProvider,
            name,
            {
                resourceName: name,
                providerVersion: PACKAGE_VERSION,
                path: pulumi.output(args.path).apply((p) => path.resolve(p)),
                userData: pulumi.secret(args.userData),
                metaData: args.metaData ?? "",
                vendorData: args.vendorData,
                networkConfig: args.networkConfig,
                fingerprint: undefined,
                fingerprintKey: undefined,
                size: undefined,
            },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["fingerprintKey"] }),
            "hyper-protect",
            "CidataIso",
        );
    }
}
