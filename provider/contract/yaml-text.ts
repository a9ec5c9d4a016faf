/**
 * Reading YAML from contracts, archives and users' files, with errors that say where the text
 * is broken but never quote it (the text may hold secrets).
 */
import * as YAML from "yaml";
import type { HplOf } from "./codes";
import { finding, type Finding } from "./findings";

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
 * Parses YAML text into plain values, rejecting duplicate keys. Findings give the line and
 * column and the parser's error code, never a snippet of the text.
 */
export function readYaml(text: string, options: YamlReadOptions): YamlRead {
    const hpl = options.hpl ?? "HPL05000E";
    const docs = YAML.parseAllDocuments(text, {
        uniqueKeys: true,
        prettyErrors: false,
        merge: options.mergeKeys ?? false,
    });
    const list = Array.isArray(docs) ? docs : [];
    const findings: Finding[] = [];
    const lineOf = (pos: number) => {
        const before = text.slice(0, pos);
        const line = before.split("\n").length;
        return `line ${line}, column ${pos - before.lastIndexOf("\n")}`;
    };
    if (!Array.isArray(docs)) {
        findings.push(
            finding(
                "YAML_INVALID",
                "error",
                options.path,
                "is not valid YAML; fix its syntax",
                hpl,
            ),
        );
    }
    for (const doc of list) {
        for (const e of doc.errors) {
            findings.push(
                finding(
                    "YAML_INVALID",
                    "error",
                    options.path,
                    `is not valid YAML at ${lineOf(e.pos[0])} (${e.code}); fix the syntax there`,
                    hpl,
                ),
            );
        }
    }
    if (!options.multiDocument && list.length > 1) {
        findings.push(
            finding(
                "YAML_INVALID",
                "error",
                options.path,
                `holds ${list.length} YAML documents; keep one (remove the "---" separators)`,
                hpl,
            ),
        );
    }
    if (findings.length > 0) {
        return { findings };
    }
    try {
        const values = list.map((d) => d.toJS({ maxAliasCount: MAX_ALIASES }));
        return options.multiDocument
            ? { value: values, findings }
            : { value: values[0] ?? null, document: list[0], findings };
    } catch {
        return {
            findings: [
                finding(
                    "YAML_INVALID",
                    "error",
                    options.path,
                    `uses more than ${MAX_ALIASES} aliases or an alias that cannot be resolved; write the values out`,
                    hpl,
                ),
            ],
        };
    }
}

/** Whether a value is a plain mapping (not an array, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
