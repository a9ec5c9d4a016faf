/**
 * What every dynamic provider of the package shares: the preview's unknown marker, keyed
 * fingerprints of inputs, output normalisation, and logging from inside the provider host.
 * Nothing here loads Pulumi: this code runs in the engine's provider host.
 */
import * as crypto from "node:crypto";
import { formatFinding, type Finding } from "../findings";
import { deepEqual } from "./equal";

/**
 * The value Pulumi's provider host passes for an input that is not known yet (during a
 * preview). It is `pulumi.runtime.unknownValue`; written out so the host need not load Pulumi.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether a value is the preview's unknown marker. */
export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

/** Whether the value or anything inside it is unknown. */
export function hasUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(hasUnknown);
    if (typeof value === "object" && value !== null) return Object.values(value).some(hasUnknown);
    return false;
}

/** The inputs without the engine's `__provider` text. */
export function withoutProvider<T extends Record<string, unknown>>(bag: T): Omit<T, "__provider"> {
    const { __provider: _, ...rest } = bag;
    void _;
    return rest;
}

/**
 * Whether a resource's inputs equal those its previous check accepted (`olds`, empty on
 * create): they were judged then, so a preview need not judge them again.
 */
export function unchangedInputs(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): boolean {
    const previous = withoutProvider(olds);
    return Object.keys(previous).length > 0 && deepEqual(previous, withoutProvider(news));
}

/**
 * JSON with keys sorted at every level, so that equal values give equal text whatever order
 * their keys arrived in (the engine does not keep it).
 */
export function canonicalJson(value: unknown): string {
    if (value === undefined) return "null";
    if (value === null || typeof value !== "object") return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
    const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** A fresh key for fingerprints; kept in state as a secret. */
export function newFingerprintKey(): string {
    return crypto.randomBytes(32).toString("base64");
}

/**
 * A keyed fingerprint of an input: HMAC-SHA256 under the resource's own secret key, so that
 * state never holds a bare hash of a secret that could be guessed offline.
 */
export function fingerprint(key: string, value: unknown): string {
    return crypto.createHmac("sha256", keyObject(key)).update(canonicalJson(value)).digest("hex");
}

/** The key object of the fingerprint key used last: a resource prints its inputs in a row. */
let lastKey: { text: string; object: crypto.KeyObject } | undefined;

/**
 * The fingerprint key as a key object. HMAC under a key object costs a fifth of HMAC under
 * raw bytes on Node 24, which builds a key object from the bytes at every call.
 */
function keyObject(key: string): crypto.KeyObject {
    if (lastKey?.text !== key) {
        lastKey = { text: key, object: crypto.createSecretKey(Buffer.from(key, "base64")) };
    }
    return lastKey.object;
}

/**
 * Output values the provider host can carry: `undefined` keys dropped (the host fails on them),
 * dates as ISO text, nested values likewise.
 */
export function normalizeOuts<T>(value: T): T {
    if (value instanceof Date) return value.toISOString() as unknown as T;
    if (Array.isArray(value)) return value.map((v) => normalizeOuts(v)) as unknown as T;
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            if (v !== undefined) out[k] = normalizeOuts(v);
        }
        return out as T;
    }
    return value;
}

/**
 * Writes a line to the deployment's log. In the provider host, standard error reaches the
 * engine as a diagnostic; the message must never hold a secret.
 */
export function logLine(message: string): void {
    process.stderr.write(`${message}\n`);
}

/** Logs the warnings among `findings` for a resource. */
export function logWarnings(resource: string, findings: readonly Finding[]): void {
    for (const f of findings) {
        if (f.severity === "warning") logLine(`warning: ${resource}: ${formatFinding(f)}`);
    }
}

/**
 * Check failures for the error findings, each naming the path of the value at fault
 * (`env.env.REGISTRY`). A finding on a whole input (`env`, `signingKey`) names no property: the
 * engine prints the value of the property a failure names, and that value may be a secret. The
 * reason holds the path anyway.
 */
export function failuresOf(findings: readonly Finding[]): { property: string; reason: string }[] {
    return findings
        .filter((f) => f.severity === "error")
        .map((f) => ({ property: /[.[]/.test(f.path) ? f.path : "", reason: formatFinding(f) }));
}
