/**
 * Versions `M.m.p` and the ranges that choose among them, as npm and IBM's tooling write
 * them: comparisons, tilde and caret ranges, x-ranges, hyphen ranges, AND by spaces or commas,
 * OR by `||`. Image and certificate versions carry no pre-release tags, so none are supported.
 */
import { InputError } from "../errors";

/** A version `major.minor.patch`. */
export interface Version {
    readonly major: number;
    readonly minor: number;
    readonly patch: number;
}

type Operator = "<" | "<=" | ">" | ">=" | "=";

/** One bound of a range. */
interface Comparator {
    readonly operator: Operator;
    readonly version: Version;
}

/** A parsed range: any of its sets may match; a set matches when all its comparators do. */
export interface Range {
    /** The text it was read from. */
    readonly text: string;
    readonly sets: readonly (readonly Comparator[])[];
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)$/;

/** Reads `M.m.p` (a leading `v` is allowed); undefined when the text is not a version. */
export function parseVersion(text: string): Version | undefined {
    const m = VERSION.exec(text.trim());
    if (!m) return undefined;
    const [major, minor, patch] = m.slice(1).map(Number);
    if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
    return { major, minor, patch };
}

/** `M.m.p`. */
export function formatVersion(v: Version): string {
    return `${v.major}.${v.minor}.${v.patch}`;
}

/** Negative, zero or positive as `a` is lower than, equal to or higher than `b`. */
export function compareVersions(a: Version, b: Version): number {
    return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** A partial version of a range (`1`, `1.2`, `1.2.x`, `*`): the parts given, up to three. */
type Partial = readonly number[];

const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/;

function parsePartial(text: string, range: string): Partial {
    const m = PARTIAL.exec(text);
    if (!m) throw rangeError(range, `"${text}" is not a version`);
    const parts: number[] = [];
    for (const part of m.slice(1)) {
        if (part === undefined || /^[xX*]$/.test(part)) break;
        parts.push(Number(part));
    }
    return parts;
}

function rangeError(range: string, reason: string): InputError {
    return new InputError(
        "version",
        `"${range}" is not a version range: ${reason}; write e.g. 1.0.22, >=1.0.20, ~1.0, ^1.0 or 1.0.x`,
    );
}

const v = (major: number, minor = 0, patch = 0): Version => ({ major, minor, patch });
const c = (operator: Operator, version: Version): Comparator => ({ operator, version });

/** The lowest version a partial admits, and the first it no longer admits. */
function bounds(p: Partial): { low: Version; high?: Version } {
    if (p.length === 0) return { low: v(0) };
    if (p.length === 1) return { low: v(p[0]), high: v(p[0] + 1) };
    if (p.length === 2) return { low: v(p[0], p[1]), high: v(p[0], p[1] + 1) };
    return { low: v(p[0], p[1], p[2]) };
}

function span(p: Partial): Comparator[] {
    const { low, high } = bounds(p);
    if (p.length === 3) return [c("=", low)];
    return high ? [c(">=", low), c("<", high)] : [];
}

function caret(p: Partial): Comparator[] {
    const { low } = bounds(p);
    // The upper bound moves past the first non-zero part that was given.
    let high: Version;
    if (p.length === 0) return [];
    if (p[0] > 0 || p.length === 1) high = v(p[0] + 1);
    else if (p[1] > 0 || p.length === 2) high = v(0, p[1] + 1);
    else high = v(0, 0, p[2] + 1);
    return [c(">=", low), c("<", high)];
}

function tilde(p: Partial): Comparator[] {
    const { low } = bounds(p);
    if (p.length === 0) return [];
    const high = p.length === 1 ? v(p[0] + 1) : v(p[0], p[1] + 1);
    return [c(">=", low), c("<", high)];
}

function comparison(operator: Operator, p: Partial): Comparator[] {
    const { low, high } = bounds(p);
    if (p.length === 3) return [c(operator, low)];
    switch (operator) {
        case "=":
            return span(p);
        case ">=":
            return [c(">=", low)];
        case "<":
            return p.length === 0 ? [c("<", v(0))] : [c("<", low)];
        case ">":
            // Above every version the partial covers; nothing is above `*`.
            return high ? [c(">=", high)] : [c("<", v(0))];
        case "<=":
            return high ? [c("<", high)] : [];
    }
}

const COMPARATOR = /^(<=|>=|<|>|=|~>|~|\^)?\s*(\S+)$/;

function parseSet(text: string, range: string): Comparator[] {
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) {
        const from = parsePartial(hyphen[1], range);
        const to = parsePartial(hyphen[2], range);
        const upper = to.length === 3 ? [c("<=", bounds(to).low)] : comparison("<=", to);
        return [...comparison(">=", from), ...upper];
    }
    // An operator may stand apart from its version (`>= 1.0.0`), as Go's semver allows.
    const tokens = text
        .replace(/(<=|>=|<|>|=|~>|~|\^)\s+/g, "$1")
        .split(/[\s,]+/)
        .filter((t) => t !== "");
    return tokens.flatMap((token) => {
        const m = COMPARATOR.exec(token);
        if (!m) throw rangeError(range, `"${token}" is not a comparison`);
        const p = parsePartial(m[2], range);
        switch (m[1]) {
            case undefined:
                return span(p);
            case "^":
                return caret(p);
            case "~":
            case "~>":
                return tilde(p);
            default:
                return comparison(m[1] as Operator, p);
        }
    });
}

