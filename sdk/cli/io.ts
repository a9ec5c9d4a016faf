/**
 * The real CLI context: files, standard streams and atomic, owner-only output files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatFinding, type Finding } from "../../provider/findings";
import { writeFileAtomic } from "../../provider/files";
import { UnreadableFileError, type CliContext } from "./command";

/** Reads all of standard input. */
async function readStdin(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
}

/** What to tell of a file that cannot be read, by the system's error code. */
const UNREADABLE: Readonly<Record<string, string>> = {
    ENOENT: "there is no such file",
    ENOTDIR: "a part of its path is not a folder",
    EISDIR: "it is a folder; name a file",
    EACCES: "permission denied; make it readable or name another file",
    ENAMETOOLONG: "the name is too long for a file; name a file",
};

/**
 * Reads a file that a flag names, relative to `cwd`.
 *
 * @throws UnreadableFileError when it is missing, a folder or not readable.
 */
export async function readNamedFile(cwd: string, file: string): Promise<Buffer> {
    try {
        return await fs.promises.readFile(path.resolve(cwd, file));
    } catch (e) {
        const reason = UNREADABLE[(e as NodeJS.ErrnoException).code ?? ""];
        if (reason !== undefined) throw new UnreadableFileError(file, reason);
        throw e;
    }
}

/**
 * What goes to standard output: text gets a final newline when it lacks one, so that a token
 * or base64 printed to a terminal ends its line; bytes (a decrypted section) go out as they are.
 */
export function forStdout(content: string | Buffer): string | Buffer {
    return typeof content === "string" && !content.endsWith("\n") ? `${content}\n` : content;
}

/** The context of a real run. */
export function processContext(): CliContext {
    const cwd = process.cwd();
    return {
        cwd,
        env: process.env,
        read: (p) => (p === "-" ? readStdin() : readNamedFile(cwd, p)),
        write: async (content, out, secret) => {
            if (out === undefined || out === "-") {
                process.stdout.write(forStdout(content));
            } else {
                await writeFileAtomic(path.resolve(cwd, out), content, secret);
            }
        },
        note: (line) => process.stderr.write(`${line}\n`),
        findings: (list: readonly Finding[]) => {
            for (const f of list) process.stderr.write(`${formatFinding(f)}\n`);
        },
    };
}
