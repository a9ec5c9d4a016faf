/**
 * Writes tar archives whose bytes depend only on the entries' names, kinds, executable bits
 * and contents, so that the same folder gives the same archive on every machine.
 */

import {
    BLOCK_SIZE,
    HEADER,
    MAX_OCTAL_SIZE,
    TYPEFLAG,
    paddedSize,
    paxRecord,
    sealHeader,
    writeOctal,
} from "./tar";

/** One entry to write: a regular file or a directory. */
export interface TarWriterEntry {
    /**
     * The entry's path inside the archive: relative, `/`-separated, without `.` or `..`
     * segments, backslashes or NUL characters. A directory's name may end with `/`; the writer
     * adds the slash when it is missing.
     */
    readonly name: string;
    /** Whether the entry is a regular file or a directory. */
    readonly type: "file" | "directory";
    /**
     * The source's permission bits. Only one thing is kept of them: a file with any execute
     * bit set is written with mode 0755, any other file with 0644; directories always get 0755.
     * Default: 0644.
     */
    readonly mode?: number;
    /** A file's contents; must be empty or absent for a directory. Default: empty. */
    readonly content?: Buffer;
}

/**
 * The modification time written in every header: 0, the Unix epoch. A constant keeps archives
 * reproducible; the enclave does not use the times.
 */
export const ARCHIVE_MTIME = 0;

const MAX_USTAR_NAME = HEADER.name.length;
const MAX_USTAR_PREFIX = HEADER.prefix.length;
const EMPTY = Buffer.alloc(0);

/**
 * Writes `entries`, in the order given, as an uncompressed tar archive ending with two zero
 * blocks. Every header is ustar with uid and gid 0, empty user and group names, mtime
 * {@link ARCHIVE_MTIME} and device numbers 0. A name longer than the ustar name and prefix
 * fields can hold, or holding non-ASCII characters, is carried by a pax extended header
 * (`path=`) before its entry.
 *
 * @throws Error naming the entry when a name is not a plain relative path, when a directory
 * has contents, or when a file is 8 GiB or larger.
 */
export function writeTar(entries: readonly TarWriterEntry[]): Buffer {
    const blocks: Buffer[] = [];
    for (const entry of entries) {
        const name = checkedName(entry);
        const content = entry.content ?? EMPTY;
        if (entry.type === "directory" && content.length > 0) {
            throw new Error(`tar: directory "${name}" cannot have contents`);
        }
        if (content.length > MAX_OCTAL_SIZE) {
            throw new Error(`tar: file "${name}" is 8 GiB or larger`);
        }
        const mode =
            entry.type === "directory" || ((entry.mode ?? 0) & 0o111) !== 0 ? 0o755 : 0o644;
        const typeflag = entry.type === "directory" ? TYPEFLAG.directory : TYPEFLAG.file;
        const fields = ustarName(name);
        if (fields === undefined) {
            const records = paxRecord("path", name);
            blocks.push(header(paxHeaderName(name), TYPEFLAG.paxHeader, 0o644, records.length));
            blocks.push(padded(records));
            blocks.push(
                header({ name: fallbackName(name), prefix: "" }, typeflag, mode, content.length),
            );
        } else {
            blocks.push(header(fields, typeflag, mode, content.length));
        }
        blocks.push(padded(content));
    }
    blocks.push(Buffer.alloc(2 * BLOCK_SIZE));
    return Buffer.concat(blocks);
}

function checkedName(entry: TarWriterEntry): string {
    let name = entry.name;
    if (entry.type === "directory" && !name.endsWith("/")) {
        name += "/";
    }
    const problem = entryNameProblem(entry.type === "directory" ? name.slice(0, -1) : name);
    if (problem !== undefined) {
        throw new Error(`tar: entry name ${JSON.stringify(entry.name)} ${problem}`);
    }
    return name;
}

/**
 * What is wrong with an entry name for writing, as a phrase such as `"contains a backslash"`,
 * or undefined when the name is a plain relative path. A directory's final `/` must be removed
 * before the check.
 */
export function entryNameProblem(name: string): string | undefined {
    if (name === "") {
        return "is empty";
    }
    if (name.includes("\0")) {
        return "contains a NUL character";
    }
    if (name.includes("\\")) {
        return "contains a backslash";
    }
    if (name.startsWith("/")) {
        return "is absolute";
    }
    if (name.split("/").some((s) => s === "" || s === "." || s === "..")) {
        return "has an empty, `.` or `..` segment";
    }
    return undefined;
}

interface NameFields {
    readonly name: string;
    readonly prefix: string;
}

/**
 * Fits an ASCII name into the ustar name field, or splits it at a `/` between the prefix and
 * name fields (taking the shortest prefix that works); undefined when neither is possible.
 */
function ustarName(name: string): NameFields | undefined {
    if (!/^[\x20-\x7e]*$/.test(name)) {
        return undefined;
    }
    if (name.length <= MAX_USTAR_NAME) {
        return { name, prefix: "" };
    }
    for (let slash = name.indexOf("/"); slash >= 0; slash = name.indexOf("/", slash + 1)) {
        const rest = name.length - slash - 1;
        if (slash > MAX_USTAR_PREFIX) {
            break;
        }
        if (rest > 0 && rest <= MAX_USTAR_NAME) {
            return { name: name.slice(slash + 1), prefix: name.slice(0, slash) };
        }
    }
    return undefined;
}

/**
 * The ustar name written beside a pax `path` record, for readers that ignore pax headers: the
 * name with every character outside printable ASCII replaced by `_`, cut to the field's size.
 */
function fallbackName(name: string): string {
    return name.replace(/[^\x20-\x7e]/gu, "_").slice(0, MAX_USTAR_NAME);
}

function paxHeaderName(name: string): NameFields {
    return { name: `PaxHeaders/${fallbackName(name)}`.slice(0, MAX_USTAR_NAME), prefix: "" };
}

function header(fields: NameFields, typeflag: string, mode: number, size: number): Buffer {
    const block = Buffer.alloc(BLOCK_SIZE);
    block.write(fields.name, HEADER.name.offset, "latin1");
    writeOctal(block, HEADER.mode, mode);
    writeOctal(block, HEADER.uid, 0);
    writeOctal(block, HEADER.gid, 0);
    writeOctal(block, HEADER.size, size);
    writeOctal(block, HEADER.mtime, ARCHIVE_MTIME);
    block.write(typeflag, HEADER.typeflag.offset, "latin1");
    block.write("ustar\u000000", HEADER.magic.offset, "latin1");
    writeOctal(block, HEADER.devmajor, 0);
    writeOctal(block, HEADER.devminor, 0);
    block.write(fields.prefix, HEADER.prefix.offset, "latin1");
    sealHeader(block);
    return block;
}

function padded(data: Buffer): Buffer {
    const rest = paddedSize(data.length) - data.length;
    return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(rest)]);
}
