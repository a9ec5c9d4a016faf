/**
 * IBM's contract schemas for the differential tests: a validator per platform built with Ajv
 * the way IBM's Go tooling reads the schemas (draft 2020-12, `format` as annotation only). The
 * schemas are read from the interoperability vectors (`tests/support/vectors.ts`).
 */

import * as fs from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import { platformInfo, type Platform } from "../../../provider/platform";
import { vector } from "../../support/vectors";

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
    const file = vector("contract-go/schema/contract", platformInfo(platform).ibmSchema);
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
