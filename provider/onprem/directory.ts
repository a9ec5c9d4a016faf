/**
 * Directory records (ECMA-119 9.1) and how they fill a directory's sectors. The image has one
 * directory, the root, once for the primary tree and once for the Joliet tree.
 */
import { both16, both32, recordDate, SECTOR } from "./iso-fields";

/** The file flags bit that marks a directory (ECMA-119 9.1.6). */
export const DIRECTORY_FLAG = 0x02;

/** The identifier of a directory's own record ("."). */
export const SELF = Buffer.from([0]);

/** The identifier of the record of a directory's parent (".."). */
export const PARENT = Buffer.from([1]);

/** What one directory record says. */
export interface RecordFields {
    /** The first sector of the file or directory. */
    readonly extent: number;
    /** Its length in bytes. */
    readonly size: number;
    /** Whether it is a directory. */
    readonly directory: boolean;
    /** The file identifier, as recorded (d-characters, UCS-2, or 0x00 / 0x01). */
    readonly identifier: Buffer;
    /** The System Use area (Rock Ridge entries); empty when none. */
    readonly systemUse?: Buffer;
}

/** The length of a record: 33 fixed bytes, the identifier, a pad to even, the System Use. */
export function recordLength(identifier: Buffer, systemUse?: Buffer): number {
    const base = 33 + identifier.length + (identifier.length % 2 === 0 ? 1 : 0);
    const total = base + (systemUse?.length ?? 0);
    // ECMA-119 keeps records at even lengths; a trailing zero byte is too short to be read as
    // a System Use entry.
    return total + (total % 2);
}

/**
 * Encodes one directory record.
 *
 * @throws RangeError when the record would exceed 255 bytes, which no name we accept reaches.
 */
export function directoryRecord(fields: RecordFields): Buffer {
    const length = recordLength(fields.identifier, fields.systemUse);
    if (length > 255) throw new RangeError(`a directory record of ${length} bytes exceeds 255`);
    const out = Buffer.alloc(length);
    out[0] = length;
    out[1] = 0;
    both32(out, 2, fields.extent);
    both32(out, 10, fields.size);
    recordDate().copy(out, 18);
    out[25] = fields.directory ? DIRECTORY_FLAG : 0;
    out[26] = 0;
    out[27] = 0;
    both16(out, 28, 1);
    out[32] = fields.identifier.length;
    fields.identifier.copy(out, 33);
    const systemUseAt =
        33 + fields.identifier.length + (fields.identifier.length % 2 === 0 ? 1 : 0);
    fields.systemUse?.copy(out, systemUseAt);
    return out;
}

/**
 * The byte offset of each record within a directory and the directory's length in whole
 * sectors: a record never crosses a sector boundary (ECMA-119 6.8.1.1), so one that does not
 * fit starts the next sector.
 */
export function packRecords(lengths: readonly number[]): { offsets: number[]; size: number } {
    const offsets: number[] = [];
    let at = 0;
    for (const length of lengths) {
        if (Math.floor(at / SECTOR) !== Math.floor((at + length - 1) / SECTOR)) {
            at = Math.ceil(at / SECTOR) * SECTOR;
        }
        offsets.push(at);
        at += length;
    }
    return { offsets, size: Math.max(1, Math.ceil(at / SECTOR)) * SECTOR };
}
