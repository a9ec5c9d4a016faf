/**
 * Turns zod issues into findings: the code and enclave message that fit the place of the
 * issue, the path from the top of the contract, and a sentence from `messages.ts`.
 */

import type { z } from "zod";
import type { HplOf } from "../finding-codes";
import { finding, joinPath, type Finding, type FindingCode } from "../findings";
import { platformInfo, type Platform } from "../platform";
import { closestKey } from "./closest-key";
import { expectationOf } from "./expectations";
import { issueMessage, missingMessage, type IssueContext } from "./messages";
import { declaredKeys, keySchema, objectSchema, recordSchema, schemaAt, valueAt } from "./navigate";
import { alternatives, isMapping, OWN_ISSUE, type OwnIssueParams } from "./refinements";

/** Where the issues of one validation come from. */
export interface IssueSource {
    readonly platform: Platform;
    /** The schema that was run. */
    readonly schema: z.ZodType;
    /** The value it was run on. */
    readonly value: unknown;
    /** The path of that value in the contract: `["workload"]`, `["env"]` or `[]`. */
    readonly prefix: readonly string[];
}

type Path = readonly (string | number)[];

function plainPath(path: readonly PropertyKey[]): (string | number)[] {
    return path.map((key) => (typeof key === "symbol" ? String(key) : key));
}

/** The enclave message for a schema failure in one part of the contract. */
function schemaHpl(path: Path): HplOf<"SCHEMA"> {
    if (path[0] === "env" && path[1] === "logging") {
        return "HPL01001E";
    }
    return path[1] === "volumes" ? "HPL07001E" : "HPL05001E";
}

function isSeed(path: Path): boolean {
    return (
        path.length === 4 &&
        path[1] === "volumes" &&
        (path[3] === "seed" || path[3] === "previousSeed")
    );
}

function isMount(path: Path): boolean {
    return (
        path.length === 4 && path[0] === "workload" && path[1] === "volumes" && path[3] === "mount"
    );
}

function isEnvValue(path: Path): boolean {
    const inMap = path.length === 3 && path[1] === "env";
    const inPod = path.length > 3 && path[path.length - 1] === "value" && path.includes("play");
    return inMap || (inPod && path[path.length - 3] === "env");
}

/** The code of a finding at `path`, with the enclave message that it foresees. */
function classify(
    path: Path,
    issue: z.core.$ZodIssue,
    context: IssueContext,
): { code: FindingCode; hpl?: HplOf<FindingCode> } {
    if (path.length === 1 && (path[0] === "workload" || path[0] === "env")) {
        return issue.code === "invalid_type" && context.missing
            ? { code: "SECTION_MISSING", hpl: "HPL05002E" }
            : { code: "SECTION_NOT_MAPPING", hpl: "HPL05000E" };
    }
    if (path[0] === "attestationPublicKey") {
        return { code: "ATTESTATION_KEY_INVALID", hpl: "HPL11002E" };
    }
    if (path[0] === "env" && path[1] === "signingKey") {
        return { code: "SIGNING_KEY_INVALID", hpl: "HPL12003E" };
    }
    if (path.length === 2 && path[0] === "env" && path[1] === "logging" && context.missing) {
        return { code: "LOGGING_MISSING", hpl: "HPL01002W" };
    }
    if (isSeed(path)) {
        return { code: context.missing ? "SEED_MISSING" : "SEED_INVALID", hpl: "HPL07001E" };
    }
    if (isMount(path)) {
        return { code: "VOLUME_MOUNT_INVALID", hpl: "HPL07002E" };
    }
    if (issue.code === "invalid_type" && !context.missing && isEnvValue(path)) {
        const hpl = path.length === 3 ? "HPL06003E" : "HPL05001E";
        return { code: "ENV_VALUE_NOT_STRING", hpl };
    }
    return { code: "SCHEMA", hpl: schemaHpl(path) };
}

/** Special sentences that read better than the generic ones. */
function specialMessage(
    code: FindingCode,
    path: Path,
    platform: Platform,
    context: IssueContext,
): string | undefined {
    const { title } = platformInfo(platform);
    switch (code) {
        case "SECTION_MISSING":
            return `add the ${path[0]} section; the enclave needs both workload and env`;
        case "SECTION_NOT_MAPPING":
            return `give the ${path[0]} section as a mapping; parse or decrypt it first`;
        case "LOGGING_MISSING":
            return `add logging with one backend, logRouter or syslog; ${title} requires it`;
        case "ENV_VALUE_NOT_STRING":
            return context.empty
                ? 'give the variable a string value, or "" for an empty one'
                : 'quote the value so that YAML reads it as a string, e.g. PORT: "8080"';
        default:
            if (path.length === 0) {
                return "give the contract as a mapping that holds workload and env";
            }
            return path.length === 2 && path[1] === "type" && context.missing
                ? `add type: ${path[0]} to mark the section`
                : undefined;
    }
}

