/**
 * Schema validation of plain sections and plain contracts against a platform's schema, with
 * the result as findings.
 */

import { sortFindings, type Finding } from "../findings";
import { platformInfo, type Platform } from "../platform";
import { sectionSchema } from "./contract";
import { issuesToFindings } from "./issues";
import { unknownKeyFindings } from "./unknown-keys";

function validate(
    platform: Platform,
    section: "workload" | "env" | "contract",
    value: unknown,
    prefix: readonly string[],
): Finding[] {
    const schema = sectionSchema(platform, section);
    const result = schema.safeParse(value);
    const errors = result.success
        ? []
        : issuesToFindings(result.error.issues, { platform, schema, value, prefix });
    return sortFindings([...errors, ...unknownKeyFindings(platform, schema, value, prefix)]);
}

/**
 * Validates one plain section against the platform's schema.
 *
 * @param platform the target platform; its schema decides, e.g., whether compose is allowed
 *   and whether `logging` is required.
 * @param section which section `value` is.
 * @param value the section as a mapping (parsed YAML, not text and not a token).
 * @returns the findings, errors first: `SCHEMA` and the more specific codes for what IBM's
 *   schema would reject, `UNKNOWN_KEY` warnings for keys the enclave ignores. Paths start at
 *   the section (`env.volumes.data.seed`); messages never hold a value from the section.
 * @throws Error when `platform` is not a platform.
 */
export function validateSectionSchema(
    platform: Platform,
    section: "workload" | "env",
    value: unknown,
): Finding[] {
    platformInfo(platform);
    return validate(platform, section, value, [section]);
}

/**
 * Validates a plain contract: `workload` and `env` as mappings, with the optional
 * `envWorkloadSignature` and `attestationPublicKey`.
 *
 * @param platform the target platform.
 * @param value the contract object.
 * @returns the findings, errors first, with paths from the top of the contract.
 * @throws Error when `platform` is not a platform.
 */
export function validateContractSchema(platform: Platform, value: unknown): Finding[] {
    platformInfo(platform);
    return validate(platform, "contract", value, []);
}
