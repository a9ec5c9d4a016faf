/**
 * The sentence of a schema finding, written from the kind of zod issue and the expectation
 * phrase of the schema at fault. Nothing here reads the value the user gave beyond its type,
 * so no secret can reach a message; zod's own messages are never used, since some of them
 * quote the input.
 */

import type { z } from "zod";
import { alternatives } from "./refinements";

/** What a message may know about the place of an issue. */
export interface IssueContext {
    /** The expectation phrase of the schema at the path, if any. */
    readonly expect?: string;
    /** Whether the key is absent from its parent mapping. */
    readonly missing: boolean;
    /** Whether the value is YAML's null (an empty value). */
    readonly empty: boolean;
    /** The type of the value given: `string`, `number`, `boolean`, `array`, `object`, … */
    readonly given: string;
    /** The last key of the path, for "add …" sentences. */
    readonly key?: string | number;
}

const TYPE_NOUNS: Record<string, string> = {
    string: "a string",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    object: "a mapping",
    record: "a mapping",
    array: "a list",
};

function use(context: IssueContext, fallback: string): string {
    return `use ${context.expect ?? fallback}`;
}

/** The sentence for a value of the wrong type, with the quoting advice YAML users need. */
function typeMessage(expected: string, context: IssueContext): string {
    const noun = context.expect ?? TYPE_NOUNS[expected] ?? `a value of type ${expected}`;
    if (expected === "string" && (context.given === "number" || context.given === "boolean")) {
        return "quote the value so that YAML reads it as a string";
    }
    if ((expected === "number" || expected === "int") && context.given === "string") {
        return `use ${noun}, without quotes`;
    }
    return `use ${noun}`;
}

function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
    const small = issue.code === "too_small";
    const limit = Number(small ? issue.minimum : issue.maximum);
    const strict = issue.inclusive === false;
    const relation = small
        ? strict
            ? "more than"
            : "at least"
        : strict
          ? "fewer than"
          : "at most";
    switch (issue.origin) {
        case "string":
            return `${relation} ${limit} ${limit === 1 ? "character" : "characters"}`;
        case "array":
            return `a list of ${relation} ${limit} ${limit === 1 ? "entry" : "entries"}`;
        default: {
            const numeric = small
                ? strict
                    ? "greater than"
                    : "at least"
                : strict
                  ? "less than"
                  : "at most";
            return `a number ${numeric} ${limit}`;
        }
    }
}

/** The sentence for a missing required key. */
export function missingMessage(context: IssueContext): string {
    const what = context.expect ? `: ${context.expect}` : "";
    return `add ${String(context.key ?? "this key")}, which is required here${what}`;
}

/** The sentence for one zod issue (not a union, which is resolved to a branch first). */
export function issueMessage(issue: z.core.$ZodIssue, context: IssueContext): string {
    switch (issue.code) {
        case "invalid_type":
            if (context.missing || issue.expected === "nonoptional") {
                return missingMessage(context);
            }
            if (context.empty && typeof context.key === "number") {
                return "remove this empty list entry, or fill it in";
            }
            if (context.empty) {
                const noun = context.expect ?? TYPE_NOUNS[issue.expected] ?? "of the right type";
                return `fill in a value: ${noun}`;
            }
            return typeMessage(issue.expected, context);
        case "too_small":
        case "too_big":
            return use(context, bound(issue));
        case "invalid_format":
            return use(context, "a value of the form this key requires");
        case "invalid_value": {
            const values = issue.values.map(String);
            return values.length === 1
                ? `set it to ${values[0]}`
                : `use one of ${alternatives(values)}`;
        }
        case "invalid_key":
            return `rename this key; keys here are ${context.expect ?? "of another form"}`;
        case "unrecognized_keys":
            return "remove this key, which is not allowed here";
        default:
            return use(context, "a value of the form this key requires");
    }
}
