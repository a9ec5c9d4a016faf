/**
 * IBM's contract schemas for the differential tests: where the vectors live, and a validator
 * per platform built with Ajv the way IBM's Go tooling reads the schemas (draft 2020-12,
 * `format` as annotation only).
 */

import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import { platformInfo, type Platform } from "../../../provider/platform";

/** The package root, found from this file whether it runs from `tests/` or `lib/tests/`. */
export function repoRoot(): string {
    let folder = __dirname;
    while (!fs.existsSync(path.join(folder, "package.json"))) {
        const parent = path.dirname(folder);
        if (parent === folder) {
            throw new Error(`no package.json above ${__dirname}`);
        }
        folder = parent;
    }
    return folder;
}

/** The shared test vectors folder, beside the checkout. */
export function vectorsFolder(): string {
    return path.resolve(repoRoot(), "../shared/vectors");
}

/**
 * The vectors folder, or a skipped test when it is absent; on CI (`CI=true`) an absent folder
 * fails the test instead, so that the differential check cannot silently vanish.
 */
export function requireVectors(context: Mocha.Context): string {
    const folder = vectorsFolder();
    if (!fs.existsSync(folder)) {
        if (process.env.CI === "true") {
            throw new Error(`the test vectors are missing: ${folder} does not exist`);
        }
        process.stderr.write(`skipped: the test vectors are missing (no folder ${folder})\n`);
        context.skip();
    }
    return folder;
}

// Ajv rejects the nested "$schema" of the embedded Kubernetes definitions; they add nothing.
function withoutNestedSchemaKeys(value: unknown, top = true): unknown {
    if (Array.isArray(value)) {
        return value.map((item) => withoutNestedSchemaKeys(item, false));
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([key]) => top || key !== "$schema")
                .map(([key, item]) => [key, withoutNestedSchemaKeys(item, false)]),
        );
    }
    return value;
}

/** IBM's schema document for a platform, as parsed JSON. */
export function ibmSchema(platform: Platform): Record<string, unknown> {
    const file = path.join(
        vectorsFolder(),
        "contract-go/schema/contract",
        platformInfo(platform).ibmSchema,
    );
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
}

const validators = new Map<string, ValidateFunction>();

/** Whether IBM's schema for the platform accepts a plain contract object. */
export function ibmAccepts(platform: Platform, contract: unknown): boolean {
    const name = platformInfo(platform).ibmSchema;
    let validate = validators.get(name);
    if (!validate) {
        const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
        validate = ajv.compile(withoutNestedSchemaKeys(ibmSchema(platform)) as object);
        validators.set(name, validate);
    }
    return validate(contract) === true;
}
