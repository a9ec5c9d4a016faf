/**
 * `ComposeArchive`: a compose or pods folder as a deterministic tar.gz.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { archiveFolder } from "../provider/archive";
import { blockProvider } from "../provider/dynamic/providers";
import { PACKAGE_VERSION } from "./inputs";

/** The inputs of a {@link ComposeArchive}. */
export interface ComposeArchiveArgs {
    /** The folder to archive, relative to the program's folder or absolute. */
    readonly folder: pulumi.Input<string>;
}

/**
 * A folder as the same `.tar.gz` bytes on every machine and checkout (sorted entries, fixed
 * times, owners and modes). Its diff key is the archive's content hash: an edit inside the
 * folder shows at preview, a fresh checkout shows nothing. Symlinks, devices and files outside
 * the folder are refused. `base64` goes into `compose.archive` or `play.archive`; it is a
 * secret, since a folder may hold configuration with credentials.
 */
export class ComposeArchive extends pulumi.dynamic.Resource {
    /** base64 of the tar.gz. Secret. */
    declare public readonly base64: pulumi.Output<string>;
    /** Hex SHA-256 of the uncompressed tar: the archive's content key. */
    declare public readonly contentHash: pulumi.Output<string>;
    /** Hex SHA-256 of the tar.gz bytes. */
    declare public readonly sha256: pulumi.Output<string>;
    /** The tar.gz size in bytes. */
    declare public readonly size: pulumi.Output<number>;

    constructor(name: string, args: ComposeArchiveArgs, opts?: pulumi.CustomResourceOptions) {
        const archive = pulumi
            .output(args.folder)
            .apply((folder) => archiveFolder(path.resolve(folder)));
        super(
            blockProvider,
            name,
            {
                kind: "compose-archive",
                resourceName: name,
                providerVersion: PACKAGE_VERSION,
                folder: args.folder,
                contentHash: archive.tarSha256,
                base64: pulumi.secret(archive.base64),
                sha256: undefined,
                size: undefined,
                fingerprintKey: undefined,
                fingerprints: undefined,
            },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["base64", "fingerprintKey"] }),
            "hyper-protect",
            "ComposeArchive",
        );
        this.base64 = pulumi.secret(this.base64);
    }
}
