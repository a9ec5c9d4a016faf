/**
 * On-prem delivery: `cidata` (the NoCloud ISO that carries the contract into a KVM guest),
 * `validate-network` (its static network settings), `initdata` (the annotation that carries
 * the contract into a confidential-containers pod) and `sealed-secret` (a secret value that
 * only such a pod's enclave opens).
 */
import { finding, hasErrors, type Finding } from "../../../provider/findings";
import { readUserData } from "../../../provider/contract/user-data";
import { buildCidataIso } from "../../../provider/onprem/cidata";
import { buildInitdata } from "../../../provider/onprem/initdata";
import { validateNetworkConfig } from "../../../provider/onprem/network-config";
import { sealSecret } from "../../../provider/onprem/sealed-secret";
import { requireFlag, stringFlag, type CliContext, type Command } from "../command";
import { OUT_FLAG } from "./shared";

async function optionalFile(
    ctx: CliContext,
    file: string | undefined,
): Promise<Buffer | undefined> {
    return file === undefined ? undefined : ctx.read(file);
}

/** Validates a network-config file's bytes, reporting every finding; true when it has no error. */
function reportNetwork(ctx: CliContext, bytes: Buffer): boolean {
    const validation = validateNetworkConfig(bytes);
    ctx.findings(validation.findings);
    return validation.ok;
}

export const cidata: Command = {
    name: "cidata",
    summary:
        "build the cidata ISO (cloud-init NoCloud) that carries a contract to an on-prem enclave",
    flags: {
        "user-data": {
            type: "string",
            description: "the contract (file, or - for stdin)",
            required: true,
        },
        "meta-data": {
            type: "string",
            description: "the meta-data file, e.g. local-hostname: <name>",
            required: true,
        },
        "vendor-data": { type: "string", description: "the vendor-data file (optional)" },
        "network-config": {
            type: "string",
            description: "static network settings (netplan v2 subset), validated first (optional)",
        },
        out: {
            type: "string",
            description: "the ISO file to write (owner-only: it holds the contract)",
            required: true,
        },
    },
    async run(flags, ctx) {
        const networkConfig = await optionalFile(ctx, stringFlag(flags, "network-config"));
        if (networkConfig !== undefined && !reportNetwork(ctx, networkConfig)) return 1;
        const iso = buildCidataIso({
            userData: await ctx.read(requireFlag(flags, "user-data")),
            metaData: await ctx.read(requireFlag(flags, "meta-data")),
            vendorData: await optionalFile(ctx, stringFlag(flags, "vendor-data")),
            networkConfig,
        });
        await ctx.write(iso, requireFlag(flags, "out"), true);
        return 0;
    },
};

export const validateNetwork: Command = {
    name: "validate-network",
    summary: "validate an on-prem network-config file (the netplan subset the enclave accepts)",
    flags: {
        in: {
            type: "string",
            description: "the network-config file, or - for stdin",
            required: true,
        },
    },
    async run(flags, ctx) {
        const validation = validateNetworkConfig(await ctx.read(requireFlag(flags, "in")));
        ctx.findings(validation.findings);
        if (!validation.ok) return 1;
        const warnings = validation.findings.length;
        const note = warnings === 0 ? "" : ` (${warnings} warning${warnings > 1 ? "s" : ""})`;
        await ctx.write(`the network configuration is valid${note}\n`, undefined, false);
        return 0;
    },
};

/** Findings on a contract that cannot travel in initdata: not a contract, or a section missing. */
function contractFindings(text: string): Finding[] {
    const read = readUserData(text);
    const findings = [...read.findings];
    for (const section of ["workload", "env"]) {
        if (read.values && read.values[section] === undefined) {
            findings.push(
                finding(
                    "SECTION_MISSING",
                    "error",
                    section,
                    `is missing; initdata carries a whole contract, with workload and env`,
                ),
            );
        }
    }
    return findings;
}

export const initdata: Command = {
    name: "initdata",
    summary: "wrap a signed, encrypted contract into the initdata annotation of a CCCO pod",
    flags: {
        in: {
            type: "string",
            description: "the signed, encrypted contract (file, or - for stdin)",
            required: true,
        },
        sehdr: {
            type: "string",
            description:
                "the Secure Execution header (.bin) of the image, for bare-metal peer pods",
        },
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const contract = await ctx.read(requireFlag(flags, "in"));
        const findings = contractFindings(contract.toString("utf8"));
        ctx.findings(findings);
        if (hasErrors(findings)) return 1;
        const annotation = buildInitdata(contract, {
            seHeader: await optionalFile(ctx, stringFlag(flags, "sehdr")),
        });
        await ctx.write(annotation, stringFlag(flags, "out"), true);
        return 0;
    },
};

export const sealedSecret: Command = {
    name: "sealed-secret",
    summary:
        "seal a secret value for a CCCO enclave, with the keys its contract's confidential-containers.secret needs",
    flags: {
        in: {
            type: "string",
            description: "the secret value, byte for byte (file, or - for stdin)",
            required: true,
            secretFile: true,
        },
        type: {
            type: "string",
            description: "the contract section whose confidential-containers.secret holds the keys",
            required: true,
            choices: ["workload", "env"],
        },
        encryptionkey: {
            type: "string",
            description:
                "the RSA private key (PEM) the secret is encrypted for: the contract's decryptionKey (default: a new RSA-2048 key)",
            secretFile: true,
        },
        signingkey: {
            type: "string",
            description:
                "the RSA private key (PEM) that signs the seal; its public half is the verificationKey (default: a new key)",
            secretFile: true,
        },
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const secret = await ctx.read(requireFlag(flags, "in"));
        const keyFile = async (name: string) => {
            const file = stringFlag(flags, name);
            return file === undefined ? undefined : (await ctx.read(file)).toString("utf8");
        };
        const sealed = await sealSecret({
            secret,
            section: requireFlag(flags, "type") as "workload" | "env",
            encryptionKey: await keyFile("encryptionkey"),
            signingKey: await keyFile("signingkey"),
        });
        const {
            sealed: value,
            decryptionKey,
            verificationKey,
            secretSha256,
            sealedSha256,
        } = sealed;
        // The decryption key opens the secret: the result is written as a secret.
        await ctx.write(
            `${JSON.stringify({ sealed: value, decryptionKey, verificationKey, secretSha256, sealedSha256 }, null, 2)}\n`,
            stringFlag(flags, "out"),
            true,
        );
        const made = [
            ...(sealed.generated.encryptionKey ? ["decryption"] : []),
            ...(sealed.generated.signingKey ? ["signing"] : []),
        ];
        if (made.length > 0) ctx.note(`generated a new RSA-2048 ${made.join(" and ")} key`);
        ctx.note(
            `put decryptionKey and verificationKey into ${String(flags.type)}.confidential-containers.secret of the contract`,
        );
        return 0;
    },
};
