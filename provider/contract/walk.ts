/**
 * Visiting the strings of a parsed YAML value with their paths.
 */
import { isMapping } from "./yaml-text";

/** A path as a list of keys and indexes. */
export type PathSegments = readonly (string | number)[];

/** Calls `visit` for every string in `value` (keys excluded), depth first, in document order. */
export function walkStrings(
    value: unknown,
    at: PathSegments,
    visit: (text: string, path: PathSegments) => void,
): void {
    if (typeof value === "string") {
        visit(value, at);
    } else if (Array.isArray(value)) {
        value.forEach((item, i) => walkStrings(item, [...at, i], visit));
    } else if (isMapping(value)) {
        for (const [key, item] of Object.entries(value)) walkStrings(item, [...at, key], visit);
    }
}
