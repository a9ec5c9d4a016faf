/**
 * Rules that span several keys of one object (IBM's `oneOf`, `anyOf` and `if`/`then` over
 * `required`), written as zod refinements. They run even when other keys of the object have
 * issues, so that one validation reports every problem at once.
 */

import { z } from "zod";
import type { FindingCode } from "../findings";

/** Marks the issues raised here: their messages were written for users and hold no value. */
export const OWN_ISSUE = "pulumi-hyper-protect";

/** The `params` of an issue raised by a rule of this package. */
export interface OwnIssueParams {
    readonly source: typeof OWN_ISSUE;
    /** The finding code, when more specific than `SCHEMA`. */
    readonly finding?: FindingCode;
}

/** Whether a value is a YAML mapping (a plain object, not an array). */
export function isMapping(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether an object holds a key, as JSON Schema's `required` reads it. */
export function has(value: Record<string, unknown>, key: string): boolean {
    return Object.hasOwn(value, key) && value[key] !== undefined;
}

/** A check of an object that reports through `report`. */
export type ObjectRule = (
    value: Record<string, unknown>,
    report: (path: readonly (string | number)[], message: string, finding?: FindingCode) => void,
) => void;

/** Applies object rules to a schema; they run whenever the value is a mapping. */
export function withRules<T extends z.ZodType>(schema: T, ...rules: ObjectRule[]): T {
    return schema.superRefine(
        (value, ctx) => {
            const report = (
                path: readonly (string | number)[],
                message: string,
                finding?: FindingCode,
            ) => {
                const params: OwnIssueParams = { source: OWN_ISSUE, finding };
                ctx.addIssue({ code: "custom", path: [...path], message, params });
            };
            for (const rule of rules) {
                rule(value as Record<string, unknown>, report);
            }
        },
        { when: (payload) => isMapping(payload.value) },
    );
}

/** Lists names for a message: `a`, `a or b`, `a, b or c`. */
export function alternatives(names: readonly string[], conjunction = "or"): string {
    return names.length <= 1
        ? (names[0] ?? "")
        : `${names.slice(0, -1).join(", ")} ${conjunction} ${names[names.length - 1]}`;
}

/**
 * IBM's `oneOf` of `required` lists: exactly one of `keys` must be present. The JSON Schema
 * export carries the same rule through {@link oneOfRequired}.
 */
export function exactlyOneOf(keys: readonly string[], finding?: FindingCode): ObjectRule {
    return (value, report) => {
        const present = keys.filter((key) => has(value, key));
        if (present.length === 0) {
            report([], `add exactly one of ${alternatives(keys)}`, finding);
        } else if (present.length > 1) {
            report([], `keep only one of ${alternatives(present, "and")}`, finding);
        }
    };
}

/** IBM's `if required [key] then required [needed]`. */
export function requires(key: string, needed: string): ObjectRule {
    return (value, report) => {
        if (has(value, key) && !has(value, needed)) {
            report([key], `remove this key or add ${needed}, which it needs`);
        }
    };
}

/** The JSON Schema form of {@link exactlyOneOf}, for `.meta()`. */
export function oneOfRequired(keys: readonly string[]): { oneOf: { required: string[] }[] } {
    return { oneOf: keys.map((key) => ({ required: [key] })) };
}
