/**
 * Rock Ridge (RRIP 1.10 over SUSP 1.10): the System Use entries that give POSIX readers, the
 * Linux kernel among them, the real lower-case file names and modes. Only what the readers
 * need is written: SP and ER to announce the extension, PX for modes, NM for names, and CE
 * to move the ER entry, too long for a directory record, into a continuation area.
 */
import { both32 } from "./iso-fields";

/** The file mode of the directory: read and search for all (`dr-xr-xr-x`). */
export const DIRECTORY_MODE = 0o040555;

/** The file mode of each file: read-only for all (`-r--r--r--`); the medium is read-only. */
export const FILE_MODE = 0o100444;

function entry(signature: string, body: Buffer): Buffer {
    const head = Buffer.from([
        signature.charCodeAt(0),
        signature.charCodeAt(1),
        4 + body.length,
        1,
    ]);
    return Buffer.concat([head, body]);
}

/**
 * SP (SUSP 5.3): the first entry of the root's "." record, saying that System Use entries
 * follow and that none of the area is skipped.
 */
export function sp(): Buffer {
    return entry("SP", Buffer.from([0xbe, 0xef, 0]));
}

/**
 * PX (RRIP 4.1.1, the 36-byte form of RRIP 1.10): mode, link count, owner and group, each a
 * 32-bit number in both byte orders. Owner and group are root.
 */
export function px(mode: number, links: number): Buffer {
    const body = Buffer.alloc(32);
    both32(body, 0, mode);
    both32(body, 8, links);
    both32(body, 16, 0);
    both32(body, 24, 0);
    return entry("PX", body);
}

/** NM (RRIP 4.1.4): the whole real name in one entry (flags 0). */
export function nm(name: string): Buffer {
    return entry("NM", Buffer.concat([Buffer.from([0]), Buffer.from(name, "latin1")]));
}

/** CE (SUSP 5.1): where the continuation of this record's System Use area lies. */
export function ce(sector: number, offset: number, length: number): Buffer {
    const body = Buffer.alloc(24);
    both32(body, 0, sector);
    both32(body, 8, offset);
    both32(body, 16, length);
    return entry("CE", body);
}

// The identifier, descriptor and source that RRIP 1.10 assigns to itself for the ER entry;
// they are format constants that readers may compare, not prose of ours.
const RRIP_ID = "RRIP_1991A";
const RRIP_DESCRIPTOR =
    "THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS";
const RRIP_SOURCE =
    "PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN " +
    "PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.";

/**
 * ER (SUSP 5.5): names the extension in use, RRIP 1.10. The Linux kernel prefers Rock Ridge
 * names over Joliet names only when it finds this entry.
 */
export function er(): Buffer {
    const head = Buffer.from([RRIP_ID.length, RRIP_DESCRIPTOR.length, RRIP_SOURCE.length, 1]);
    return entry("ER", Buffer.concat([head, Buffer.from(RRIP_ID + RRIP_DESCRIPTOR + RRIP_SOURCE)]));
}

/** The length of the ER entry, which the CE entry of the root's "." record announces. */
export const ER_LENGTH = er().length;

/** The System Use area of the root directory's "." record. */
export function rootSelfEntries(continuationSector: number): Buffer {
    return Buffer.concat([sp(), px(DIRECTORY_MODE, 2), ce(continuationSector, 0, ER_LENGTH)]);
}

/** The System Use area of the root directory's ".." record (its own parent). */
export function rootParentEntries(): Buffer {
    return px(DIRECTORY_MODE, 2);
}

/** The System Use area of a file's record. */
export function fileEntries(name: string): Buffer {
    return Buffer.concat([px(FILE_MODE, 1), nm(name)]);
}
