/**
 * File and volume names on the image: which real names the writer accepts, the short
 * upper-case names of the ISO 9660 primary directory that readers without Joliet or Rock Ridge
 * see, and the order the standard requires within a directory.
 */
import { InputError } from "../errors";

/**
 * The real names the writer accepts: portable file name characters, at most 64 of them (the
 * Joliet limit), not starting with a dot (a hidden file) or a hyphen (an option on a command
 * line), and not ending with a dot, which some Joliet readers strip.
 */
export const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

/**
 * The volume identifiers the writer accepts: ISO 9660 d-characters plus lower-case letters,
 * at most 16 (the Joliet volume identifier holds 16 UCS-2 characters). Lower case lies outside
 * the strict d-characters, but cloud-init looks for the label `cidata` and every reader takes
 * it, as it takes the images genisoimage writes.
 */
export const VOLUME_ID = /^[A-Za-z0-9_]{1,16}$/;

/** Fails unless `name` is a file name the image can carry as it is. */
export function checkFileName(name: string, field: string): void {
    if (!FILE_NAME.test(name) || name.endsWith(".")) {
        throw new InputError(
            field,
            "is not a file name the image can hold; use 1 to 64 letters, digits, '.', '_' or " +
                "'-', starting with a letter, digit or '_' and not ending with '.'",
        );
    }
}

/** Fails unless `id` is a volume identifier the image can carry. */
export function checkVolumeId(id: string): void {
    if (!VOLUME_ID.test(id)) {
        throw new InputError(
            "volumeId",
            "must be 1 to 16 letters, digits or '_' (the Joliet volume identifier holds 16 characters)",
        );
    }
}

/** A name split into the two parts that ISO 9660 compares and limits separately. */
interface SplitName {
    readonly stem: string;
    readonly extension: string;
}

function split(name: string): SplitName {
    const dot = name.lastIndexOf(".");
    return dot > 0
        ? { stem: name.slice(0, dot), extension: name.slice(dot + 1) }
        : { stem: name, extension: "" };
}

function dCharacters(text: string): string {
    return text.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
}

/**
 * Short primary-directory identifiers (`STEM.EXT;1`, at most 8 and 3 d-characters, ISO 9660
 * level 1) for real names, unique within the directory. A clash is resolved by replacing the
 * end of the stem with a counter (`USER_DA1`); the names are taken in sorted order so that the
 * result does not depend on the order the caller listed them in.
 */
export function primaryIdentifiers(names: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    const taken = new Set<string>();
    for (const name of [...names].sort()) {
        const { stem, extension } = split(name);
        const base = dCharacters(stem).slice(0, 8);
        const ext = dCharacters(extension).slice(0, 3);
        let candidate = base;
        for (let n = 1; taken.has(`${candidate}.${ext}`); n++) {
            const counter = String(n);
            candidate = base.slice(0, 8 - counter.length) + counter;
        }
        taken.add(`${candidate}.${ext}`);
        out.set(name, `${candidate}.${ext};1`);
    }
    return out;
}

function padCompare(a: string, b: string): number {
    const length = Math.max(a.length, b.length);
    const left = a.padEnd(length, " ");
    const right = b.padEnd(length, " ");
    for (let i = 0; i < length; i++) {
        const d = left.charCodeAt(i) - right.charCodeAt(i);
        if (d !== 0) return d;
    }
    return 0;
}

/**
 * Orders two file identifiers as ECMA-119 9.3 requires within a directory: by name, then by
 * extension, each padded with spaces, then by version (all of ours are version 1 or none).
 */
export function compareIdentifiers(a: string, b: string): number {
    const left = split(a.replace(/;1$/, ""));
    const right = split(b.replace(/;1$/, ""));
    return padCompare(left.stem, right.stem) || padCompare(left.extension, right.extension);
}
