/**
 * Reads tar archives from any common writer (POSIX ustar and pax, GNU, old v7) far enough to
 * say what each entry is, without ever writing to disk. Built to face hostile input: every
 * length is checked against the buffer, and the entry count is bounded.
 */

import {
    BLOCK_SIZE,
    HEADER,
    TYPEFLAG,
    TarEntryType,
    headerChecksums,
    paddedSize,
    parsePaxRecords,
    readNumber,
    readText,
} from "./tar";

/** One entry of an archive, as its headers describe it. */
export interface TarEntry {
    /**
     * The entry's path as stored (from a pax `path` record, a GNU long name, or the ustar prefix
     * and name fields), without any cleaning: it may be absolute or hold `..` segments.
     */
    readonly name: string;
    /** What the entry is. */
    readonly type: TarEntryType;
    /** The size of the entry's data in bytes; 0 for entries that carry no data. */
    readonly size: number;
    /** The permission bits (mode & 0o7777). */
    readonly mode: number;
    /** A regular file's contents, as a view into the archive buffer; absent for other types. */
    readonly content?: Buffer;
}

/** Options of {@link readTar}. */
export interface TarReadOptions {
    /** The most entries to accept. Default: no limit beyond the buffer's size. */
    readonly maxEntries?: number;
}

/** The error {@link readTar} throws when an archive is malformed or truncated. */
export class TarFormatError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "TarFormatError";
    }
}

/** The error {@link readTar} throws when an archive holds more entries than allowed. */
export class TarLimitError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "TarLimitError";
    }
}

/** Types whose header is the whole entry: any size field they carry is not followed by data. */
const HEADER_ONLY = new Set<string>([
    TYPEFLAG.hardlink,
    TYPEFLAG.symlink,
    TYPEFLAG.characterDevice,
    TYPEFLAG.blockDevice,
    TYPEFLAG.directory,
    TYPEFLAG.fifo,
]);

/** Types that describe the entry after them rather than being entries themselves. */
const METADATA = new Set<string>([
    TYPEFLAG.paxHeader,
    TYPEFLAG.paxGlobalHeader,
    TYPEFLAG.gnuLongName,
    TYPEFLAG.gnuLongLinkName,
]);

const TYPES: Record<string, TarEntryType> = {
    [TYPEFLAG.file]: "file",
    [TYPEFLAG.contiguousFile]: "file",
    [TYPEFLAG.hardlink]: "hardlink",
    [TYPEFLAG.symlink]: "symlink",
    [TYPEFLAG.characterDevice]: "character-device",
    [TYPEFLAG.blockDevice]: "block-device",
    [TYPEFLAG.directory]: "directory",
    [TYPEFLAG.fifo]: "fifo",
};

/** What the metadata headers before an entry (pax, GNU long names) say about it. */
interface Pending {
    path?: string;
    size?: number;
}

/**
 * Reads every entry of the uncompressed tar archive `tar`, in archive order. Checksums are
 * verified; pax `path` and `size` records and GNU long names (`L`) override the ustar fields;
 * pax global headers and GNU long link names are read and ignored. The archive must end with
 * the end-of-archive zero block; whatever follows it is ignored.
 *
 * @throws TarFormatError naming the byte offset when a header is damaged, the data is cut
 * short, or the end-of-archive block is missing.
 * @throws TarLimitError when the archive holds more than `options.maxEntries` entries.
 */
