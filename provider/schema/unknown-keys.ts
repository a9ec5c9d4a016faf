/**
 * Warnings for keys that an open object of the contract does not know. IBM's schemas leave
 * the sections (and a few objects inside them) open, so a misspelt key such as `auth:` for
 * `auths:` passes validation and the enclave silently ignores it.
 */

import type { z } from "zod";
import { finding, joinPath, type Finding } from "../findings";
import type { Platform } from "../platform";
import { closestKey } from "./closest-key";
import { childSchema, declaredKeys, isOpenObject, objectSchema } from "./navigate";
import { isMapping } from "./refinements";

/**
 * Top-level keys that are known although the plain contract schema does not describe them:
 * CCCO's initdata adds `boot` (the Secure Execution header) beside the sections.
 */
const EXTRA_TOP_LEVEL_KEYS: Partial<Record<Platform, readonly string[]>> = {
    ccco: ["boot"],
};

function unknownKeyFinding(path: (string | number)[], known: readonly string[]): Finding {
    const key = String(path[path.length - 1]);
    const guess = closestKey(key, known);
    const message = guess
        ? `the enclave ignores this key; rename it to ${guess} if that was meant`
        : "the enclave ignores this key; remove it or check its spelling";
    return finding("UNKNOWN_KEY", "warning", joinPath(...path), message);
}

/**
 * Warns about every key of `value` that an open object of `schema` does not declare.
 *
 * @param prefix the path of `value` in the contract (`["workload"]`, `["env"]` or `[]`).
 */
export function unknownKeyFindings(
    platform: Platform,
    schema: z.ZodType,
    value: unknown,
    prefix: readonly (string | number)[],
): Finding[] {
    const findings: Finding[] = [];
    const visit = (current: z.ZodType, node: unknown, path: (string | number)[]) => {
        if (Array.isArray(node)) {
            node.forEach((item, index) => {
                const child = childSchema(current, node, index);
                if (child) {
                    visit(child, item, [...path, index]);
                }
            });
            return;
        }
        if (!isMapping(node)) {
            return;
        }
        const object = objectSchema(current, node);
        const known = object ? declaredKeys(object) : [];
        const extra = path.length === 0 ? (EXTRA_TOP_LEVEL_KEYS[platform] ?? []) : [];
        for (const [key, item] of Object.entries(node)) {
            const child = childSchema(current, node, key);
            if (child) {
                visit(child, item, [...path, key]);
            } else if (object && isOpenObject(object) && !extra.includes(key)) {
                findings.push(unknownKeyFinding([...path, key], known));
            }
        }
    };
    visit(schema, value, [...prefix]);
    return findings;
}
