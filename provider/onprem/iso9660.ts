/**
 * An ISO 9660 image writer for small flat file sets, such as a cloud-init NoCloud seed: one
 * root directory, recorded three ways so that every reader sees the real names. The primary
 * tree has short upper-case names with Rock Ridge entries carrying the real ones; a Joliet
 * tree records the real names in UCS-2.
 *
 * The bytes depend on the volume identifier and the files only: no clock (every date is the
 * Unix epoch or "not specified"), no host name, no random. The order in which the caller lists
 * the files does not matter either.
 *
 * Layout, in 2048-byte sectors: 0-15 system area (zero); 16 primary volume descriptor; 17
 * Joliet supplementary volume descriptor; 18 terminator; 19-22 the little- and big-endian path
 * tables of each tree; then the primary root directory, the Joliet root directory, one sector
 * continuing the root's Rock Ridge entries, and the files' data, each from a sector boundary.
 */
import { constants as bufferConstants } from "node:buffer";
import { InputError } from "../errors";
import { directoryRecord, packRecords, PARENT, SELF } from "./directory";
import { asciiField, both16, both32, SECTOR, sectorsFor, volumeDate } from "./iso-fields";
import { checkFileName, checkVolumeId, compareIdentifiers, primaryIdentifiers } from "./iso-names";
import { jolietIdentifier, writeJolietIdentifiers } from "./joliet";
import { er, fileEntries, rootParentEntries, rootSelfEntries } from "./rockridge";

/** One file of the image's root directory. */
export interface IsoFile {
    /** The real name, as Rock Ridge and Joliet readers show it (see `FILE_NAME` in iso-names). */
    readonly name: string;
    /** The content; a string is written as UTF-8. */
    readonly data: string | Buffer;
}

/** What {@link writeIso9660} writes. */
export interface Iso9660Input {
    /** The volume identifier (the label that `blkid` reports), e.g. `cidata`. */
    readonly volumeId: string;
    /** The files of the root directory; names must differ even ignoring case. */
    readonly files: readonly IsoFile[];
}

/** The largest file one directory record can describe: 4 GiB - 1 bytes. */
export const MAX_FILE_SIZE = 0xffffffff;

/** Where a file lies in a planned image. */
export interface PlannedFile {
    readonly name: string;
    readonly size: number;
    /** The first sector of its data. */
    readonly sector: number;
}

/** The sector map of an image, computed from names and sizes alone. */
export interface IsoPlan {
    readonly volumeId: string;
    /** The image's length in sectors. */
    readonly sectors: number;
    /** The files in the primary directory's order, which is also the order of their data. */
    readonly files: readonly PlannedFile[];
    /** The primary root directory: its first sector and its records, laid out. */
    readonly primary: { readonly sector: number; readonly bytes: Buffer };
    /** The Joliet root directory. */
    readonly joliet: { readonly sector: number; readonly bytes: Buffer };
    /** The sector holding the continuation of the root's Rock Ridge entries. */
    readonly continuation: number;
}

const PRIMARY_PATH_TABLES = 19;
const JOLIET_PATH_TABLES = 21;
const FIRST_DIRECTORY_SECTOR = 23;
const PATH_TABLE_SIZE = 10;

function directoryBytes(records: readonly Buffer[]): { bytes: Buffer; sectors: number } {
    const { offsets, size } = packRecords(records.map((r) => r.length));
    const bytes = Buffer.alloc(size);
    records.forEach((record, i) => record.copy(bytes, offsets[i]));
    return { bytes, sectors: size / SECTOR };
}