/** The branch of a failed union whose issues say the most about what to fix. */
function bestBranch(branches: readonly z.core.$ZodIssue[][]): z.core.$ZodIssue[] {
    const depth = (issues: z.core.$ZodIssue[]) => Math.max(0, ...issues.map((i) => i.path.length));
    return [...branches].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0] ?? [];
}

/** Converts the issues of one zod validation into findings, one per path and code. */
export function issuesToFindings(
    issues: readonly z.core.$ZodIssue[],
    source: IssueSource,
): Finding[] {
    const findings = new Map<string, Finding>();
    const add = (f: Finding) => {
        const id = `${f.path}\u0000${f.code}`;
        if (!findings.has(id)) {
            findings.set(id, f);
        }
    };
    const visit = (issue: z.core.$ZodIssue, base: readonly PropertyKey[]) => {
        const local = [...base, ...issue.path];
        if (issue.code === "invalid_union" && issue.errors.length > 0) {
            const schema = schemaAt(source.schema, source.value, local);
            if (!expectationOf(schema) && issue.discriminator === undefined) {
                bestBranch(issue.errors).forEach((inner) => visit(inner, local));
                return;
            }
        }
        if (issue.code === "unrecognized_keys") {
            const parent = schemaAt(source.schema, source.value, local);
            const object = parent && objectSchema(parent, valueAt(source.value, local));
            const known = object ? declaredKeys(object) : [];
            for (const key of issue.keys) {
                const guess = closestKey(key, known);
                const path = [...source.prefix, ...plainPath(local), key];
                const message = guess
                    ? `remove this key, which is not allowed here, or rename it to ${guess}`
                    : "remove this key, which is not allowed here";
                add(finding("SCHEMA", "error", joinPath(...path), message, schemaHpl(path)));
            }
            return;
        }
        add(toFinding(issue, local, source));
    };
    for (const issue of issues) {
        visit(issue, []);
    }
    return [...findings.values()];
}

/** The key schema of the map whose key is the last segment of `local`. */
function keySchemaAt(source: IssueSource, local: readonly PropertyKey[]): z.ZodType | undefined {
    const map = schemaAt(source.schema, source.value, local.slice(0, -1));
    const record = map && recordSchema(map);
    return record && keySchema(record);
}

function toFinding(issue: z.core.$ZodIssue, local: PropertyKey[], source: IssueSource): Finding {
    const path = [...source.prefix, ...plainPath(local)];
    const value = valueAt(source.value, local);
    const parent = local.length > 0 ? valueAt(source.value, local.slice(0, -1)) : undefined;
    const key = path[path.length - 1];
    const missing = local.length > 0 && isMapping(parent) && !Object.hasOwn(parent, key);
    const schema = schemaAt(source.schema, source.value, local);
    const expectSchema = issue.code === "invalid_key" ? keySchemaAt(source, local) : schema;
    const context: IssueContext = {
        expect: expectationOf(expectSchema),
        missing: missing || (issue.code === "invalid_type" && issue.expected === "nonoptional"),
        empty: value === null,
        given: value === null ? "null" : Array.isArray(value) ? "array" : typeof value,
        key,
    };
    const own = issue.code === "custom" && (issue.params as OwnIssueParams)?.source === OWN_ISSUE;
    if (own) {
        const code = (issue.params as OwnIssueParams).finding ?? "SCHEMA";
        return finding(code, "error", joinPath(...path), issue.message, schemaHpl(path));
    }
    if (issue.code === "invalid_type" && issue.expected === "never") {
        const { title, workloadKinds } = platformInfo(source.platform);
        const message = `remove ${String(key)}; ${title} runs only ${alternatives(workloadKinds)} workloads`;
        return finding("WORKLOAD_KIND", "error", joinPath(...path), message, "HPL05001E");
    }
    if (issue.code === "invalid_union" && issue.discriminator !== undefined) {
        const options = ("options" in issue ? (issue.options ?? []) : []).map(String);
        const message = `set ${issue.discriminator} to ${alternatives(options)}`;
        return finding("SCHEMA", "error", joinPath(...path), message, schemaHpl(path));
    }
    const { code, hpl } = classify(path, issue, context);
    const message =
        specialMessage(code, path, source.platform, context) ??
        (context.missing ? missingMessage(context) : issueMessage(issue, context));
    return finding(code, "error", joinPath(...path), message, hpl);
}
