/**
 * `encrypt`, `encrypt-string`, `sign-contract` and `decrypt`: making and reading contracts.
 */
import { ContractValidationError } from "../../../provider/findings";
import { readUserData, writeUserData } from "../../../provider/contract/user-data";
import { readEncryptionKey, readPrivateKey, readSigningKey } from "../../../provider/crypto/keys";
import { signSections } from "../../../provider/crypto/signature";
import { decryptToken, encryptToken } from "../../../provider/crypto/token";
import { InputError } from "../../../provider/errors";
import { platformInfo } from "../../../provider/platform";
import { requireFlag, stringFlag, type CliContext, type Command } from "../command";
import { requireJson } from "./encoding";
import { HASHES_FLAG, writeHashes } from "./trust-attestation";
import { EXPIRY_FLAGS, buildWithExpiry, contractExpiryFlags, noteExpiry } from "./trust-expiry";
import {
    ARCHIVE_FLAG,
    CERT_FLAG,
    INPUT_FORMAT_FLAG,
    OS_FLAG,
    OUT_FLAG,
    PASSWORD_FLAG,
    PRIV_FLAG,
    TEMPLATE_FLAG,
    VER_FLAG,
    certificateFlag,
    fileOrText,
    passwordFlag,
    platformFlag,
    readText,
    workloadWithArchive,
} from "./shared";

/** Reads a contract file into its top-level values, or fails with its findings. */
export async function readContractFile(
    ctx: CliContext,
    file: string,
): Promise<Record<string, unknown>> {
    const read = readUserData(await readText(ctx, file));
    ctx.findings(read.findings);
    if (!read.values) throw new ContractValidationError(read.findings);
    return read.values;
}

export const encrypt: Command = {
    name: "encrypt",
    summary: "validate, encrypt and sign a plain contract",
    flags: {
        in: {
            type: "string",
            description: "the plain contract (YAML file, or - for stdin)",
            required: true,
        },
        archive: ARCHIVE_FLAG,
        priv: {
            ...PRIV_FLAG,
            description: "the signing key (PEM file); a fresh key signs when omitted",
        },
        password: PASSWORD_FLAG,
        cert: CERT_FLAG,
        ver: VER_FLAG,
        template: TEMPLATE_FLAG,
        os: OS_FLAG,
        out: OUT_FLAG,
        ...EXPIRY_FLAGS,
        hashes: HASHES_FLAG,
    },
    async run(flags, ctx) {
        const expiry = await contractExpiryFlags(flags, ctx);
        const values = await readContractFile(ctx, requireFlag(flags, "in"));
        const priv = stringFlag(flags, "priv");
        const built = await buildWithExpiry(expiry, {
            platform: platformFlag(flags),
            workload: (await workloadWithArchive(flags, ctx, values.workload)) as string,
            env: values.env as string,
            attestationPublicKey: values.attestationPublicKey as string | undefined,
            encryptionCertificate: await certificateFlag(flags, ctx),
            signingKey: priv ? await readText(ctx, priv) : undefined,
            signingKeyPassword: passwordFlag(flags, ctx),
        });
        ctx.findings(built.findings);
        noteExpiry(ctx, built);
        if (built.signer.generated) {
            ctx.note(
                "note: no --priv given: a fresh RSA-4096 key signed this contract and was dropped",
            );
        }
        await ctx.write(built.userData, stringFlag(flags, "out"), true);
        await writeHashes(flags, ctx, built);
        return 0;
    },
};

export const encryptString: Command = {
    name: "encrypt-string",
    summary: "encrypt a text or a JSON document into a section token",
    flags: {
        in: {
            type: "string",
            description: "the text, a file holding it, or - for stdin",
            required: true,
        },
        format: INPUT_FORMAT_FLAG,
        cert: CERT_FLAG,
        ver: VER_FLAG,
        template: TEMPLATE_FLAG,
        os: OS_FLAG,
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const input = await fileOrText(ctx, requireFlag(flags, "in"));
        if (input.length === 0) throw new InputError("--in", "is empty");
        if (stringFlag(flags, "format") === "json") requireJson(input);
        const key = readEncryptionKey(await certificateFlag(flags, ctx), "--cert");
        const token = await encryptToken(input, key, platformInfo(platformFlag(flags)).tokenPrefix);
        await ctx.write(token, stringFlag(flags, "out"), false);
        return 0;
    },
};

export const signContract: Command = {
    name: "sign-contract",
    summary: "sign a contract whose sections are already encrypted",
    flags: {
        in: {
            type: "string",
            description: "the encrypted contract (YAML file, or - for stdin)",
            required: true,
        },
        priv: { ...PRIV_FLAG, required: true },
        password: PASSWORD_FLAG,
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const values = await readContractFile(ctx, requireFlag(flags, "in"));
        for (const key of ["workload", "env"]) {
            if (typeof values[key] !== "string") {
                throw new InputError(
                    key,
                    "must be a string value (an encrypted token) to be signed",
                );
            }
        }
        const key = readSigningKey(
            await readText(ctx, requireFlag(flags, "priv")),
            passwordFlag(flags, ctx),
            "--priv",
        );
        const workload = values.workload as string;
        const env = values.env as string;
        const signature = await signSections(workload, env, key.privateKey);
        const attestation = values.attestationPublicKey;
        const out = writeUserData({
            workload,
            env,
            envWorkloadSignature: signature,
            attestationPublicKey: typeof attestation === "string" ? attestation : undefined,
        });
        await ctx.write(out, stringFlag(flags, "out"), true);
        return 0;
    },
};

export const decrypt: Command = {
    name: "decrypt",
    summary: "decrypt a section token with the private key of its encryption certificate",
    flags: {
        in: {
            type: "string",
            description: "the token, a file holding it, or - for stdin",
            required: true,
        },
        priv: { ...PRIV_FLAG, required: true },
        password: PASSWORD_FLAG,
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const token = (await fileOrText(ctx, requireFlag(flags, "in"))).toString("utf8");
        const key = readPrivateKey(
            await readText(ctx, requireFlag(flags, "priv")),
            passwordFlag(flags, ctx),
            "--priv",
        );
        const plaintext = await decryptToken(token, key, "--in");
        await ctx.write(plaintext, stringFlag(flags, "out"), true);
        return 0;
    },
};
