/**
 * Reading YAML from contracts, archives and users' files, with errors that say where the text
 * is broken but never quote it (the text may hold secrets).
 */
import * as YAML from "yaml";
import type { HplOf } from "../finding-codes";
import { finding, type Finding } from "../findings";

/** The result of reading one YAML text. */
export interface YamlRead {
    /** The parsed value (plain JS); undefined when the text does not parse. */
    readonly value?: unknown;
    /** The document, for edits that keep the author's comments. */
    readonly document?: YAML.Document.Parsed;
    /** `YAML_INVALID` findings, one per error. */
    readonly findings: Finding[];
}

/** Options for {@link readYaml}. */
export interface YamlReadOptions {
    /** The contract path that the findings name. */
    readonly path: string;
    /** The enclave code a parse failure foresees. Default: `HPL05000E`. */
    readonly hpl?: HplOf<"YAML_INVALID">;
    /** Accept several documents (`---`), returning an array of values. Default: false. */
    readonly multiDocument?: boolean;
    /** Resolve `<<` merge keys, as Docker Compose does. Default: false. */
    readonly mergeKeys?: boolean;
}

// Aliases let a few bytes expand into gigabytes; contracts have no use for many of them.
const MAX_ALIASES = 50;

/**
 * The most YAML structure a text may hold, not counting long base64 runs (an archive held
 * inline): the parser takes seconds per megabyte, and a contract is far smaller.
 */
export const MAX_YAML_STRUCTURE = 256 * 1024;

// A base64 run this long is a value (an archive, a key), not structure.
const LONG_VALUE = 256;

function isBase64Char(c: number): boolean {
    return (
        (c >= 0x30 && c <= 0x39) || // 0-9
        (c >= 0x41 && c <= 0x5a) || // A-Z
        (c >= 0x61 && c <= 0x7a) || // a-z
        c === 0x2b || // +
        c === 0x2f || // /
        c === 0x3d // =
    );
}

/** The length of `text` without its long base64 runs (a loop: a regular expression overflows). */
function structureLength(text: string): number {
    let structure = 0;
    let run = 0;
    for (let i = 0; i <= text.length; i++) {
        if (i < text.length && isBase64Char(text.charCodeAt(i))) {
            run++;
        } else {
            structure += (run < LONG_VALUE ? run : 0) + (i < text.length ? 1 : 0);
            run = 0;
        }
    }
    return structure;
}

// Parse errors beyond this many are counted, not read: one broken text is one problem.
const MAX_PARSE_ERRORS = 20;

/**
 * Parses YAML text into plain values, rejecting duplicate keys. Findings give the line and
 * column and the parser's error code, never a snippet of the text; a broken text gets one
 * finding, for its first error. Every step is linear in the text, and the text's structure
 * is bounded by {@link MAX_YAML_STRUCTURE}, so that hostile text cannot stall the caller.
 */
export function readYaml(text: string, options: YamlReadOptions): YamlRead {
    const hpl = options.hpl ?? "HPL05000E";
    const invalid = (message: string): YamlRead => ({
        findings: [finding("YAML_INVALID", "error", options.path, message, hpl)],
    });
    if (structureLength(text) > MAX_YAML_STRUCTURE) {
        return invalid(
            `holds more than ${MAX_YAML_STRUCTURE / 1024} KiB of YAML; keep large data out of the contract`,
        );
    }
    const merge = options.mergeKeys ?? false;
    const lines = new YAML.LineCounter();
    const parser = new YAML.Parser(lines.addNewLine);
    // The library's own duplicate-key check compares every pair of keys; ours is linear.
    const composer = new YAML.Composer({ uniqueKeys: false, merge });
    const list = [...composer.compose(untilErrorStorm(parser.parse(text)), true, text.length)];
    const at = (pos: number) => {
        const { line, col } = lines.linePos(pos);
        return `line ${line}, column ${col}`;
    };
    const errors = list.flatMap((doc) => [
        ...doc.errors.map((e) => ({ pos: e.pos[0], code: e.code as string })),
        ...duplicateKeys(doc, merge),
    ]);
    if (errors.length > 0) {
        const [first] = errors.sort((a, b) => a.pos - b.pos);
        const more =
            errors.length > MAX_PARSE_ERRORS
                ? " (and many more errors after it)"
                : errors.length > 1
                  ? ` (and ${errors.length - 1} more errors after it)`
                  : "";
        return invalid(
            `is not valid YAML at ${at(first.pos)} (${first.code}); fix the syntax there${more}`,
        );
    }
    if (!options.multiDocument && list.length > 1) {
        return invalid(
            `holds ${list.length} YAML documents; keep one (remove the "---" separators)`,
        );
    }
    try {
        const values = list.map((d) => d.toJS({ maxAliasCount: MAX_ALIASES }));
        return options.multiDocument
            ? { value: values, findings: [] }
            : { value: values[0] ?? null, document: list[0], findings: [] };
    } catch {
        return invalid(
            `uses more than ${MAX_ALIASES} aliases or an alias that cannot be resolved; write the values out`,
        );
    }
}

/** The parser's tokens, ending early once more than a few are errors. */
function* untilErrorStorm<T extends { type: string }>(tokens: Iterable<T>): Generator<T> {
    let errors = 0;
    for (const token of tokens) {
        if (token.type === "error" && ++errors > MAX_PARSE_ERRORS) return;
        yield token;
    }
}

/** The keys that repeat an earlier key of the same mapping (`<<` aside when merging). */
function duplicateKeys(doc: YAML.Document, merge: boolean): { pos: number; code: string }[] {
    const found: { pos: number; code: string }[] = [];
    YAML.visit(doc, {
        Map(_, map) {
            const seen = new Set<unknown>();
            for (const { key } of map.items) {
                if (!YAML.isScalar(key) || (merge && key.value === "<<")) continue;
                const id = typeof key.value === "string" ? `s:${key.value}` : key.value;
                if (seen.has(id)) found.push({ pos: key.range?.[0] ?? 0, code: "DUPLICATE_KEY" });
                seen.add(id);
            }
        },
    });
    return found;
}

/** Whether a value is a plain mapping (not an array, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
