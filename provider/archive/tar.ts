/**
 * The tar format as this package writes and reads it: 512-byte POSIX ustar headers, each
 * followed by the entry's data padded to a whole block, with pax extended headers (POSIX.1-2001)
 * for what a ustar header cannot hold. This file holds what the writer and the reader share: the
 * header layout, the numeric and text field codecs and the checksum.
 */

/** The size of a tar block; headers take one block and data is padded to whole blocks. */
export const BLOCK_SIZE = 512;

/**
 * What an archive entry is, from its header's type flag: `file` (regular file), `directory`,
 * `symlink`, `hardlink`, `character-device`, `block-device`, `fifo`, or `other` for anything
 * else (GNU sparse files, volume labels and unknown flags).
 */
export type TarEntryType =
    | "file"
    | "directory"
    | "symlink"
    | "hardlink"
    | "character-device"
    | "block-device"
    | "fifo"
    | "other";

/** A ustar header field: its offset in the header block and its length in bytes. */
export interface HeaderField {
    readonly offset: number;
    readonly length: number;
}

const field = (offset: number, length: number): HeaderField => ({ offset, length });

/** The fields of a ustar header block, as POSIX lays them out. */
export const HEADER = {
    name: field(0, 100),
    mode: field(100, 8),
    uid: field(108, 8),
    gid: field(116, 8),
    size: field(124, 12),
    mtime: field(136, 12),
    checksum: field(148, 8),
    typeflag: field(156, 1),
    linkname: field(157, 100),
    magic: field(257, 6),
    version: field(263, 2),
    uname: field(265, 32),
    gname: field(297, 32),
    devmajor: field(329, 8),
    devminor: field(337, 8),
    prefix: field(345, 155),
} as const;

/** The type flags this package gives a meaning to. */
export const TYPEFLAG = {
    file: "0",
    oldFile: "\0",
    hardlink: "1",
    symlink: "2",
    characterDevice: "3",
    blockDevice: "4",
    directory: "5",
    fifo: "6",
    contiguousFile: "7",
    paxHeader: "x",
    paxGlobalHeader: "g",
    gnuLongName: "L",
    gnuLongLinkName: "K",
} as const;

/** The largest value an octal size field of 12 bytes can hold (8 GiB less one byte). */
export const MAX_OCTAL_SIZE = 0o77777777777;

/** The number of bytes `size` bytes of data take once padded to whole blocks. */
export function paddedSize(size: number): number {
    return Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
}

/**
 * Writes `value` into `header` as zero-padded octal followed by a NUL, the form every tar reader
 * understands.
 *
 * @throws Error when the value is negative, not an integer, or needs more digits than the field.
 */
export function writeOctal(header: Buffer, at: HeaderField, value: number): void {
    const digits = at.length - 1;
    const text = value.toString(8).padStart(digits, "0");
    if (!Number.isSafeInteger(value) || value < 0 || text.length > digits) {
        throw new Error(`tar: ${value} does not fit in a ${at.length}-byte octal field`);
    }
    header.write(text, at.offset, "latin1");
    header[at.offset + digits] = 0;
}

/**
 * Reads a numeric header field: octal digits, optionally surrounded by spaces and ended by a
 * NUL, or the base-256 form (first byte 0x80) that GNU tar and others use for large values.
 * An empty field reads as 0.
 *
 * @throws Error when the field holds anything else or a value beyond 2^53.
 */
export function readNumber(header: Buffer, at: HeaderField, what: string): number {
    const bytes = header.subarray(at.offset, at.offset + at.length);
    if (bytes[0] === 0x80) {
        let value = 0;
        for (const byte of bytes.subarray(1)) {
            value = value * 256 + byte;
        }
        if (!Number.isSafeInteger(value)) {
            throw new Error(`the ${what} field is too large`);
        }
        return value;
    }
    if ((bytes[0] & 0x80) !== 0) {
        throw new Error(`the ${what} field is negative or malformed`);
    }
    const nul = bytes.indexOf(0);
    const text = bytes
        .subarray(0, nul < 0 ? bytes.length : nul)
        .toString("latin1")
        .trim();
    if (text === "") {
        return 0;
    }
    if (!/^[0-7]+$/.test(text)) {
        throw new Error(`the ${what} field is not an octal number`);
    }
    return parseInt(text, 8);
}

/** Reads a text header field up to its first NUL, as UTF-8. */
export function readText(header: Buffer, at: HeaderField): string {
    const bytes = header.subarray(at.offset, at.offset + at.length);
    const nul = bytes.indexOf(0);
    return bytes.subarray(0, nul < 0 ? bytes.length : nul).toString("utf8");
}

/**
 * The header's checksum as POSIX defines it (the sum of all bytes, with the checksum field
 * counted as spaces), together with the sum over signed bytes that some old writers used.
 */
export function headerChecksums(header: Buffer): { unsigned: number; signed: number } {
    let unsigned = 0;
    let signed = 0;
    const { offset, length } = HEADER.checksum;
    for (let i = 0; i < BLOCK_SIZE; i++) {
        const byte = i >= offset && i < offset + length ? 0x20 : header[i];
        unsigned += byte;
        signed += byte >= 0x80 ? byte - 0x100 : byte;
    }
    return { unsigned, signed };
}

/**
 * Fills in the checksum field of a finished header: six octal digits, a NUL and a space, the
 * layout the historical tar writers used and every reader accepts.
 */
export function sealHeader(header: Buffer): void {
    const { unsigned } = headerChecksums(header);
    const { offset } = HEADER.checksum;
    header.write(unsigned.toString(8).padStart(6, "0"), offset, "latin1");
    header[offset + 6] = 0;
    header[offset + 7] = 0x20;
}

/**
 * Encodes one pax extended header record, `"<length> <key>=<value>\n"`, where the length
 * counts the whole record including its own digits.
 */
export function paxRecord(key: string, value: string): Buffer {
    const body = Buffer.from(` ${key}=${value}\n`, "utf8");
    let length = body.length + String(body.length).length;
    if (String(length).length + body.length !== length) {
        length += 1;
    }
    return Buffer.concat([Buffer.from(String(length), "latin1"), body]);
}

/**
 * Decodes the records of a pax extended header into a key-value map, in record order; a
 * record with an empty value removes the key, as POSIX says.
 *
 * @throws Error when a record's length or layout is malformed.
 */
export function parsePaxRecords(data: Buffer): Map<string, string> {
    const records = new Map<string, string>();
    let position = 0;
    while (position < data.length) {
        const space = data.indexOf(0x20, position);
        const digits = space < 0 ? "" : data.subarray(position, space).toString("latin1");
        if (!/^[1-9][0-9]{0,8}$/.test(digits)) {
            throw new Error("a pax header record has a malformed length");
        }
        const end = position + parseInt(digits, 10);
        if (end > data.length || end <= space + 1 || data[end - 1] !== 0x0a) {
            throw new Error("a pax header record has a wrong length");
        }
        const record = data.subarray(space + 1, end - 1);
        const equals = record.indexOf(0x3d);
        if (equals <= 0) {
            throw new Error("a pax header record has no key");
        }
        const key = record.subarray(0, equals).toString("utf8");
        const value = record.subarray(equals + 1).toString("utf8");
        if (value === "") {
            records.delete(key);
        } else {
            records.set(key, value);
        }
        position = end;
    }
    return records;
}
