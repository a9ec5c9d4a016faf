/**
 * `base64` and `base64-tgz`: a text, a JSON document or a folder as base64, plain or encrypted.
 */
import * as path from "node:path";
import { archiveFolder } from "../../../provider/archive";
import { encryptToken } from "../../../provider/crypto/token";
import { readEncryptionKey } from "../../../provider/crypto/keys";
import { InputError } from "../../../provider/errors";
import { platformInfo } from "../../../provider/platform";
import { requireFlag, stringFlag, type Command } from "../command";
import {
    CERT_FLAG,
    OS_FLAG,
    OUT_FLAG,
    TEMPLATE_FLAG,
    VER_FLAG,
    certificateFlag,
    fileOrText,
    INPUT_FORMAT_FLAG,
    platformFlag,
} from "./shared";

/** Fails unless the bytes are a JSON document. */
export function requireJson(bytes: Buffer, field = "--in"): void {
    try {
        JSON.parse(bytes.toString("utf8"));
    } catch {
        throw new InputError(field, "is not a JSON document");
    }
}

export const base64: Command = {
    name: "base64",
    summary: "encode a text or a JSON document as base64",
    flags: {
        in: {
            type: "string",
            description: "the text, a file holding it, or - for stdin",
            required: true,
        },
        format: INPUT_FORMAT_FLAG,
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const input = await fileOrText(ctx, requireFlag(flags, "in"));
        if (input.length === 0) throw new InputError("--in", "is empty");
        if (stringFlag(flags, "format") === "json") requireJson(input);
        await ctx.write(input.toString("base64"), stringFlag(flags, "out"), false);
        return 0;
    },
};

export const base64Tgz: Command = {
    name: "base64-tgz",
    summary: "archive a compose or pods folder as a deterministic tar.gz, in base64 or encrypted",
    flags: {
        in: { type: "string", description: "the folder to archive", required: true },
        output: {
            type: "string",
            description: "plain base64, or an encrypted token (default plain)",
            choices: ["plain", "encrypt", "encrypted"],
        },
        os: OS_FLAG,
        cert: CERT_FLAG,
        ver: VER_FLAG,
        template: TEMPLATE_FLAG,
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const archive = await archiveFolder(path.resolve(ctx.cwd, requireFlag(flags, "in")));
        const output = stringFlag(flags, "output") ?? "plain";
        if (output === "plain") {
            await ctx.write(archive.base64, stringFlag(flags, "out"), false);
            return 0;
        }
        const key = readEncryptionKey(await certificateFlag(flags, ctx), "--cert");
        const token = await encryptToken(
            archive.base64,
            key,
            platformInfo(platformFlag(flags)).tokenPrefix,
        );
        await ctx.write(token, stringFlag(flags, "out"), false);
        return 0;
    },
};
