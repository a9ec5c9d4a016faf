/**
 * `download-certificate`, `get-certificate` and `validate-encryption-certificate`: IBM's
 * encryption certificates by version, with their status, chain and revocation.
 */
import {
    certificateDocument,
    certificateValidity,
    chooseCertificate,
    formatCertificateDocument,
    readCertificateDocument,
    type DocumentFormat,
} from "../../../provider/trust/certificates";
import { validateChain, type ChainVerdict } from "../../../provider/trust/chain";
import { downloadCertificates } from "../../../provider/trust/download";
import { parseVersion } from "../../../provider/trust/semver";
import {
    UsageError,
    requireFlag,
    stringFlag,
    type CliContext,
    type Command,
    type Flags,
} from "../command";
import { OUT_FLAG, TEMPLATE_FLAG, downloadOptions, readText } from "./shared";

export const downloadCertificate: Command = {
    name: "download-certificate",
    summary: "download encryption certificates by image version, with their status",
    flags: {
        version: {
            type: "string",
            description: "the versions, comma-separated (e.g. 1.0.28,1.0.29)",
            required: true,
        },
        format: {
            type: "string",
            description: "the output format (default json)",
            choices: ["json", "yaml", "text"],
        },
        template: TEMPLATE_FLAG,
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const versions = requireFlag(flags, "version")
            .split(",")
            .map((v) => v.trim())
            .filter((v) => v !== "");
        const bad = versions.find((v) => !parseVersion(v));
        if (bad !== undefined || versions.length === 0) {
            throw new UsageError(
                `--version takes versions M.m.p separated by commas, not "${bad ?? ""}"`,
            );
        }
        const got = await downloadCertificates([...new Set(versions)], downloadOptions(flags, ctx));
        const document = certificateDocument(got);
        const format = (stringFlag(flags, "format") ?? "json") as DocumentFormat;
        await ctx.write(
            formatCertificateDocument(document, format),
            stringFlag(flags, "out"),
            false,
        );
        return 0;
    },
};

export const getCertificate: Command = {
    name: "get-certificate",
    summary:
        "pick the certificate of the highest version in a range from download-certificate's output",
    flags: {
        in: {
            type: "string",
            description: "download-certificate's output (JSON or YAML file, or - for stdin)",
            required: true,
        },
        version: {
            type: "string",
            description: "a version or range (e.g. 1.0.29, >=1.0.28, ~1.0)",
            required: true,
        },
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const document = readCertificateDocument(await readText(ctx, requireFlag(flags, "in")));
        const chosen = chooseCertificate(document, requireFlag(flags, "version"));
        const v = chosen.validity;
        ctx.note(
            `version ${chosen.version}: ${v.status}, ${v.daysLeft} days left, until ${v.notAfter}`,
        );
        await ctx.write(chosen.cert, stringFlag(flags, "out"), false);
        return 0;
    },
};

const CHAIN_FLAGS = ["intermediate", "digicert-intermediate", "root", "crl"];

export const validateEncryptionCertificate: Command = {
    name: "validate-encryption-certificate",
    summary: "show a certificate's status and, given its chain and CRLs, validate them",
    flags: {
        in: { type: "string", description: "the certificate (PEM or DER file)", required: true },
        intermediate: {
            type: "string",
            description: "the issuer's certificate: IBM's intermediate (PEM file)",
        },
        "digicert-intermediate": {
            type: "string",
            description: "the intermediate above it: DigiCert's (PEM file), when the chain has one",
        },
        root: { type: "string", description: "the root (PEM file), trusted as given" },
        crl: {
            type: "string",
            description:
                "revocation lists of the chain's issuers (PEM or DER files, comma-separated)",
        },
    },
    async run(flags, ctx) {
        const validity = certificateValidity(await ctx.read(requireFlag(flags, "in")));
        const lines = [
            `status: ${validity.status}, ${validity.daysLeft} days left, until ${validity.notAfter}`,
            `subject: ${validity.subject}`,
        ];
        const verdict = await chainFlags(flags, ctx);
        if (verdict) lines.push(...chainLines(verdict));
        await ctx.write(`${lines.join("\n")}\n`, undefined, false);
        return validity.status === "expired" || (verdict && !verdict.valid) ? 1 : 0;
    },
};

async function chainFlags(flags: Flags, ctx: CliContext): Promise<ChainVerdict | undefined> {
    const given = CHAIN_FLAGS.filter((n) => stringFlag(flags, n) !== undefined);
    if (given.length === 0) return undefined;
    if (!stringFlag(flags, "intermediate") || !stringFlag(flags, "root")) {
        throw new UsageError(`--${given[0]} needs --intermediate and --root`);
    }
    const read = (name: string) => ctx.read(stringFlag(flags, name)!);
    const intermediates = [await read("intermediate")];
    if (stringFlag(flags, "digicert-intermediate")) {
        intermediates.push(await read("digicert-intermediate"));
    }
    const crlFiles = (stringFlag(flags, "crl") ?? "").split(",").filter((f) => f.trim() !== "");
    return validateChain({
        certificate: await read("in"),
        intermediates,
        root: await read("root"),
        crls: await Promise.all(crlFiles.map((f) => ctx.read(f.trim()))),
    });
}

function chainLines(verdict: ChainVerdict): string[] {
    const lines = verdict.valid
        ? [`chain: valid (${verdict.chain.map((l) => l.subject.split(", ")[0]).join(" <- ")})`]
        : [`chain: invalid at the ${verdict.stage} stage: ${verdict.subject}: ${verdict.reason}`];
    for (const r of verdict.revocation) {
        const at = r.revokedAt ? ` on ${r.revokedAt}` : "";
        lines.push(`revocation: ${r.subject}: ${r.status}${at} (list of ${r.crlIssuer})`);
    }
    return lines;
}
