/**
 * `hpcr-contract`: the command line of pulumi-hyper-protect, a drop-in for IBM's contract-cli
 * (same command names, flags and input conventions) with commands of its own. It never loads
 * Pulumi.
 *
 * Exit codes: 0 success; 1 a finding or an error; 2 bad usage.
 */
import { parseArgs } from "node:util";
import { InputError } from "../../provider/errors";
import { ContractValidationError } from "../../provider/findings";
import {
    UnreadableFileError,
    UsageError,
    type CliContext,
    type Command,
    type Flags,
} from "./command";
import { COMMANDS } from "./commands";
import { processContext } from "./io";

/** The help text: the commands and one line each. */
export function helpText(): string {
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
    return `usage: hpcr-contract <command> [flags]\n\ncommands:\n${lines.join("\n")}\n\nRun hpcr-contract <command> --help for its flags.\n`;
}

/** The help text of one command. */
export function commandHelp(command: Command): string {
    const entries = Object.entries(command.flags);
    const width = Math.max(4, ...entries.map(([n]) => n.length + 2));
    const lines = entries.map(([name, spec]) => {
        const flag = `--${name}`.padEnd(width);
        const choices = spec.choices ? ` (${spec.choices.join(" | ")})` : "";
        return `  ${flag}  ${spec.description}${choices}${spec.required ? " [required]" : ""}`;
    });
    return `usage: hpcr-contract ${command.name} [flags]\n\n${command.summary}\n\nflags:\n${lines.join("\n")}\n`;
}

function parseFlags(command: Command, args: string[]): Flags {
    const options: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
    for (const [name, spec] of Object.entries(command.flags)) options[name] = { type: spec.type };
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }) as {
            values: Record<string, string | boolean | undefined>;
        });
    } catch (e) {
        // A stray value may be a password that lost its flag: never repeat it.
        if ((e as NodeJS.ErrnoException).code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
            throw new UsageError(
                "takes no positional arguments; give each value after its flag (--name value)",
            );
        }
        throw new UsageError((e as Error).message.split("\n")[0]);
    }
    if (values.help) return values;
    for (const [name, spec] of Object.entries(command.flags)) {
        const v = values[name];
        if (spec.required && (v === undefined || v === ""))
            throw new UsageError(`--${name} is required`);
        if (typeof v === "string" && spec.choices && !spec.choices.includes(v)) {
            throw new UsageError(`--${name} must be one of ${spec.choices.join(", ")}, not "${v}"`);
        }
    }
    return values;
}

/**
 * One line for a file that cannot be read, naming the flag whose value names it (alone or in a
 * comma-separated list). The value itself is left out for a flag that names a secret's file.
 */
function unreadable(command: Command, flags: Flags, e: UnreadableFileError): string {
    const given = Object.keys(flags).filter((name) => typeof flags[name] === "string");
    const flag =
        given.find((name) => flags[name] === e.file) ??
        given.find((name) =>
            (flags[name] as string).split(",").some((part) => part.trim() === e.file),
        );
    const secret = (name: string) => command.flags[name]?.secretFile === true;
    if (flag === undefined) {
        // A file no flag names as given: it may still be read from a secret's flag.
        return given.some(secret) ? `error cannot read a file: ${e.reason}` : `error ${e.message}`;
    }
    const file = secret(flag) ? "the file it names" : e.file;
    return `error --${flag}: cannot read ${file}: ${e.reason}`;
}

/**
 * Runs the CLI with `argv` (without the node and script paths) in `ctx`.
 *
 * @returns the exit code.
 */
export async function main(
    argv: readonly string[],
    ctx: CliContext,
    print: (text: string) => void = (s) => void process.stdout.write(s),
): Promise<number> {
    const [name, ...rest] = argv;
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
        print(helpText());
        return name === undefined ? 2 : 0;
    }
    if (name === "--version" || name === "version") {
        print(`${require("../../../package.json").version}\n`);
        return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
        ctx.note(`hpcr-contract: unknown command "${name}"; run hpcr-contract --help for the list`);
        return 2;
    }
    let flags: Flags = {};
    try {
        flags = parseFlags(command, [...rest]);
        if (flags.help) {
            print(commandHelp(command));
            return 0;
        }
        return await command.run(flags, ctx);
    } catch (e) {
        if (e instanceof UsageError) {
            ctx.note(`hpcr-contract ${command.name}: ${e.message}`);
            return 2;
        }
        if (e instanceof ContractValidationError) {
            ctx.findings(e.findings.filter((f) => f.severity === "error"));
            return 1;
        }
        if (InputError.isInstance(e) || (e instanceof Error && e.name === "ArchiveError")) {
            ctx.note(`error ${e.message}`);
            return 1;
        }
        if (e instanceof UnreadableFileError) {
            ctx.note(unreadable(command, flags, e));
            return 1;
        }
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "EISDIR" || code === "EACCES") {
            ctx.note(`error ${(e as Error).message}`);
            return 1;
        }
        throw e;
    }
}

if (require.main === module) {
    main(process.argv.slice(2), processContext()).then(
        (code) => {
            process.exitCode = code;
        },
        (e: unknown) => {
            process.stderr.write(
                `hpcr-contract: unexpected failure: ${(e as Error).stack ?? String(e)}\n`,
            );
            process.exitCode = 1;
        },
    );
}
