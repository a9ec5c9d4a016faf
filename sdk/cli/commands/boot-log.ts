/**
 * `boot-log`: what an enclave's serial console log says about its boot, message by message,
 * with the checks of the contract that foresee each failure and, given the contract, the
 * findings that explain it.
 */
import {
    explainBootLog,
    type BootLogEntry,
    type BootLogReport,
} from "../../../provider/boot-messages";
import { formatFinding, type Finding } from "../../../provider/findings";
import { requireFlag, stringFlag, type Command } from "../command";
import { OS_FLAG, OUT_FLAG, REPORT_FORMAT_FLAG } from "./shared";
import { validateFile } from "./validate";

const VERDICTS: Readonly<Record<BootLogReport["verdict"], string>> = {
    started: "the enclave started: all its services came up (HPL10001I) after any failure",
    failed: "the boot failed: a failure appears with no start of all services (HPL10001I) after it",
    unknown: "no verdict yet: the log shows neither a failure nor the start of all services",
};

/** The findings of the contract that explain one message. */
function explaining(entry: BootLogEntry, findings: readonly Finding[]): Finding[] {
    const foreseers = entry.message?.foreseenBy ?? [];
    return findings.filter((f) => f.hpl === entry.code || foreseers.includes(f.code));
}

/** One message as text: the line it is on, what it means, and what foresees it. */
function describe(entry: BootLogEntry, findings: readonly Finding[] | undefined): string[] {
    const where = `line ${entry.line}${entry.count > 1 ? ` (and ${entry.count - 1} more)` : ""}`;
    const message = entry.message;
    if (!message) {
        return [`${where}: ${entry.code}, not in this package's catalogue of boot messages`];
    }
    const lines = [
        `${where}: ${entry.code} ${message.kind} in ${message.service}: ${message.meaning}`,
    ];
    if (message.kind === "notice") return lines;
    if (message.foreseenBy.length > 0) {
        const some = message.foresight === "partly" ? "some of its causes" : "it";
        lines.push(`  checks that foresee ${some}: ${message.foreseenBy.join(", ")}`);
    }
    if (message.cause) lines.push(`  its cause lies in ${message.cause}`);
    if (findings) {
        const found = explaining(entry, findings);
        for (const f of found) lines.push(`  in the contract: ${formatFinding(f)}`);
        if (found.length === 0 && message.foresight === "yes") {
            lines.push("  in the contract: no finding explains it");
        }
    }
    return lines;
}

export const bootLog: Command = {
    name: "boot-log",
    summary: "explain the HPL messages of an enclave's serial console log, and whether it booted",
    flags: {
        in: {
            type: "string",
            description: "the serial console log (file, or - for stdin)",
            required: true,
        },
        contract: {
            type: "string",
            description:
                "the plain contract the enclave booted from, to name the findings that explain each failure",
        },
        os: OS_FLAG,
        format: REPORT_FORMAT_FLAG,
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const log = (await ctx.read(requireFlag(flags, "in"))).toString("utf8");
        const report = explainBootLog(log);
        const contract = stringFlag(flags, "contract");
        const findings = contract ? (await validateFile(flags, ctx, contract)).findings : undefined;
        const out = stringFlag(flags, "out");
        if (stringFlag(flags, "format") === "json") {
            const entries = report.entries.map((entry) =>
                findings ? { ...entry, findings: explaining(entry, findings) } : entry,
            );
            await ctx.write(`${JSON.stringify({ ...report, entries }, null, 2)}\n`, out, false);
        } else {
            const lines = [VERDICTS[report.verdict]];
            for (const entry of report.entries) lines.push(...describe(entry, findings));
            await ctx.write(`${lines.join("\n")}\n`, out, false);
        }
        return report.verdict === "failed" ? 1 : 0;
    },
};
