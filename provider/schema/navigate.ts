/**
 * Walks a zod schema alongside a value, so that a finding can learn what the schema expects at
 * a path (its expectation phrase, its known keys) without zod having to say it.
 */

import type { z } from "zod";
import { isMapping } from "./refinements";

// The few fields of zod's internal definitions that the walk reads.
interface Definition {
    readonly type: string;
    readonly shape?: Readonly<Record<string, z.ZodType>>;
    readonly catchall?: z.ZodType;
    readonly keyType?: z.ZodType;
    readonly valueType?: z.ZodType;
    readonly element?: z.ZodType;
    readonly innerType?: z.ZodType;
    readonly options?: readonly z.ZodType[];
    readonly discriminator?: string;
    readonly values?: readonly unknown[];
}

function definition(schema: z.ZodType): Definition {
    return schema._zod.def as unknown as Definition;
}

const WRAPPERS = new Set([
    "optional",
    "nullable",
    "default",
    "prefault",
    "readonly",
    "nonoptional",
]);

/** The schema and the schemas it wraps (optional, nullable and the like), outermost first. */
export function layers(schema: z.ZodType): z.ZodType[] {
    const found = [schema];
    let current = schema;
    while (WRAPPERS.has(definition(current).type) && definition(current).innerType) {
        current = definition(current).innerType as z.ZodType;
        found.push(current);
    }
    return found;
}

/** The schema under optional, nullable and similar wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
    const all = layers(schema);
    return all[all.length - 1];
}

/** The option of a discriminated union that a value selects, if any. */
function selectedOption(schema: z.ZodType, value: unknown): z.ZodType | undefined {
    const { options, discriminator } = definition(schema);
    if (!options || !discriminator || !isMapping(value)) {
        return undefined;
    }
    return options.find((option) => {
        const tag = definition(option).shape?.[discriminator];
        return tag !== undefined && (definition(tag).values ?? []).includes(value[discriminator]);
    });
}

/** The schema of an object (or selected union option) itself, unwrapped; else undefined. */
export function objectSchema(schema: z.ZodType, value: unknown): z.ZodType | undefined {
    const inner = unwrap(schema);
    const def = definition(inner);
    if (def.type === "object") {
        return inner;
    }
    if (def.type === "union") {
        const option = selectedOption(inner, value);
        return option ? objectSchema(option, value) : undefined;
    }
    return undefined;
}

/** The keys an object schema declares. */
export function declaredKeys(schema: z.ZodType): string[] {
    return Object.keys(definition(schema).shape ?? {});
}

/** Whether unknown keys of an object schema are accepted and dropped (IBM's open objects). */
export function isOpenObject(schema: z.ZodType): boolean {
    const def = definition(schema);
    return def.type === "object" && def.catchall === undefined;
}

/** The record schema itself, unwrapped, when `schema` is a map; else undefined. */
export function recordSchema(schema: z.ZodType): z.ZodType | undefined {
    const inner = unwrap(schema);
    return definition(inner).type === "record" ? inner : undefined;
}

/** The key schema of a record. */
export function keySchema(record: z.ZodType): z.ZodType | undefined {
    return definition(record).keyType;
}

/** The schema of one child of a value, or undefined when the schema says nothing about it. */
export function childSchema(
    schema: z.ZodType,
    value: unknown,
    key: string | number,
): z.ZodType | undefined {
    const inner = unwrap(schema);
    const def = definition(inner);
    switch (def.type) {
        case "object":
            // Own keys only: a key such as `toString` must not find Object.prototype's.
            return typeof key === "string"
                ? def.shape && Object.hasOwn(def.shape, key)
                    ? def.shape[key]
                    : def.catchall
                : undefined;
        case "record":
            return def.valueType;
        case "array":
            return def.element;
        case "union": {
            const option = selectedOption(inner, value);
            return option ? childSchema(option, value, key) : undefined;
        }
        default:
            return undefined;
    }
}

/** The value at a path below `value`, or undefined. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
    let current = value;
    for (const key of path) {
        if (typeof current !== "object" || current === null) {
            return undefined;
        }
        current = (current as Record<PropertyKey, unknown>)[key];
    }
    return current;
}

/** The schema at a path below `schema`, following `value` through discriminated unions. */
export function schemaAt(
    schema: z.ZodType,
    value: unknown,
    path: readonly PropertyKey[],
): z.ZodType | undefined {
    let current: z.ZodType | undefined = schema;
    let currentValue = value;
    for (const key of path) {
        if (!current || typeof key === "symbol") {
            return undefined;
        }
        current = childSchema(current, currentValue, key);
        currentValue = valueAt(currentValue, [key]);
    }
    return current;
}
