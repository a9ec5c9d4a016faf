/**
 * Shared pieces of the archive specs: temporary folders, the system `tar` command, and
 * hand-made tar headers for entries our writer refuses to write.
 */

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import {
    BLOCK_SIZE,
    HEADER,
    paddedSize,
    sealHeader,
    writeOctal,
} from "../../../provider/archive/tar";

/** Temporary folders made by one spec file, removed together by {@link TempFolders.removeAll}. */
export class TempFolders {
    private readonly made: string[] = [];

    /** Makes a new empty folder under the system's temporary folder. */
    make(): string {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), "hp-archive-"));
        this.made.push(folder);
        return folder;
    }

    /** Removes every folder made so far. */
    removeAll(): void {
        for (const folder of this.made.splice(0)) {
            fs.rmSync(folder, { recursive: true, force: true });
        }
    }
}

/** Runs the system `tar` with `args` and returns its standard output as UTF-8. */
export function systemTar(args: readonly string[], cwd?: string): string {
    return execFileSync("tar", ["--quoting-style=literal", ...args], {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, LC_ALL: "C.UTF-8", TZ: "UTC" },
    });
}

/** Builds a tar.gz with the system `tar` run with `args` in `cwd`, and returns it as base64. */
export function systemTgzBase64(
    folders: TempFolders,
    args: readonly string[],
    cwd: string,
): string {
    const out = path.join(folders.make(), "out.tgz");
    systemTar(["-czf", out, ...args], cwd);
    return fs.readFileSync(out).toString("base64");
}

/** One hand-made tar entry: any name bytes and any type flag. */
export interface RawEntry {
    readonly name: string;
    readonly typeflag: string;
    readonly data?: Buffer;
    /** A size written in the header instead of the data's length. */
    readonly size?: number;
}

/** Writes hand-made entries as a tar, with the end-of-archive blocks unless `end` is false. */
export function rawTar(entries: readonly RawEntry[], end = true): Buffer {
    const blocks: Buffer[] = [];
    for (const entry of entries) {
        const data = entry.data ?? Buffer.alloc(0);
        const header = Buffer.alloc(BLOCK_SIZE);
        header.write(entry.name, HEADER.name.offset, HEADER.name.length, "utf8");
        writeOctal(header, HEADER.mode, 0o644);
        writeOctal(header, HEADER.uid, 0);
        writeOctal(header, HEADER.gid, 0);
        writeOctal(header, HEADER.size, entry.size ?? data.length);
        writeOctal(header, HEADER.mtime, 0);
        header.write(entry.typeflag, HEADER.typeflag.offset, "latin1");
        header.write("ustar\u000000", HEADER.magic.offset, "latin1");
        sealHeader(header);
        const padding = Buffer.alloc(paddedSize(data.length) - data.length);
        blocks.push(header, data, padding);
    }
    if (end) {
        blocks.push(Buffer.alloc(2 * BLOCK_SIZE));
    }
    return Buffer.concat(blocks);
}

/** gzip + base64 of `data`, the form of a contract's archive value. */
export function tgzBase64(data: Buffer): string {
    return zlib.gzipSync(data).toString("base64");
}

/** Whether the process runs as root, for which permission tests mean nothing. */
export function isRoot(): boolean {
    return process.getuid?.() === 0;
}
