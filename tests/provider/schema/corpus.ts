/**
 * The differential corpus: plain contracts and sections run through both IBM's schema (with
 * Ajv) and this package's schema. Rows change one value of a valid contract; they are grouped
 * by rule in `corpus-workload.ts` and `corpus-env.ts`, each rule with cases on both sides of
 * its boundary, and each row is run on every platform it names.
 */

import { PLATFORMS, type Platform } from "../../../provider/platform";
import { confidentialContainers, contract, pod, REMOVE, withValue } from "./fixtures";

/** The workload a row starts from. */
export type Base = "default" | "play" | "confidential-containers";

/** One change to a valid contract. */
export interface CorpusRow {
    /** The rule and variant, e.g. `seed: 14 characters`. */
    readonly rule: string;
    /** Where the change happens, from the top of the contract. */
    readonly path: readonly (string | number)[];
    /** The new value, or `REMOVE`. */
    readonly value: unknown;
    /** The platforms to run on; all by default. */
    readonly platforms?: readonly Platform[];
    /** The workload to start from; the platform's fixture workload by default. */
    readonly base?: Base;
}

/** One case of the corpus: a full contract for IBM's schema, and what this package checks. */
export interface CorpusCase {
    /** `<platform>: <rule>`, unique in the corpus. */
    readonly name: string;
    readonly platform: Platform;
    /** The plain contract IBM's schema validates. */
    readonly contract: Record<string, unknown>;
    /** Set when this package validates one section alone (section-level samples). */
    readonly section?: "workload" | "env";
}

/** The platforms that run compose workloads. */
export const COMPOSE_PLATFORMS: readonly Platform[] = ["hpvs", "ccrt", "ccco"];

function baseContract(platform: Platform, base: Base = "default"): Record<string, unknown> {
    const start = contract(platform);
    switch (base) {
        case "play":
            return { ...start, workload: { type: "workload", play: { resources: [pod()] } } };
        case "confidential-containers":
            return {
                ...start,
                workload: { type: "workload", "confidential-containers": confidentialContainers() },
            };
        default:
            return start;
    }
}

/** Rows for several labelled values at one path. */
export function variants(
    rule: string,
    path: readonly (string | number)[],
    values: Record<string, unknown>,
    options: Pick<CorpusRow, "platforms" | "base"> = {},
): CorpusRow[] {
    return Object.entries(values).map(([label, value]) => ({
        rule: `${rule}: ${label}`,
        path,
        value,
        ...options,
    }));
}

/** Rows on both sides of a minimum length. */
export function minLength(
    rule: string,
    path: readonly (string | number)[],
    minimum: number,
    options: Pick<CorpusRow, "platforms" | "base"> = {},
    character = "a",
): CorpusRow[] {
    return variants(
        rule,
        path,
        {
            [`${minimum - 1} characters`]: character.repeat(minimum - 1),
            [`${minimum} characters`]: character.repeat(minimum),
        },
        options,
    );
}

/** Expands rows into cases, one per platform. */
export function casesOf(rows: readonly CorpusRow[]): CorpusCase[] {
    return rows.flatMap((row) =>
        (row.platforms ?? PLATFORMS).map((platform) => ({
            name: `${platform}: ${row.rule}`,
            platform,
            contract: withValue(baseContract(platform, row.base), row.path, row.value) as Record<
                string,
                unknown
            >,
        })),
    );
}

export { REMOVE };
