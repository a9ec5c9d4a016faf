/**
 * The contract as the enclave receives it: a YAML mapping of `workload`, `env` and the
 * optional `attestationPublicKey` and `envWorkloadSignature`, each a string.
 */
import * as YAML from "yaml";
import { finding, type Finding } from "../findings";
import { isMapping, readYaml } from "./yaml-text";

/** The values of a finished contract. */
export interface UserDataValues {
    readonly workload: string;
    readonly env: string;
    readonly envWorkloadSignature?: string;
    readonly attestationPublicKey?: string;
}

const SAFE_PLAIN = /^[A-Za-z0-9+/=._-]+$/;

/**
 * Writes the user data: one `key: value` line per value, keys in alphabetical order, as IBM's
 * tooling writes them, so that the bytes (and their hash) match for the same values. Values
 * that are not single-line tokens are written as literal blocks.
 */
export function writeUserData(values: UserDataValues): string {
    const keys = ["attestationPublicKey", "env", "envWorkloadSignature", "workload"] as const;
    let out = "";
    for (const key of keys) {
        const value = values[key];
        if (value === undefined) continue;
        if (SAFE_PLAIN.test(value)) {
            out += `${key}: ${value}\n`;
        } else {
            out += YAML.stringify({ [key]: value }, { lineWidth: 0, blockQuote: "literal" });
        }
    }
    return out;
}

/** The result of reading user data. */
export interface UserDataRead {
    /** The top-level values, as written (strings or mappings). */
    readonly values?: Record<string, unknown>;
    readonly findings: Finding[];
}

const KNOWN = ["workload", "env", "attestationPublicKey", "envWorkloadSignature"];

/**
 * Reads a contract's top level. Sections may be strings (tokens or YAML text) or mappings.
 */
export function readUserData(text: string): UserDataRead {
    const read = readYaml(text, { path: "contract", hpl: "HPL11001E" });
    if (read.findings.length > 0) return { findings: read.findings };
    if (!isMapping(read.value)) {
        return {
            findings: [
                finding(
                    "SECTION_NOT_MAPPING",
                    "error",
                    "contract",
                    "must be a YAML mapping with workload and env",
                    "HPL11001E",
                ),
            ],
        };
    }
    const findings: Finding[] = [];
    for (const key of Object.keys(read.value)) {
        if (!KNOWN.includes(key)) {
            findings.push(
                finding(
                    "UNKNOWN_KEY",
                    "warning",
                    key,
                    `is not a contract key and is ignored; the keys are ${KNOWN.join(", ")}`,
                ),
            );
        }
    }
    return { values: read.value, findings };
}
