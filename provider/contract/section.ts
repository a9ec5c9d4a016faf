/**
 * Reading a contract section: a mapping, a YAML string, or an encrypted token.
 */
import { isToken, parseToken } from "../crypto/token";
import { InputError } from "../errors";
import type { TokenPrefix } from "../platform";
import { finding, type Finding } from "../findings";
import { isMapping, readYaml } from "./yaml-text";
import type * as YAML from "yaml";

/** The two sections every contract has. */
export type SectionName = "workload" | "env";

/** A section as users give it: a mapping, a YAML string, or an encrypted token string. */
export type SectionInput = string | Readonly<Record<string, unknown>>;

/** A section in plain text. */
export interface PlainSection {
    readonly kind: "plain";
    readonly name: SectionName;
    /** The section's content. */
    readonly value: Record<string, unknown>;
    /** The author's YAML text, when the section came as a string; kept so that comments survive. */
    readonly text?: string;
    /** The parsed document of {@link PlainSection.text}. */
    readonly document?: YAML.Document.Parsed;
}

/** A section that is already encrypted (a sealed workload, or a contract being re-signed). */
export interface EncryptedSection {
    readonly kind: "encrypted";
    readonly name: SectionName;
    /** The token, exactly as given. */
    readonly token: string;
    /** Its prefix, which names the platform family it was made for. */
    readonly prefix: TokenPrefix;
}

/** A section in either form. */
export type Section = PlainSection | EncryptedSection;

/** The result of reading a section: the section when it could be read, and what was wrong. */
export interface SectionRead {
    readonly section?: Section;
    readonly findings: Finding[];
}

/**
 * Reads a section given as a mapping, a YAML string or a token. A YAML string may also be the
 * section wrapped in its name (`workload:` followed by the section), as some tools write it.
 *
 * Never throws on bad input: problems come back as findings with the section's path.
 */
export function readSection(name: SectionName, input: unknown): SectionRead {
    if (input === undefined || input === null || input === "") {
        return {
            findings: [
                finding(
                    "SECTION_MISSING",
                    "error",
                    name,
                    `is missing; every contract needs a ${name} section`,
                    "HPL05002E",
                ),
            ],
        };
    }
    if (isToken(input)) {
        try {
            const { prefix } = parseToken(input, name);
            return {
                section: { kind: "encrypted", name, token: input.trim(), prefix },
                findings: [],
            };
        } catch (e) {
            const reason = InputError.isInstance(e) ? e.reason : "is not a valid token";
            return { findings: [finding("TOKEN_INVALID", "error", name, reason, "HPL11001E")] };
        }
    }
    if (typeof input === "string") {
        const read = readYaml(input, { path: name });
        if (read.findings.length > 0) return { findings: read.findings };
        const value = read.value;
        if (isMapping(value) && Object.keys(value).length === 1 && isMapping(value[name])) {
            // `workload:\n  type: workload …`: the wrapped form. Its text would not survive a
            // round trip as a section, so only the value is kept.
            return plainOrNot(name, value[name], undefined, undefined);
        }
        return plainOrNot(name, value, input, read.document);
    }
    if (isMapping(input)) {
        try {
            return plainOrNot(name, structuredCopy(input, name), undefined, undefined);
        } catch (e) {
            if (!InputError.isInstance(e)) throw e;
            return { findings: [finding("SCHEMA", "error", e.field, e.reason, "HPL05001E")] };
        }
    }
    return {
        findings: [
            finding(
                "SECTION_NOT_MAPPING",
                "error",
                name,
                `must be a mapping, a YAML string or an encrypted token, not a ${describe(input)}`,
                "HPL05000E",
            ),
        ],
    };
}

function plainOrNot(
    name: SectionName,
    value: unknown,
    text: string | undefined,
    document: YAML.Document.Parsed | undefined,
): SectionRead {
    if (!isMapping(value)) {
        return {
            findings: [
                finding(
                    "SECTION_NOT_MAPPING",
                    "error",
                    name,
                    `must be a YAML mapping (type: ${name}, …), not a ${describe(value)}`,
                    "HPL05000E",
                ),
            ],
        };
    }
    const section: PlainSection =
        text === undefined
            ? { kind: "plain", name, value }
            : { kind: "plain", name, value, text, document };
    return { section, findings: [] };
}

function describe(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "list";
    return typeof value;
}

/**
 * A deep copy of a mapping given in code, keeping only what YAML can carry: `undefined` keys
 * are dropped, and functions, symbols or class instances are refused so that the section
 * encrypted is exactly the section validated.
 */
function structuredCopy(
    value: Readonly<Record<string, unknown>>,
    path: string,
): Record<string, unknown> {
    const copy = (v: unknown, at: string): unknown => {
        if (v === undefined) throw new InputError(at, "has no value; give it one or remove it");
        if (v === null || typeof v === "string" || typeof v === "boolean") return v;
        if (typeof v === "number") {
            if (!Number.isFinite(v)) throw new InputError(at, "is not a finite number");
            return v;
        }
        if (Array.isArray(v)) return v.map((x, i) => copy(x, `${at}[${i}]`));
        if (
            isMapping(v) &&
            (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
        ) {
            // fromEntries defines each key, so `__proto__` stays a key like any other.
            return Object.fromEntries(
                Object.entries(v)
                    .filter(([, x]) => x !== undefined)
                    .map(([k, x]) => [k, copy(x, `${at}.${k}`)]),
            );
        }
        throw new InputError(
            at,
            `holds a ${typeof v === "object" ? "non-plain object" : typeof v}, which YAML cannot carry; use strings, numbers, booleans, lists and mappings`,
        );
    };
    return copy(value, path) as Record<string, unknown>;
}
