/**
 * `seal`: the workload provider's half of the two-party flow. The output (a JSON file with the
 * token and a public manifest) can be committed and reviewed; the deployer passes it to
 * `effective --workload` or to the Pulumi `Contract`.
 */
import { sealWorkload } from "../../../provider/contract/seal";
import { requireFlag, stringFlag, type Command } from "../command";
import {
    ARCHIVE_FLAG,
    CERT_FLAG,
    OS_FLAG,
    OUT_FLAG,
    certificateFlag,
    platformFlag,
    readText,
    workloadWithArchive,
} from "./shared";

export const seal: Command = {
    name: "seal",
    summary:
        "encrypt a workload section alone, with a public manifest of what the deployer must supply",
    flags: {
        in: {
            type: "string",
            description: "the plain workload section (YAML file, or - for stdin)",
            required: true,
        },
        archive: ARCHIVE_FLAG,
        cert: CERT_FLAG,
        os: OS_FLAG,
        "plaintext-hash": {
            type: "boolean",
            description:
                "add the workload's plaintext hash, so the deployer can verify the attestation record's workload line (an unsalted hash: the file is then written owner-only)",
        },
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const sealed = await sealWorkload({
            platform: platformFlag(flags),
            workload: (await workloadWithArchive(
                flags,
                ctx,
                await readText(ctx, requireFlag(flags, "in")),
            )) as string,
            encryptionCertificate: await certificateFlag(flags, ctx),
        });
        ctx.findings(sealed.findings);
        const { token, manifest, plaintextSha256 } = sealed;
        // The plaintext hash lets the deployer verify attestation; it is an unsalted hash of
        // the workload, so a file that holds it is written owner-only.
        const share = flags["plaintext-hash"] === true;
        await ctx.write(
            `${JSON.stringify({ token, manifest, ...(share ? { plaintextSha256 } : {}) }, null, 2)}\n`,
            stringFlag(flags, "out"),
            share,
        );
        const needs = manifest.requires.length > 0 ? manifest.requires.join(", ") : "nothing";
        ctx.note(`sealed for ${manifest.platform}; the deployer must set: ${needs}`);
        return 0;
    },
};
