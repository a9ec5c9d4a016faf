/**
 * The real CLI context: files, standard streams and atomic, owner-only output files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as crypto from "node:crypto";
import { formatFinding, type Finding } from "../../provider/contract/findings";
import type { CliContext } from "./command";

/** Reads all of standard input. */
async function readStdin(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
}

/**
 * Writes a file so that readers see the old content or the new, never a part: the content goes
 * to a sibling file created owner-only when secret, which then replaces the target.
 */
export async function writeFileAtomic(
    target: string,
    content: string | Buffer,
    secret: boolean,
): Promise<void> {
    const dir = path.dirname(target);
    const sibling = path.join(
        dir,
        `.${path.basename(target)}.${crypto.randomBytes(6).toString("hex")}.partial`,
    );
    const mode = secret ? 0o600 : 0o644;
    try {
        await fs.promises.writeFile(sibling, content, { mode, flag: "wx" });
        if (secret) await fs.promises.chmod(sibling, 0o600);
        await fs.promises.rename(sibling, target);
    } catch (e) {
        await fs.promises.rm(sibling, { force: true });
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
        read: (p) => (p === "-" ? readStdin() : fs.promises.readFile(path.resolve(cwd, p))),
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
