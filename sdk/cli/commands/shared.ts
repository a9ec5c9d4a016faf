/**
 * Flags and input handling that several commands share, so that each convention lives once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isPlatform, PLATFORMS, type Platform } from "../../../provider/platform";
import {
    defaultCertificateCacheDir,
    downloadCertificateInRange,
    type DownloadOptions,
} from "../../../provider/trust/download";
import { UsageError, stringFlag, type CliContext, type FlagSpec, type Flags } from "../command";

/** `--os`: the platform. */
export const OS_FLAG: FlagSpec = {
    type: "string",
    description: "the platform the contract is for (default hpvs)",
    choices: PLATFORMS,
};

/** `--cert`: the encryption certificate. */
export const CERT_FLAG: FlagSpec = {
    type: "string",
    description: "the enclave image's encryption certificate (PEM file), or an RSA public key",
};

/** `--out`: where the result goes. */
export const OUT_FLAG: FlagSpec = {
    type: "string",
    description: "write the result to this file (default stdout)",
};

/** `--format` of a command whose input may be text or a JSON document. */
export const INPUT_FORMAT_FLAG: FlagSpec = {
    type: "string",
    description: "how to read the input (default text)",
    choices: ["text", "json"],
};

/** `--format` of a command that prints a report. */
export const REPORT_FORMAT_FLAG: FlagSpec = {
    type: "string",
    description: "how to print the report: text (default) or json",
    choices: ["text", "json"],
};

/** `--priv`: a private key file. */
export const PRIV_FLAG: FlagSpec = {
    type: "string",
    description: "the RSA private key (PEM file)",
    secretFile: true,
};

/** `--password`: a private key's password. */
export const PASSWORD_FLAG: FlagSpec = {
    type: "string",
    description:
        "the private key's password (or set HPCR_PRIVATE_KEY_PASSWORD, which no process list shows)",
};

/** The platform named by `--os`. */
export function platformFlag(flags: Flags): Platform {
    const os = stringFlag(flags, "os") ?? "hpvs";
    if (!isPlatform(os)) throw new UsageError(`--os must be one of ${PLATFORMS.join(", ")}`);
    return os;
}

/** The private key password from `--password` or the environment. */
export function passwordFlag(flags: Flags, ctx: CliContext): string | undefined {
    return stringFlag(flags, "password") ?? ctx.env.HPCR_PRIVATE_KEY_PASSWORD;
}

/** Reads a file named by a flag (`-` for stdin) as UTF-8. */
export async function readText(ctx: CliContext, file: string): Promise<string> {
    return (await ctx.read(file)).toString("utf8");
}

/**
 * The value of an `--in` that takes a file or the text itself, as contract-cli's does: `-` is
 * standard input, an existing file is read, anything else is the text.
 */
export async function fileOrText(ctx: CliContext, value: string): Promise<Buffer> {
    if (value === "-") return ctx.read("-");
    const resolved = path.resolve(ctx.cwd, value);
    if (fs.existsSync(resolved) && fs.statSync(resolved).isFile()) return ctx.read(value);
    return Buffer.from(value, "utf8");
}

/** `--ver`: the image version (or range) whose encryption certificate to download. */
export const VER_FLAG: FlagSpec = {
    type: "string",
    description:
        "download the encryption certificate of this image version or range instead of --cert (e.g. 1.0.29, >=1.0.28)",
};

/** `--template`: where certificates are downloaded from. */
export const TEMPLATE_FLAG: FlagSpec = {
    type: "string",
    description:
        "URL template for certificate downloads, with {{.Major}} {{.Minor}} {{.Patch}} or {version} (or set HPCR_CERT_URL_TEMPLATE; default IBM's HPVS location)",
};

/** Where `--ver` downloads come from and are cached, from flags and the environment. */
export function downloadOptions(flags: Flags, ctx: CliContext): DownloadOptions {
    return {
        template: stringFlag(flags, "template") ?? ctx.env.HPCR_CERT_URL_TEMPLATE,
        cacheDir: defaultCertificateCacheDir(ctx.env),
    };
}

/**
 * The encryption certificate from `--cert`, or downloaded for `--ver` (a version or range);
 * the version downloaded is noted on standard error.
 */
export async function certificateFlag(flags: Flags, ctx: CliContext): Promise<string> {
    const cert = stringFlag(flags, "cert");
    const ver = stringFlag(flags, "ver");
    if (cert && ver) throw new UsageError("give --cert or --ver, not both");
    if (cert) return readText(ctx, cert);
    if (ver) {
        const options = downloadOptions(flags, ctx);
        const os = stringFlag(flags, "os") ?? "hpvs";
        if (options.template === undefined && os !== "hpvs") {
            throw new UsageError(
                `IBM's default download location serves hpvs certificates only; give --template for ${os}`,
            );
        }
        const got = await downloadCertificateInRange(ver, options);
        ctx.note(
            `encryption certificate ${got.version} from ${got.url}${got.fromCache ? " (cached)" : ""}`,
        );
        return got.pem;
    }
    throw new UsageError(
        "--cert is required: give the encryption certificate of the enclave image (or its version with --ver)",
    );
}

/** `--archive`: a folder to archive into the workload. */
export const ARCHIVE_FLAG: FlagSpec = {
    type: "string",
    description: "archive this folder into the workload's compose.archive (or play.archive)",
};

/** The workload with its archive filled from `--archive`, when given. */
export async function workloadWithArchive(
    flags: Flags,
    ctx: CliContext,
    workload: unknown,
): Promise<unknown> {
    const folder = stringFlag(flags, "archive");
    if (folder === undefined) return workload;
    const { archiveFolder } = await import("../../../provider/archive");
    const { withArchive } = await import("../../../provider/contract/with-archive");
    const archive = await archiveFolder(path.resolve(ctx.cwd, folder));
    return withArchive(workload, archive.base64);
}
