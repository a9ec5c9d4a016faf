/**
 * Reads a workload folder into the entries of an archive, refusing anything the enclave would
 * refuse: it accepts only regular files and directories.
 */

import { promises as fs, Stats } from "node:fs";
import * as path from "node:path";
import { ArchiveError } from "./errors";
import { TarWriterEntry } from "./tar-writer";

/**
 * Reads every file and directory under `folder` (the folder itself excluded) into archive
 * entries named relative to it, with `/` separators and names in Unicode NFC, so that a folder
 * checked out on macOS and on Linux gives the same names. Dot files are included like any
 * other file; there are no ignore rules. Empty directories are kept. If `folder` is itself a
 * symbolic link, it is followed; links inside it are not.
 *
 * The entries come in no particular order; the caller sorts them.
 *
 * @throws ArchiveError when the folder does not exist or is not a directory, or when it
 * holds a symbolic link, a device, a FIFO, a socket, or a file or directory that cannot be read;
 * the message names the path relative to the folder and says what to do.
 */
export async function readFolder(folder: string): Promise<TarWriterEntry[]> {
    let stats: Stats;
    try {
        stats = await fs.stat(folder);
    } catch (error) {
        const code = errorCode(error);
        throw new ArchiveError(
            code === "ENOENT"
                ? `archive folder "${folder}" does not exist; pass the folder that holds the ` +
                      "workload's docker-compose.yaml or pod files"
                : `archive folder "${folder}" cannot be read (${code}); check its permissions`,
        );
    }
    if (!stats.isDirectory()) {
        throw new ArchiveError(
            `archive folder "${folder}" is not a directory; pass the folder that holds the ` +
                "workload's files rather than a file",
        );
    }
    const entries: TarWriterEntry[] = [];
    await walk(folder, folder, "", entries);
    return entries;
}

async function walk(
    folder: string,
    directory: string,
    prefix: string,
    entries: TarWriterEntry[],
): Promise<void> {
    let children: string[];
    try {
        children = await fs.readdir(directory);
    } catch (error) {
        throw unreadable(folder, prefix === "" ? "." : prefix, error);
    }
    for (const child of children) {
        const absolute = path.join(directory, child);
        const name = prefix + child.normalize("NFC");
        let stats: Stats;
        try {
            stats = await fs.lstat(absolute);
        } catch (error) {
            throw unreadable(folder, name, error);
        }
        if (stats.isDirectory()) {
            entries.push({ name: `${name}/`, type: "directory", mode: stats.mode });
            await walk(folder, absolute, `${name}/`, entries);
        } else if (stats.isFile()) {
            let content: Buffer;
            try {
                content = await fs.readFile(absolute);
            } catch (error) {
                throw unreadable(folder, name, error);
            }
            entries.push({ name, type: "file", mode: stats.mode, content });
        } else {
            throw refused(folder, name, stats);
        }
    }
}

function refused(folder: string, name: string, stats: Stats): ArchiveError {
    const kind = stats.isSymbolicLink()
        ? "a symbolic link"
        : stats.isFIFO()
          ? "a FIFO (named pipe)"
          : stats.isSocket()
            ? "a socket"
            : stats.isCharacterDevice() || stats.isBlockDevice()
              ? "a device"
              : "neither a file nor a directory";
    const fix = stats.isSymbolicLink()
        ? "replace it with a copy of what it points to"
        : "remove it from the folder";
    return new ArchiveError(
        `archive folder "${folder}": "${name}" is ${kind}, but the enclave accepts only ` +
            `regular files and directories; ${fix}`,
        name,
    );
}

function unreadable(folder: string, name: string, error: unknown): ArchiveError {
    return new ArchiveError(
        `archive folder "${folder}": "${name}" cannot be read (${errorCode(error)}); make it ` +
            "readable or remove it from the folder",
        name,
    );
}

function errorCode(error: unknown): string {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === "string" ? code : String(error);
}
