/**
 * Builds the value of `workload.compose.archive` or `workload.play.archive`: the base64 text of
 * a gzip-compressed tar of the workload folder, reproducible byte for byte.
 */

import { createHash } from "node:crypto";
import { ArchiveError } from "./errors";
import { readFolder } from "./folder";
import { gzipDeterministic } from "./gzip";
import { TarWriterEntry, entryNameProblem, writeTar } from "./tar-writer";

/** One entry of a built archive. */
export interface FolderArchiveEntry {
    /** The path inside the archive, `/`-separated; a directory's ends with `/`. */
    readonly name: string;
    /** Whether the entry is a regular file or a directory. */
    readonly type: "file" | "directory";
    /** The file's size in bytes; 0 for a directory. */
    readonly size: number;
}

/** An archive ready to go into a contract. */
export interface FolderArchive {
    /** The gzip-compressed tar. */
    readonly tgz: Buffer;
    /** {@link FolderArchive.tgz} as standard padded base64: the contract value. */
    readonly base64: string;
    /**
     * Hex SHA-256 of the uncompressed tar. This is the archive's content key: it depends only on
     * the names, kinds, executable bits and contents of the entries, never on the compressor.
     */
    readonly tarSha256: string;
    /**
     * Hex SHA-256 of {@link FolderArchive.tgz}. It is stable for one Node.js build, but a zlib
     * that compresses differently would change it; compare {@link FolderArchive.tarSha256}
     * to tell whether the contents changed.
     */
    readonly sha256: string;
    /** The entries in archive order. */
    readonly entries: readonly FolderArchiveEntry[];
}

/** A file given in memory to {@link archiveFiles}. */
export interface ArchiveFile {
    /**
     * The path inside the archive: relative, `/`-separated, without `.` or `..` segments,
     * e.g. `docker-compose.yaml` or `config/nginx.conf`. A name ending with `/` stands for an
     * (empty) directory and must have empty content.
     */
    readonly name: string;
    /** The contents; a string is encoded as UTF-8. */
    readonly content: string | Buffer;
    /**
     * The permission bits; only whether any execute bit is set matters (the file is written
     * with mode 0755 if so, else 0644). Default: 0644.
     */
    readonly mode?: number;
}

/**
 * Archives the contents of `folder` for a compose or play workload. The result is
 * deterministic: the same bytes on every machine and checkout whatever the files' times,
 * owners, permission bits beyond the execute bit, the umask or the directory listing order.
 * Entries are sorted by the UTF-8 bytes of their names (a directory, named with a final `/`,
 * comes before its contents); the folder itself is not an entry; every header has uid and gid
 * 0, no user or group name and mtime 0; directories get mode 0755, files 0755 when any execute
 * bit is set and 0644 otherwise. Dot files (such as `.env`) are included like any other file
 * and there are no ignore rules, so the folder should hold only what the workload needs.
 * Empty directories are kept. Names are put in Unicode NFC.
 *
 * On Windows the file system has no execute bits, so every file is archived with mode 0644.
 *
 * @param folder The folder whose contents to archive; if it is a symbolic link it is followed.
 * @throws ArchiveError naming the offending path relative to the folder, and what to do, when
 * the folder does not exist or is not a directory, holds a symbolic link (even one pointing
 * inside the folder), a device, a FIFO or a socket, holds a file that cannot be read, holds
 * nothing at all, holds a name with a backslash, or holds two names that are equal in NFC.
 */
export async function archiveFolder(folder: string): Promise<FolderArchive> {
    const entries = await readFolder(folder);
    if (entries.length === 0) {
        throw new ArchiveError(
            `archive folder "${folder}" is empty; put the workload's docker-compose.yaml or ` +
                "pod files in it",
        );
    }
    return buildArchive(entries, (name) => `archive folder "${folder}": "${name}"`);
}

/**
 * Builds the same kind of archive as {@link archiveFolder} from files held in memory, for
 * programs that generate their compose or pod files. Directories that the names imply are
 * added, so that the result equals the archive of a folder holding the same files.
 *
 * @param files The files, in any order.
 * @throws ArchiveError when the list is empty, a name is not a plain relative path, two names
 * are equal (after NFC), a name is used both as a file and as a directory, or a directory entry
 * has content.
 */
export function archiveFiles(files: readonly ArchiveFile[]): FolderArchive {
    if (files.length === 0) {
        throw new ArchiveError("archive: there are no files to archive; give at least one");
    }
    const describe = (name: string) => `archive: "${name}"`;
    const entries: TarWriterEntry[] = [];
    const directories = new Set<string>();
    for (const file of files) {
        const name = file.name.normalize("NFC");
        const isDirectory = name.endsWith("/");
        checkName(isDirectory ? name.slice(0, -1) : name, describe);
        const content = typeof file.content === "string" ? Buffer.from(file.content) : file.content;
        if (isDirectory && content.length > 0) {
            throw new ArchiveError(`${describe(name)} names a directory but has content`, name);
        }
        if (!isDirectory) {
            entries.push({ name, type: "file", mode: file.mode ?? 0o644, content });
        }
        // Every prefix ending at a slash is a directory the entry lives in (or is).
        for (let slash = name.indexOf("/"); slash >= 0; slash = name.indexOf("/", slash + 1)) {
            directories.add(name.slice(0, slash + 1));
        }
    }
    for (const directory of directories) {
        entries.push({ name: directory, type: "directory" });
    }
    return buildArchive(entries, describe);
}

/**
 * Sorts, checks and writes the entries, then compresses and hashes the result. `describe`
 * starts an error message about one entry name.
 */
function buildArchive(
    entries: TarWriterEntry[],
    describe: (name: string) => string,
): FolderArchive {
    const keyed = entries.map((entry) => ({ entry, key: Buffer.from(entry.name, "utf8") }));
    keyed.sort((a, b) => Buffer.compare(a.key, b.key));
    const files = new Set<string>();
    for (const [i, { entry, key }] of keyed.entries()) {
        checkName(entry.type === "directory" ? entry.name.slice(0, -1) : entry.name, describe);
        if (i > 0 && key.equals(keyed[i - 1].key)) {
            throw new ArchiveError(
                `${describe(entry.name)} appears twice (names are compared in Unicode NFC); ` +
                    "rename one of them",
                entry.name,
            );
        }
        if (entry.type === "file") {
            files.add(entry.name);
        } else if (files.has(entry.name.slice(0, -1))) {
            const name = entry.name.slice(0, -1);
            throw new ArchiveError(`${describe(name)} is both a file and a directory`, name);
        }
    }
    const tar = writeTar(keyed.map(({ entry }) => entry));
    const tgz = gzipDeterministic(tar);
    return {
        tgz,
        base64: tgz.toString("base64"),
        tarSha256: sha256(tar),
        sha256: sha256(tgz),
        entries: keyed.map(({ entry }) => ({
            name: entry.name,
            type: entry.type,
            size: entry.content?.length ?? 0,
        })),
    };
}

function checkName(name: string, describe: (name: string) => string): void {
    const problem = entryNameProblem(name);
    if (problem !== undefined) {
        throw new ArchiveError(`${describe(name)} ${problem}; rename it`, name);
    }
}

function sha256(data: Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}
