/**
 * The table runner of the schema unit tests: each row changes one value of a valid section and
 * says whether the section stays valid or which finding it earns.
 */

import * as assert from "node:assert/strict";
import { joinPath, type FindingCode } from "../../../provider/findings";
import { PLATFORMS, type Platform } from "../../../provider/platform";
import { validateContractSchema, validateSectionSchema } from "../../../provider/schema";
import { assertCatalogued } from "../../support/findings";
import { CANARY, contract, env, withValue, workload } from "./fixtures";

/** One row: a change to a valid section or contract and what validation should say. */
export interface Row {
    /** What the row shows, for the test title. */
    readonly name: string;
    /** Where the change happens, from the top of the contract (`["env", "logging"]`). */
    readonly path: readonly (string | number)[];
    /** The new value, or `REMOVE`. */
    readonly value: unknown;
    /** The expected error's code, or undefined when the contract stays valid. */
    readonly code?: FindingCode;
    /** The expected error's path, when it differs from `path`. */
    readonly at?: string;
    /** The platforms the row applies to; all by default. */
    readonly platforms?: readonly Platform[];
}

/** Validates the changed part: the section alone when the change is inside one. */
export function validateChanged(
    platform: Platform,
    path: readonly (string | number)[],
    value: unknown,
) {
    const section = path[0];
    if ((section === "workload" || section === "env") && path.length > 1) {
        const base = section === "workload" ? workload(platform) : env();
        return validateSectionSchema(platform, section, withValue(base, path.slice(1), value));
    }
    return validateContractSchema(platform, withValue(contract(platform), path, value));
}

/** Defines one mocha test per row and platform. */
export function runTable(rows: readonly Row[]): void {
    for (const row of rows) {
        for (const platform of row.platforms ?? PLATFORMS) {
            const title = row.code
                ? `${platform}: ${row.name} gives ${row.code}`
                : `${platform}: accepts ${row.name}`;
            it(title, () => {
                const findings = validateChanged(platform, row.path, row.value);
                findings.forEach(assertCatalogued);
                const errors = findings.filter((f) => f.severity === "error");
                if (!row.code) {
                    assert.deepEqual(errors, []);
                    return;
                }
                const at = row.at ?? joinPath(...row.path);
                assert.ok(
                    errors.some((f) => f.code === row.code && f.path === at),
                    `expected ${row.code} at ${at}, got ${JSON.stringify(errors)}`,
                );
                const given = typeof row.value === "string" && row.value.length >= 6;
                const secrets = [...Object.values(CANARY), ...(given ? [row.value as string] : [])];
                for (const f of findings) {
                    for (const secret of secrets) {
                        assert.ok(!f.message.includes(secret), `message repeats ${secret}`);
                    }
                }
            });
        }
    }
}
