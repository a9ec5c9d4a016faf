/**
 * Reads an archive value back out of a contract and says, as findings, what the enclave would
 * refuse in it. Made for untrusted input: it never throws and bounds every size.
 */

import type { HplOf } from "../finding-codes";
import { Finding, finding, joinPath, uniqueFindings } from "../findings";
import { gunzipBounded } from "./gzip";
import { TarEntryType } from "./tar";
import { TarLimitError, readTar } from "./tar-reader";

/** Bounds on what {@link inspectArchive} accepts, so a hostile archive cannot exhaust memory. */
export interface ArchiveLimits {
    /** The most bytes of gzip data. Default: 16 MiB. */
    readonly maxCompressed?: number;
    /** The most bytes of uncompressed tar. Default: 64 MiB. */
    readonly maxUncompressed?: number;
    /** The most entries. Default: 10,000. */
    readonly maxEntries?: number;
}

/** The limits {@link inspectArchive} applies when none are given. */
export const DEFAULT_ARCHIVE_LIMITS: Required<ArchiveLimits> = {
    maxCompressed: 16 * 1024 * 1024,
    maxUncompressed: 64 * 1024 * 1024,
    maxEntries: 10_000,
};

/** One entry of an inspected archive. */
export interface ArchiveEntry {
    /** The name as stored in the archive, not cleaned. */
    readonly name: string;
    /** What the entry is. */
    readonly type: TarEntryType;
    /** The size of its data in bytes. */
    readonly size: number;
    /** Its permission bits. */
    readonly mode: number;
}

/** What {@link inspectArchive} found in an archive. */
export interface ArchiveInspection {
    /** Everything wrong with the archive; empty when the enclave would accept it. */
    readonly findings: Finding[];
    /** The entries in archive order, when the archive could be read to its end. */
    readonly entries?: readonly ArchiveEntry[];
    /**
     * The regular files' contents by name (a leading `./` removed), when the archive could be
     * read to its end. Where a name appears twice the later entry wins, as on extraction.
     */
    readonly files?: ReadonlyMap<string, Buffer>;
}

const notBase64 = "the archive is not standard padded base64 on one line; encode the tar.gz again";

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes and checks the value of an archive field (`workload.compose.archive` or
 * `workload.play.archive`). Each problem is an error finding at `path`, or at the entry's path
 * bracketed after it (`workload.compose.archive["../x"]`); no message repeats file contents.
 * The checks: the value is standard padded base64 without line breaks, it is gzip data that
 * decompresses within the limits, the tar inside reads to its end and holds at least one
 * entry, every entry is a regular file or a directory, and no name is absolute, holds a `..`
 * segment, a backslash or a NUL character.
 *
 * @param base64 The archive value as it appears in the contract.
 * @param path The contract path of the value, e.g. `workload.compose.archive`.
 * @param limits Bounds on the sizes; each defaults to {@link DEFAULT_ARCHIVE_LIMITS}.
 * @returns The findings and, when the tar could be read, its entries and files. Never throws.
 */
