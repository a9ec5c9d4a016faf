/**
 * `validate-contract` and `effective`: what is wrong with a contract, and what the enclave will
 * see of it.
 */
import { checkWorkloadAlone } from "../../../provider/contract/seal";
import { formatReview, reviewContract } from "../../../provider/contract/review";
import { signatureRules } from "../../../provider/contract/rules-keys";
import { readSection } from "../../../provider/contract/section";
import { isSealedWorkload } from "../../../provider/contract/sealed";
import {
    envRules,
    validateContract,
    type ContractValidation,
} from "../../../provider/contract/validate";
import { hasErrors, sortFindings, type Finding } from "../../../provider/findings";
import { requireFlag, stringFlag, type CliContext, type Command, type Flags } from "../command";
import { readContractFile } from "./encrypt";
import {
    ARCHIVE_FLAG,
    CERT_FLAG,
    OS_FLAG,
    OUT_FLAG,
    REPORT_FORMAT_FLAG,
    platformFlag,
    readText,
    workloadWithArchive,
} from "./shared";

/** Validates a whole contract file, its signature included when it has one. */
export async function validateFile(
    flags: Flags,
    ctx: CliContext,
    file: string,
): Promise<ContractValidation> {
    const values = await readContractFile(ctx, file);
    const workloadFile = stringFlag(flags, "workload");
    let workload = values.workload;
    if (workloadFile) {
        const text = await readText(ctx, workloadFile);
        let parsed: unknown = text;
        try {
            parsed = JSON.parse(text);
        } catch {
            // not JSON: a workload section in YAML
        }
        workload = isSealedWorkload(parsed) ? parsed : text;
    }
    if (!isSealedWorkload(workload)) workload = await workloadWithArchive(flags, ctx, workload);
    const cert = stringFlag(flags, "cert");
    const validation = validateContract({
        platform: platformFlag(flags),
        workload: workload as string,
        env: values.env as string,
        attestationPublicKey: values.attestationPublicKey as string | undefined,
        encryptionCertificate: cert ? await readText(ctx, cert) : undefined,
    });
    const signature = values.envWorkloadSignature;
    const env = validation.env;
    if (typeof values.workload === "string" && typeof values.env === "string") {
        const extra = signatureRules(
            values.workload,
            values.env,
            typeof signature === "string" ? signature : undefined,
            env?.kind === "plain" ? env.value.signingKey : undefined,
            env?.kind === "plain",
        );
        if (extra.length > 0) {
            const findings = sortFindings([...validation.findings, ...extra]);
            return { ...validation, findings, ok: !hasErrors(findings) };
        }
    }
    return validation;
}

/** Validates one section alone. */
async function validateSection(
    flags: Flags,
    ctx: CliContext,
    file: string,
    type: "workload" | "env",
): Promise<Finding[]> {
    const platform = platformFlag(flags);
    const text = await readText(ctx, file);
    if (type === "workload") {
        try {
            return checkWorkloadAlone(
                platform,
                (await workloadWithArchive(flags, ctx, text)) as string,
            ).findings;
        } catch (e) {
            if (e && typeof e === "object" && "findings" in e)
                return [...(e as { findings: Finding[] }).findings];
            throw e;
        }
    }
    const read = readSection("env", text);
    if (read.section?.kind !== "plain") return read.findings;
    return sortFindings([...read.findings, ...envRules(platform, read.section.value)]);
}

export const validateContractCommand: Command = {
    name: "validate-contract",
    summary: "validate a plain contract, or one section, against every rule of the platform",
    flags: {
        in: {
            type: "string",
            description: "the contract or section (YAML file, or - for stdin)",
            required: true,
        },
        os: OS_FLAG,
        type: {
            type: "string",
            description: "validate only this section (default: the whole contract)",
            choices: ["workload", "env", "contract", ""],
        },
        archive: ARCHIVE_FLAG,
        cert: CERT_FLAG,
    },
    async run(flags, ctx) {
        const file = requireFlag(flags, "in");
        const type = stringFlag(flags, "type");
        const findings =
            type === "workload" || type === "env"
                ? await validateSection(flags, ctx, file, type)
                : (await validateFile(flags, ctx, file)).findings;
        ctx.findings(findings);
        if (hasErrors(findings)) return 1;
        const warnings = findings.length;
        await ctx.write(
            `${type === "workload" || type === "env" ? `the ${type} section` : "the contract"} is valid${warnings > 0 ? ` (${warnings} warning${warnings > 1 ? "s" : ""})` : ""}\n`,
            undefined,
            false,
        );
        return 0;
    },
};

export const effective: Command = {
    name: "effective",
    summary:
        "show what the enclave will see: overlay, images, volumes, logging, keys, size (secrets withheld)",
    flags: {
        in: {
            type: "string",
            description: "the plain contract (YAML file, or - for stdin)",
            required: true,
        },
        workload: {
            type: "string",
            description:
                "take the workload from this file instead: a sealed workload (JSON) or a section (YAML)",
        },
        archive: ARCHIVE_FLAG,
        os: OS_FLAG,
        cert: CERT_FLAG,
        format: REPORT_FORMAT_FLAG,
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const validation = await validateFile(flags, ctx, requireFlag(flags, "in"));
        const review = reviewContract(validation);
        const text =
            stringFlag(flags, "format") === "json"
                ? `${JSON.stringify(review, null, 2)}\n`
                : formatReview(review);
        const out = stringFlag(flags, "out");
        await ctx.write(text, out, false);
        // The review lists the findings; standard error repeats them only when it went to a file.
        if (out !== undefined) ctx.findings(validation.findings);
        return validation.ok ? 0 : 1;
    },
};
