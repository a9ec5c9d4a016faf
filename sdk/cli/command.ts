/**
 * The shape of a CLI command and the context it runs in. Commands gather flags and call
 * library functions; they hold no rule or format of their own.
 */
import type { Finding } from "../../provider/findings";

/** One flag of a command. */
export interface FlagSpec {
    readonly type: "string" | "boolean";
    /** One line for the help text. */
    readonly description: string;
    /** Whether the command refuses to run without it. */
    readonly required?: boolean;
    /** The allowed values, for a string flag. */
    readonly choices?: readonly string[];
    /**
     * The flag names the file of a secret (a private key, a secret value): what is given in its
     * place may be the secret itself, so no message repeats the value.
     */
    readonly secretFile?: boolean;
}

/** Parsed flags: strings and booleans by flag name. */
export type Flags = Readonly<Record<string, string | boolean | undefined>>;

/** A command of `hpcr-contract`. */
export interface Command {
    readonly name: string;
    /** One line for the command list. */
    readonly summary: string;
    readonly flags: Readonly<Record<string, FlagSpec>>;
    /** Runs the command; resolves to the exit code. */
    run(flags: Flags, ctx: CliContext): Promise<number>;
}

/** What a command may do with the outside world; tests give a fake one. */
export interface CliContext {
    /** Reads a file, or standard input for `-`. */
    read(path: string): Promise<Buffer>;
    /** Writes the result: to `out` when given (atomically; owner-only when `secret`), else to stdout. */
    write(content: string | Buffer, out: string | undefined, secret: boolean): Promise<void>;
    /** Writes a line to standard error. */
    note(line: string): void;
    /** Writes findings to standard error, one a line with code and path. */
    findings(findings: readonly Finding[]): void;
    /** The working folder. */
    readonly cwd: string;
    /** The environment variables. */
    readonly env: Readonly<Record<string, string | undefined>>;
}

/** A problem with how the command was called: exit code 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** A file named on the command line that cannot be read: exit code 1, naming its flag. */
export class UnreadableFileError extends Error {
    constructor(
        readonly file: string,
        readonly reason: string,
    ) {
        super(`cannot read ${file}: ${reason}`);
        this.name = "UnreadableFileError";
    }
}

/** A string flag's value, or a usage error when a required one is missing. */
export function stringFlag(flags: Flags, name: string): string | undefined {
    const v = flags[name];
    return typeof v === "string" ? v : undefined;
}

/** A required string flag. */
export function requireFlag(flags: Flags, name: string): string {
    const v = stringFlag(flags, name);
    if (v === undefined || v === "") throw new UsageError(`--${name} is required`);
    return v;
}