export function inspectArchive(
    base64: string,
    path: string,
    limits: ArchiveLimits = {},
): ArchiveInspection {
    const { maxCompressed, maxUncompressed, maxEntries } = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
    const invalid = (message: string, hpl?: HplOf<"ARCHIVE_INVALID">): ArchiveInspection => ({
        findings: [finding("ARCHIVE_INVALID", "error", path, message, hpl)],
    });

    if (typeof base64 !== "string" || base64.length === 0 || !STRICT_BASE64.test(base64)) {
        return invalid(notBase64, "HPL06002E");
    }
    const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
    if ((base64.length / 4) * 3 - padding > maxCompressed) {
        return invalid(
            `the archive is larger than ${maxCompressed} bytes compressed; keep large data out ` +
                "of the contract, in the container images",
        );
    }
    // Node's decoder ignores non-zero bits in the last character; strict base64 does not.
    // Only the last quantum can hold such bits, so only it is encoded again.
    const last = base64.slice(-4);
    if (Buffer.from(last, "base64").toString("base64") !== last) {
        return invalid(notBase64, "HPL06002E");
    }
    const compressed = decodeBase64(base64, (base64.length / 4) * 3 - padding);
    const gunzipped = gunzipBounded(compressed, maxUncompressed);
    // The workload's files stay in no buffer kept for later.
    compressed.fill(0);
    if (!gunzipped.ok) {
        return invalid(
            gunzipped.reason === "not-gzip"
                ? "the archive is not gzip data; it must be a gzip-compressed tar of the folder"
                : gunzipped.reason === "damaged"
                  ? "the archive's gzip data is damaged or cut short; build the archive again"
                  : `the archive unpacks to more than ${maxUncompressed} bytes; keep large data ` +
                    "out of the contract, in the container images",
            gunzipped.reason === "too-large" ? undefined : "HPL06006E",
        );
    }

    let entries;
    try {
        entries = readTar(gunzipped.data, { maxEntries });
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return error instanceof TarLimitError
            ? invalid(`${reason}; put fewer files in the archive`)
            : invalid(
                  `the tar inside the archive is unreadable: ${reason}; build it again`,
                  "HPL06007E",
              );
    }
    if (entries.length === 0) {
        return invalid(
            "the archive holds no files; put the workload's docker-compose.yaml or pod files in it",
            "HPL06007E",
        );
    }

    const findings: Finding[] = [];
    const files = new Map<string, Buffer>();
    for (const entry of entries) {
        const at = entryPath(path, entry.name);
        if (entry.type !== "file" && entry.type !== "directory") {
            findings.push(
                finding(
                    "ARCHIVE_ENTRY_TYPE",
                    "error",
                    at,
                    `the entry is ${TYPE_WORDS[entry.type]}, but the enclave accepts only ` +
                        `regular files and directories; ${TYPE_FIX[entry.type] ?? "remove it"}`,
                    "HPL06002E",
                ),
            );
        }
        const problem = pathProblem(entry.name);
        if (problem !== undefined) {
            findings.push(finding("ARCHIVE_PATH", "error", at, problem, "HPL06002E"));
        }
        if (entry.content !== undefined) {
            files.set(stripDot(entry.name), entry.content);
        }
    }
    return {
        findings: uniqueFindings(findings),
        entries: entries.map(({ name, type, size, mode }) => ({ name, type, size, mode })),
        files,
    };
}

// Archives are decoded into one buffer kept for the purpose: the decoded bytes live only until
// they are unpacked, within one synchronous call (and are wiped then), so a fleet of new
// archives allocates nothing for them. A larger archive gets a buffer of its own, not kept.
const SCRATCH_MAX = 1024 * 1024;
let scratch: Buffer | undefined;

/** The bytes of `base64` (`length` of them), valid until the next call. */
function decodeBase64(base64: string, length: number): Buffer {
    if (length > SCRATCH_MAX) return Buffer.from(base64, "base64");
    if (!scratch || scratch.length < length) {
        scratch = Buffer.allocUnsafe(Math.min(SCRATCH_MAX, Math.max(length, 64 * 1024)));
    }
    return scratch.subarray(0, scratch.write(base64, 0, "base64"));
}

/**
 * The names of the regular files at the top level of an inspected archive (names without a
 * `/` once a leading `./` is removed), in archive order; empty when the archive was unreadable.
 */
export function topLevelFiles(inspection: ArchiveInspection): string[] {
    return (inspection.entries ?? [])
        .filter((entry) => entry.type === "file")
        .map((entry) => stripDot(entry.name))
        .filter((name) => name !== "" && !name.includes("/"));
}

const TYPE_WORDS: Record<TarEntryType, string> = {
    file: "a regular file",
    directory: "a directory",
    symlink: "a symbolic link",
    hardlink: "a hard link",
    "character-device": "a character device",
    "block-device": "a block device",
    fifo: "a FIFO (named pipe)",
    other: "of a special type",
};

const TYPE_FIX: Partial<Record<TarEntryType, string>> = {
    symlink: "put a copy of the file it points to in its place",
    hardlink: "put a copy of the file in its place",
};

/** What is wrong with an entry's name and how to fix it, as one sentence; undefined if nothing. */
function pathProblem(name: string): string | undefined {
    const relative = "build the archive from the folder's contents with names relative to it";
    if (name === "") {
        return `the entry has an empty name; ${relative}`;
    }
    if (name.includes("\0")) {
        return "the entry's name contains a NUL character; rename the file";
    }
    if (name.includes("\\")) {
        return (
            "the entry's name contains a backslash, which is not a path separator in the " +
            "enclave; rename the file"
        );
    }
    if (name.startsWith("/")) {
        return `the entry's name is absolute; ${relative}`;
    }
    if (name.split("/").includes("..")) {
        return `the entry's name climbs out of the archive with \`..\`; ${relative}`;
    }
    return undefined;
}

/** The contract path of an entry: plain names after a dot, anything else in brackets. */
function entryPath(path: string, name: string): string {
    const segment = joinPath(name);
    return segment.startsWith("[") ? `${path}${segment}` : `${path}.${segment}`;
}

function stripDot(name: string): string {
    return name.startsWith("./") ? name.slice(2) : name;
}
