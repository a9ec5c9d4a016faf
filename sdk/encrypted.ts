/**
 * The encrypted building blocks: one value encrypted into a section token for an enclave.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { archiveFolder } from "../provider/archive";
import { blockProvider } from "../provider/dynamic/providers";
import type { Platform } from "../provider/platform";
import { PACKAGE_VERSION } from "./inputs";

/** What every encrypted block takes besides its value. */
export interface EncryptionArgs {
    /** The enclave image's encryption certificate (PEM). */
    readonly encryptionCertificate: pulumi.Input<string>;
    /** The platform, which picks the token prefix. Default: `hpvs`. */
    readonly platform?: pulumi.Input<Platform>;
    /** Any value; changing it encrypts anew. */
    readonly rotate?: pulumi.Input<string | number>;
}

/** Outputs every encrypted block has. */
abstract class EncryptedBlock extends pulumi.dynamic.Resource {
    /** The token. Secret. */
    declare public readonly rendered: pulumi.Output<string>;
    /** Hex SHA-256 of the token. */
    declare public readonly renderedSha256: pulumi.Output<string>;

    protected constructor(
        type: string,
        kind: string,
        name: string,
        value: Record<string, unknown>,
        args: EncryptionArgs,
        opts?: pulumi.CustomResourceOptions,
    ) {
        super(
            blockProvider,
            name,
            {
                kind,
                resourceName: name,
                providerVersion: PACKAGE_VERSION,
                platform: args.platform ?? "hpvs",
                encryptionCertificate: args.encryptionCertificate,
                rotate: args.rotate,
                ...value,
                rendered: undefined,
                renderedSha256: undefined,
                fingerprintKey: undefined,
                fingerprints: undefined,
            },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["rendered", "fingerprintKey"] }),
            "hyper-protect",
            type,
        );
        this.rendered = pulumi.secret(this.rendered);
    }
}

/** A text encrypted into a token (the `hpcr_text_encrypted` equivalent). */
export class EncryptedText extends EncryptedBlock {
    constructor(
        name: string,
        args: EncryptionArgs & { readonly text: pulumi.Input<string> },
        opts?: pulumi.CustomResourceOptions,
    ) {
        super(
            "EncryptedText",
            "encrypted-text",
            name,
            { text: pulumi.secret(args.text) },
            args,
            opts,
        );
    }
}

/** A JSON document encrypted into a token (the `hpcr_json_encrypted` equivalent). */
export class EncryptedJson extends EncryptedBlock {
    constructor(
        name: string,
        args: EncryptionArgs & {
            readonly json: pulumi.Input<string | Record<string, unknown> | unknown[]>;
        },
        opts?: pulumi.CustomResourceOptions,
    ) {
        super(
            "EncryptedJson",
            "encrypted-json",
            name,
            { json: pulumi.secret(args.json as pulumi.Input<unknown>) },
            args,
            opts,
        );
    }
}

/** A folder's deterministic tar.gz, as base64, encrypted into a token (`hpcr_tgz_encrypted`). */
export class EncryptedArchive extends EncryptedBlock {
    constructor(
        name: string,
        args: EncryptionArgs & { readonly folder: pulumi.Input<string> },
        opts?: pulumi.CustomResourceOptions,
    ) {
        const archive = pulumi
            .output(args.folder)
            .apply((folder) => archiveFolder(path.resolve(folder)));
        super(
            "EncryptedArchive",
            "encrypted-archive",
            name,
            {
                folder: args.folder,
                contentHash: archive.tarSha256,
                base64: pulumi.secret(archive.base64),
            },
            args,
            opts,
        );
    }
}
