/**
 * JSON Schema documents generated from the zod schemas, so that editors can complete and check
 * plain YAML sections. Rules that JSON Schema cannot state (an attestation key's base64 that
 * must decode to a PEM key) are left to {@link validateSectionSchema}.
 */

import { z } from "zod";
import { PLATFORMS, platformInfo, type Platform } from "../platform";
import { sectionSchema, type SchemaSection } from "./contract";

/** Every part of a contract that has a JSON Schema document. */
export const SCHEMA_SECTIONS: readonly SchemaSection[] = ["workload", "env", "contract"];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Keys sorted at every level, so that the files change only when the schema does.
function sortKeys(value: Json): Json {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((key) => [key, sortKeys(value[key])]),
        );
    }
    return value;
}

const TITLES: Record<SchemaSection, string> = {
    workload: "workload section",
    env: "env section",
    contract: "plain contract",
};

/**
 * The JSON Schema (draft-07, which most editors support) of one part of a platform's contract.
 * The `contract` document describes a contract whose sections are mappings; a contract file
 * with `workload: |` text blocks is checked section by section instead.
 *
 * @throws Error when `platform` is not a platform.
 */
export function sectionJsonSchema(
    platform: Platform,
    section: SchemaSection,
): Record<string, unknown> {
    const { title } = platformInfo(platform);
    const generated = z.toJSONSchema(sectionSchema(platform, section), {
        io: "input",
        target: "draft-7",
    });
    const titled = { ...generated, title: `${title} (${platform}): ${TITLES[section]}` };
    return sortKeys(titled as unknown as Json) as Record<string, unknown>;
}

/** The file name of one JSON Schema document, e.g. `hpvs.workload.schema.json`. */
export function jsonSchemaFileName(platform: Platform, section: SchemaSection): string {
    return `${platform}.${section}.schema.json`;
}

/** Every JSON Schema document as file name and text (four-space JSON, final newline). */
export function jsonSchemaFiles(): Map<string, string> {
    const files = new Map<string, string>();
    for (const platform of PLATFORMS) {
        for (const section of SCHEMA_SECTIONS) {
            const text = `${JSON.stringify(sectionJsonSchema(platform, section), null, 4)}\n`;
            files.set(jsonSchemaFileName(platform, section), text);
        }
    }
    return files;
}