/**
 * Reads a range. An empty range, `*` and `x` match every version.
 *
 * @throws InputError when the text is not a range.
 */
export function parseRange(text: string): Range {
    const sets = text.split("||").map((s) => s.trim());
    if (sets.length > 1 && sets.some((s) => s === "")) {
        throw rangeError(text, "an alternative around || is empty");
    }
    return { text, sets: sets.map((s) => parseSet(s, text)) };
}

function holds(version: Version, { operator, version: bound }: Comparator): boolean {
    const d = compareVersions(version, bound);
    switch (operator) {
        case "<":
            return d < 0;
        case "<=":
            return d <= 0;
        case ">":
            return d > 0;
        case ">=":
            return d >= 0;
        case "=":
            return d === 0;
    }
}

/** Whether `version` lies in `range`. */
export function satisfies(version: Version, range: Range): boolean {
    return range.sets.some((set) => set.every((comparator) => holds(version, comparator)));
}

/**
 * The highest of `versions` that lies in `range` (texts that are not versions are skipped).
 *
 * @returns the version's text as given, or undefined when none satisfies the range.
 */
export function maxSatisfying(
    versions: Iterable<string>,
    range: Range | string,
): string | undefined {
    const r = typeof range === "string" ? parseRange(range) : range;
    let best: { text: string; version: Version } | undefined;
    for (const text of versions) {
        const version = parseVersion(text);
        if (!version || !satisfies(version, r)) continue;
        // Among equal versions the later one wins, as IBM's image selection does.
        if (!best || compareVersions(version, best.version) >= 0) best = { text, version };
    }
    return best?.text;
}

/** Whether the range text names exactly one version (`1.0.22`, `=1.0.22`, `v1.0.22`). */
export function exactVersion(text: string): Version | undefined {
    return parseVersion(text.trim().replace(/^=\s*/, ""));
}

/**
 * The lowest version a range admits, when it has a lower bound; where a search for matching
 * versions can start.
 */
export function lowestAdmitted(range: Range): Version | undefined {
    let lowest: Version | undefined;
    for (const set of range.sets) {
        let low: Version = v(0);
        for (const { operator, version } of set) {
            const candidate =
                operator === ">" ? v(version.major, version.minor, version.patch + 1) : version;
            if (
                (operator === ">=" || operator === ">" || operator === "=") &&
                compareVersions(candidate, low) > 0
            ) {
                low = candidate;
            }
        }
        if (!lowest || compareVersions(low, lowest) < 0) lowest = low;
    }
    return lowest;
}