export function readTar(tar: Buffer, options: TarReadOptions = {}): TarEntry[] {
    const maxEntries = options.maxEntries ?? Infinity;
    const entries: TarEntry[] = [];
    let pending: Pending = {};
    let offset = 0;
    for (;;) {
        if (offset >= tar.length) {
            throw new TarFormatError(
                "the archive ends without its end-of-archive block; it is probably truncated",
            );
        }
        if (offset + BLOCK_SIZE > tar.length) {
            throw new TarFormatError(
                `the archive is cut short inside the header at byte ${offset}`,
            );
        }
        const header = tar.subarray(offset, offset + BLOCK_SIZE);
        if (isZeroBlock(header)) {
            if (pending.path !== undefined || pending.size !== undefined) {
                throw new TarFormatError(`the extended header before byte ${offset} has no entry`);
            }
            return entries;
        }
        const parsed = parseHeader(header, offset);
        const typeflag = parsed.typeflag;
        // A pax size is the next real entry's, never that of another metadata header.
        const size = HEADER_ONLY.has(typeflag)
            ? 0
            : METADATA.has(typeflag)
              ? parsed.size
              : (pending.size ?? parsed.size);
        const start = offset + BLOCK_SIZE;
        if (start + paddedSize(size) > tar.length) {
            throw new TarFormatError(`the archive is cut short inside the entry at byte ${offset}`);
        }
        const data = tar.subarray(start, start + size);
        offset = start + paddedSize(size);

        if (typeflag === TYPEFLAG.paxHeader || typeflag === TYPEFLAG.paxGlobalHeader) {
            const records = paxRecords(data, offset);
            if (typeflag === TYPEFLAG.paxHeader) {
                pending = applyPax(pending, records, offset);
            }
            continue;
        }
        if (typeflag === TYPEFLAG.gnuLongName || typeflag === TYPEFLAG.gnuLongLinkName) {
            if (typeflag === TYPEFLAG.gnuLongName) {
                // The name is NUL-terminated; only trailing NULs go, so that an embedded NUL
                // stays visible to the path checks.
                let end = data.length;
                while (end > 0 && data[end - 1] === 0) {
                    end--;
                }
                pending = { ...pending, path: data.subarray(0, end).toString("utf8") };
            }
            continue;
        }

        if (entries.length >= maxEntries) {
            throw new TarLimitError(`the archive holds more than ${maxEntries} entries`);
        }
        const name = pending.path ?? parsed.name;
        pending = {};
        let type = TYPES[typeflag] ?? "other";
        // Old writers mark directories only by the trailing slash of a plain-file entry.
        if (typeflag === TYPEFLAG.oldFile) {
            type = name.endsWith("/") ? "directory" : "file";
        }
        const content = type === "file" ? data : undefined;
        entries.push({
            name,
            type,
            size: type === "directory" ? 0 : size,
            mode: parsed.mode & 0o7777,
            ...(content ? { content } : {}),
        });
    }
}

interface ParsedHeader {
    readonly name: string;
    readonly typeflag: string;
    readonly size: number;
    readonly mode: number;
}

function parseHeader(header: Buffer, offset: number): ParsedHeader {
    try {
        const stored = readNumber(header, HEADER.checksum, "checksum");
        const sums = headerChecksums(header);
        if (stored !== sums.unsigned && stored !== sums.signed) {
            throw new Error("its checksum does not match");
        }
        const magic = header.toString("latin1", HEADER.magic.offset, HEADER.version.offset);
        // Only POSIX ustar has a prefix field; GNU tar uses the same bytes for other things.
        const prefix = magic === "ustar\0" ? readText(header, HEADER.prefix) : "";
        const name = readText(header, HEADER.name);
        return {
            name: prefix === "" ? name : `${prefix}/${name}`,
            typeflag: String.fromCharCode(header[HEADER.typeflag.offset]),
            size: readNumber(header, HEADER.size, "size"),
            mode: readNumber(header, HEADER.mode, "mode"),
        };
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new TarFormatError(`the header at byte ${offset} is damaged: ${reason}`);
    }
}

function paxRecords(data: Buffer, end: number): Map<string, string> {
    try {
        return parsePaxRecords(data);
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new TarFormatError(`the extended header before byte ${end} is damaged: ${reason}`);
    }
}

function applyPax(pending: Pending, records: Map<string, string>, end: number): Pending {
    const next = { ...pending };
    const path = records.get("path");
    if (path !== undefined) {
        next.path = path;
    }
    const size = records.get("size");
    if (size !== undefined) {
        if (!/^[0-9]{1,15}$/.test(size)) {
            throw new TarFormatError(`the extended header before byte ${end} has a malformed size`);
        }
        next.size = parseInt(size, 10);
    }
    return next;
}

function isZeroBlock(block: Buffer): boolean {
    for (const byte of block) {
        if (byte !== 0) {
            return false;
        }
    }
    return true;
}
