/**
 * What a valid value looks like, in words, attached to the zod schemas that check it. Finding
 * messages are built from these phrases and from the kind of zod issue, never from the value
 * the user gave, so that no secret can leak into a message.
 */

import { z } from "zod";
import { layers } from "./navigate";

/** The phrase for one schema: completes "use …" in a message, e.g. `base64 text`. */
export interface Expectation {
    readonly expect: string;
}

/**
 * The registry of expectation phrases. It is separate from zod's global registry so that the
 * phrases stay out of the exported JSON Schema, whose descriptions say what a field is for.
 */
export const expectations = z.registry<Expectation>();

/** Attaches an expectation phrase to `schema` and returns the same schema. */
export function expecting<T extends z.ZodType>(schema: T, expect: string): T {
    (schema as z.ZodType).register(expectations, { expect });
    return schema;
}

/** A string that must match one of IBM's patterns, with the phrase that explains it. */
export function matching(pattern: RegExp, expect: string): z.ZodString {
    return expecting(z.string().regex(pattern), expect);
}

/**
 * The expectation phrase of a schema, if one was attached to it or to a schema it wraps
 * (`.optional()`, `.nullish()` and the like).
 */
export function expectationOf(schema: z.ZodType | undefined): string | undefined {
    for (const layer of schema ? layers(schema) : []) {
        const found = expectations.get(layer)?.expect;
        if (found !== undefined) {
            return found;
        }
    }
    return undefined;
}
