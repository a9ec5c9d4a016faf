/**
 * Files the package writes for its users: whole or not at all, and owner-only when they hold
 * a secret. The CLI's `--out` files and the cidata ISO of an on-prem guest go through here.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes a file so that readers see the old content or the new, never a part: the content goes
 * to a sibling file, created exclusively, owner-only (`0600`) when secret and `0644` less the
 * umask otherwise, flushed to disk, which then replaces the target by rename. The sibling never
 * outlives the call: it is renamed or removed, whatever fails.
 *
 * @param target The file to write; its folder must exist.
 * @param secret Whether the content holds a secret.
 * @throws the file system's error when the folder is missing or not writable.
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
        const file = await fs.promises.open(sibling, "wx", mode);
        try {
            await file.writeFile(content);
            // A umask only clears bits; a secret file is set to exactly owner-only all the same.
            if (secret) await file.chmod(0o600);
            // On disk before the rename, so that a crash cannot leave the target empty.
            await file.sync();
        } finally {
            await file.close();
        }
        await fs.promises.rename(sibling, target);
    } catch (e) {
        await fs.promises.rm(sibling, { force: true });
        throw e;
    }
}