function checkFiles(files: readonly { name: string; size: number }[]): void {
    const seen = new Set<string>();
    files.forEach((file, i) => {
        checkFileName(file.name, `files[${i}].name`);
        const folded = file.name.toLowerCase();
        if (seen.has(folded)) {
            throw new InputError(
                `files[${i}].name`,
                "repeats another file's name (ignoring case); give each file its own name",
            );
        }
        seen.add(folded);
        if (!Number.isSafeInteger(file.size) || file.size < 0 || file.size > MAX_FILE_SIZE) {
            throw new InputError(
                `files[${i}]`,
                `is ${file.size} bytes; an ISO 9660 file holds at most ${MAX_FILE_SIZE} bytes (4 GiB - 1)`,
            );
        }
    });
}

/**
 * Plans an image: which sector holds what. Takes names and sizes only, so that limits can be
 * checked before any content is read.
 *
 * @throws InputError for a volume identifier or file name the format cannot hold, names that
 *   clash, a file over 4 GiB - 1, or an image larger than this process can hold in memory.
 */
export function planIso9660(
    volumeId: string,
    files: readonly { readonly name: string; readonly size: number }[],
): IsoPlan {
    checkVolumeId(volumeId);
    checkFiles(files);
    const short = primaryIdentifiers(files.map((f) => f.name));
    const shortOf = (name: string) => short.get(name) as string;
    const primaryOrder = [...files].sort((a, b) =>
        compareIdentifiers(shortOf(a.name), shortOf(b.name)),
    );
    const jolietOrder = [...files].sort((a, b) => compareIdentifiers(a.name, b.name));

    // Record lengths do not depend on sector numbers, so a first pass with zeros sizes both
    // directories, and the second pass fills in the real numbers.
    const build = (
        primarySector: number,
        jolietSector: number,
        continuation: number,
        placed: Map<string, number>,
        sizes: [number, number],
    ) => {
        const primary = [
            directoryRecord({
                extent: primarySector,
                size: sizes[0],
                directory: true,
                identifier: SELF,
                systemUse: rootSelfEntries(continuation),
            }),
            directoryRecord({
                extent: primarySector,
                size: sizes[0],
                directory: true,
                identifier: PARENT,
                systemUse: rootParentEntries(),
            }),
            ...primaryOrder.map((f) =>
                directoryRecord({
                    extent: placed.get(f.name) ?? 0,
                    size: f.size,
                    directory: false,
                    identifier: Buffer.from(shortOf(f.name), "latin1"),
                    systemUse: fileEntries(f.name),
                }),
            ),
        ];
        const joliet = [
            directoryRecord({
                extent: jolietSector,
                size: sizes[1],
                directory: true,
                identifier: SELF,
            }),
            directoryRecord({
                extent: jolietSector,
                size: sizes[1],
                directory: true,
                identifier: PARENT,
            }),
            ...jolietOrder.map((f) =>
                directoryRecord({
                    extent: placed.get(f.name) ?? 0,
                    size: f.size,
                    directory: false,
                    identifier: jolietIdentifier(f.name),
                }),
            ),
        ];
        return { primary: directoryBytes(primary), joliet: directoryBytes(joliet) };
    };
    const sized = build(0, 0, 0, new Map(), [0, 0]);
    const primarySector = FIRST_DIRECTORY_SECTOR;
    const jolietSector = primarySector + sized.primary.sectors;
    const continuation = jolietSector + sized.joliet.sectors;
    let next = continuation + 1;
    const placed = new Map<string, number>();
    const planned: PlannedFile[] = [];
    for (const f of primaryOrder) {
        // An empty file takes no sector; like genisoimage, it points where the next data starts.
        placed.set(f.name, next);
        planned.push({ name: f.name, size: f.size, sector: next });
        next += sectorsFor(f.size);
    }
    // Keep every recorded extent inside the volume, even that of an empty file placed last.
    const sectors = planned.some((f) => f.sector >= next) ? next + 1 : next;
    if (sectors * SECTOR > bufferConstants.MAX_LENGTH) {
        throw new InputError(
            "files",
            `make an image of ${sectors * SECTOR} bytes, more than this process can hold in memory`,
        );
    }
    const final = build(primarySector, jolietSector, continuation, placed, [
        sized.primary.sectors * SECTOR,
        sized.joliet.sectors * SECTOR,
    ]);
    return {
        volumeId,
        sectors,
        files: planned,
        primary: { sector: primarySector, bytes: final.primary.bytes },
        joliet: { sector: jolietSector, bytes: final.joliet.bytes },
        continuation,
    };
}

