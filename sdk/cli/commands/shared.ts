/**
 * Flags and input handling that several commands share, so that each convention lives once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isPlatform, PLATFORMS, type Platform } from "../../../provider/platform";
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

/** `--priv`: a private key file. */
export const PRIV_FLAG: FlagSpec = {
    type: "string",
    description: "the RSA private key (PEM file)",
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

/** The encryption certificate from `--cert`. */
export async function certificateFlag(flags: Flags, ctx: CliContext): Promise<string> {
    const cert = stringFlag(flags, "cert");
    if (cert) return readText(ctx, cert);
    throw new UsageError(
        "--cert is required: give the encryption certificate of the enclave image",
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
