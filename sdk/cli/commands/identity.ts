/**
 * `test-identity`: a locally generated enclave identity for tests and demos.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createTestIdentity } from "../../../provider/trust/test-identity";
import { UsageError, requireFlag, stringFlag, type Command } from "../command";

export const testIdentity: Command = {
    name: "test-identity",
    summary: "generate a test enclave identity (encryption certificate and its private key)",
    flags: {
        out: {
            type: "string",
            description: "the folder to write encrypt.crt and private.pem into",
            required: true,
        },
        days: { type: "string", description: "validity of the certificate in days (default 365)" },
        bits: { type: "string", description: "RSA modulus size (default 4096)" },
    },
    async run(flags, ctx) {
        const dir = path.resolve(ctx.cwd, requireFlag(flags, "out"));
        await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
        const number = (name: string) => {
            const v = stringFlag(flags, name);
            if (v === undefined) return undefined;
            const n = Number(v);
            if (!Number.isInteger(n) || n <= 0)
                throw new UsageError(`--${name} must be a positive whole number`);
            return n;
        };
        const identity = await createTestIdentity({ days: number("days"), bits: number("bits") });
        await ctx.write(identity.certificate, path.join(dir, "encrypt.crt"), false);
        await ctx.write(identity.privateKey, path.join(dir, "private.pem"), true);
        ctx.note(
            `wrote ${path.join(dir, "encrypt.crt")} and ${path.join(dir, "private.pem")} (a test identity: no enclave trusts it)`,
        );
        return 0;
    },
};