function pathTable(extent: number, bigEndian: boolean): Buffer {
    const out = Buffer.alloc(PATH_TABLE_SIZE);
    out[0] = 1;
    if (bigEndian) {
        out.writeUInt32BE(extent, 2);
        out.writeUInt16BE(1, 6);
    } else {
        out.writeUInt32LE(extent, 2);
        out.writeUInt16LE(1, 6);
    }
    return out;
}

function volumeDescriptor(plan: IsoPlan, joliet: boolean): Buffer {
    const d = Buffer.alloc(SECTOR);
    d[0] = joliet ? 2 : 1;
    d.write("CD001", 1, "latin1");
    d[6] = 1;
    const tree = joliet ? plan.joliet : plan.primary;
    const paths = joliet ? JOLIET_PATH_TABLES : PRIMARY_PATH_TABLES;
    if (joliet) {
        writeJolietIdentifiers(d, plan.volumeId);
    } else {
        asciiField(d, 8, 32, "");
        asciiField(d, 40, 32, plan.volumeId);
        for (const offset of [190, 318, 446, 574]) asciiField(d, offset, 128, "");
        for (const offset of [702, 739, 776]) asciiField(d, offset, 37, "");
    }
    both32(d, 80, plan.sectors);
    both16(d, 120, 1);
    both16(d, 124, 1);
    both16(d, 128, SECTOR);
    both32(d, 132, PATH_TABLE_SIZE);
    d.writeUInt32LE(paths, 140);
    d.writeUInt32BE(paths + 1, 148);
    directoryRecord({
        extent: tree.sector,
        size: tree.bytes.length,
        directory: true,
        identifier: SELF,
    }).copy(d, 156);
    volumeDate(true).copy(d, 813);
    volumeDate(true).copy(d, 830);
    volumeDate(false).copy(d, 847);
    volumeDate(false).copy(d, 864);
    d[881] = 1;
    return d;
}

/**
 * Writes an ISO 9660 image with Joliet and Rock Ridge whose root directory holds `files`.
 *
 * @returns the image; the same input always gives the same bytes.
 * @throws InputError as {@link planIso9660} does.
 */
export function writeIso9660(input: Iso9660Input): Buffer {
    const contents = new Map<string, Buffer>();
    const sizes = input.files.map((f) => {
        const data = typeof f.data === "string" ? Buffer.from(f.data, "utf8") : f.data;
        contents.set(f.name, data);
        return { name: f.name, size: data.length };
    });
    const plan = planIso9660(input.volumeId, sizes);
    const image = Buffer.alloc(plan.sectors * SECTOR);
    volumeDescriptor(plan, false).copy(image, 16 * SECTOR);
    volumeDescriptor(plan, true).copy(image, 17 * SECTOR);
    image[18 * SECTOR] = 255;
    image.write("CD001", 18 * SECTOR + 1, "latin1");
    image[18 * SECTOR + 6] = 1;
    for (const [sector, directory] of [
        [PRIMARY_PATH_TABLES, plan.primary.sector],
        [JOLIET_PATH_TABLES, plan.joliet.sector],
    ]) {
        pathTable(directory, false).copy(image, sector * SECTOR);
        pathTable(directory, true).copy(image, (sector + 1) * SECTOR);
    }
    plan.primary.bytes.copy(image, plan.primary.sector * SECTOR);
    plan.joliet.bytes.copy(image, plan.joliet.sector * SECTOR);
    er().copy(image, plan.continuation * SECTOR);
    for (const file of plan.files) {
        (contents.get(file.name) as Buffer).copy(image, file.sector * SECTOR);
    }
    return image;
}
