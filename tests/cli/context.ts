/**
 * A fake CLI context for in-process command tests: it reads files relative to a folder,
 * records what the command writes (files and standard output) and its standard-error lines.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CliContext } from "../../sdk/cli/command";
import { formatFinding, type Finding } from "../../provider/findings";
import { main } from "../../sdk/cli/main";
import { forStdout, readNamedFile } from "../../sdk/cli/io";

/** What a command run left behind. */
export interface CliRun {
    /** The exit code. */
    readonly code: number;
    /** Everything written to standard output. */
    readonly stdout: string;
    /** The standard-error lines. */
    readonly stderr: readonly string[];
    /** The files written, by absolute path, with whether they were written as secret. */
    readonly files: ReadonlyMap<string, { content: Buffer; secret: boolean }>;
}

/** Options of a run. */
export interface RunOptions {
    /** The working folder. Default: the process's. */
    readonly cwd?: string;
    /** Standard input. */
    readonly stdin?: string | Buffer;
    /** Environment variables. */
    readonly env?: Record<string, string | undefined>;
    /** Write files to disk as well as recording them. Default: false. */
    readonly writeToDisk?: boolean;
}

/** Runs `hpcr-contract` with `argv` in-process. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
    const cwd = options.cwd ?? process.cwd();
    let stdout = "";
    const stderr: string[] = [];
    const files = new Map<string, { content: Buffer; secret: boolean }>();
    const ctx: CliContext = {
        cwd,
        env: options.env ?? {},
        read: async (p) => {
            if (p === "-") return Buffer.from(options.stdin ?? "");
            const abs = path.resolve(cwd, p);
            const written = files.get(abs);
            return written ? written.content : readNamedFile(cwd, p);
        },
        write: async (content, out, secret) => {
            if (out === undefined || out === "-") {
                stdout += Buffer.from(forStdout(content)).toString("utf8");
                return;
            }
            const buffer = Buffer.from(content);
            const abs = path.resolve(cwd, out);
            files.set(abs, { content: buffer, secret });
            if (options.writeToDisk)
                fs.writeFileSync(abs, buffer, { mode: secret ? 0o600 : 0o644 });
        },
        note: (line) => stderr.push(line),
        findings: (list: readonly Finding[]) => stderr.push(...list.map(formatFinding)),
    };
    const code = await main(argv, ctx, (s) => {
        stdout += s;
    });
    return { code, stdout, stderr, files };
}
