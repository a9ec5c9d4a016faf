/**
 * Small shapes shared by several parts of a contract: archives, environment variable maps and
 * values that are either a PEM block or base64.
 */

import { z } from "zod";
import { expecting, matching } from "./expectations";
import { BASE64, ENV_NAME, TGZ } from "./patterns";

/** The base64 of a gzip'd tar archive, on one line. */
export const archiveSchema = expecting(
    z.string().min(4).regex(TGZ).describe("The base64 of a gzip'd tar archive, on one line."),
    "the base64 of a tar.gz archive on one line (at least 4 characters of letters, digits, " +
        "+, / and -, then at most three =)",
);

/**
 * Environment variables: names of letters, digits and `_` (not starting with a digit) mapped to
 * strings. Numbers and booleans must be quoted in YAML.
 */
export const envVariablesSchema = z
    .record(
        matching(ENV_NAME, "a name of letters, digits and _ that does not start with a digit"),
        z.string(),
    )
    .describe(
        "Environment variables; every value is a string, so quote numbers and booleans " +
            '(PORT: "8080").',
    );

/** Environment variables by name. */
export type EnvVariables = z.input<typeof envVariablesSchema>;

/** A single PEM block of the given pattern, or base64 text (of anything, as IBM checks it). */
export function pemOrBase64(pem: RegExp, expect: string, description: string) {
    return expecting(
        z.union([z.string().regex(pem), z.string().regex(BASE64)]).describe(description),
        expect,
    );
}
