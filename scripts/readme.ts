/**
 * The generated parts of the README: the table of finding codes (from the catalogue in
 * `provider/finding-codes.ts`) and the reference of the contract-core commands (from the
 * CLI's own command definitions). Each sits between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->`; a test fails while the README differs from a fresh run of
 * `npm run build && node lib/scripts/readme.js`, which rewrites them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FINDING_CODES } from "../provider/finding-codes";
import type { FindingCode } from "../provider/findings";
import type { Command } from "../sdk/cli/command";
import { COMMANDS } from "../sdk/cli/commands";

/** The commands of the contract core, in the order the README documents them. */
export const CORE_COMMANDS = [
    "validate-contract",
    "effective",
    "encrypt",
    "encrypt-string",
    "decrypt",
    "sign-contract",
    "base64",
    "base64-tgz",
    "contract-template",
] as const;

/** The table of finding codes: code, severity, meaning, and the enclave messages it foresees. */
export function findingCodesMarkdown(): string {
    const rows = (Object.keys(FINDING_CODES) as FindingCode[]).map((code) => {
        const info = FINDING_CODES[code];
        const also: readonly string[] = "alsoSeenAs" in info ? info.alsoSeenAs : [];
        const hpl =
            info.hpl.length === 0
                ? "–"
                : `${info.hpl.join(", ")}${also.length > 0 ? ` (also shown as ${also.join(", ")})` : ""}`;
        const summary = info.summary.replace(/\|/g, "\\|");
        return `| \`${code}\` | ${info.severities.join(", ")} | ${summary} | ${hpl} |`;
    });
    return [
        "| code | severity | what it reports | enclave messages it foresees |",
        "|---|---|---|---|",
        ...rows,
    ].join("\n");
}

function flagLine([name, spec]: [string, Command["flags"][string]]): string {
    const value =
        spec.type === "boolean"
            ? ""
            : spec.choices
              ? ` ${spec.choices.filter((c) => c !== "").join("\\|")}`
              : " …";
    const required = spec.required ? " (required)" : "";
    return `| \`--${name}${value}\`${required} | ${spec.description.replace(/\|/g, "\\|")} |`;
}

/** The reference of the contract-core commands: what each does and its flags. */
export function cliReferenceMarkdown(): string {
    return CORE_COMMANDS.map((name) => {
        const command = COMMANDS.find((c) => c.name === name);
        if (!command) throw new Error(`no command ${name}`);
        const flags = Object.entries(command.flags).map(flagLine);
        return [
            `#### \`${name}\``,
            "",
            `${command.summary[0].toUpperCase()}${command.summary.slice(1)}.`,
            "",
            "| flag | meaning |",
            "|---|---|",
            ...flags,
        ].join("\n");
    }).join("\n\n");
}

const BLOCKS: Record<string, () => string> = {
    "finding-codes": findingCodesMarkdown,
    "cli-reference": cliReferenceMarkdown,
};

/**
 * The README text with every generated block replaced by a fresh one.
 *
 * @throws Error when a block's markers are missing.
 */
export function updateReadme(text: string): string {
    let out = text;
    for (const [name, make] of Object.entries(BLOCKS)) {
        const open = `<!-- generated:${name} -->`;
        const close = `<!-- /generated:${name} -->`;
        const start = out.indexOf(open);
        const end = out.indexOf(close);
        if (start < 0 || end < start) throw new Error(`README.md lacks ${open} … ${close}`);
        out = `${out.slice(0, start + open.length)}\n\n${make()}\n\n${out.slice(end)}`;
    }
    return out;
}

if (require.main === module) {
    // Compiled to lib/scripts/, two levels below the package root.
    const file = path.resolve(__dirname, "../../README.md");
    fs.writeFileSync(file, updateReadme(fs.readFileSync(file, "utf8")));
    process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
}
