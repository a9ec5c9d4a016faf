/**
 * Property and fuzz testing with fast-check: how many cases run, how a failure is replayed, and
 * what counts as "one clear error" for a parser that takes outside input.
 *
 * The number of cases comes from `HPCR_FUZZ_RUNS` (default 200 on a workstation, 2,000 under
 * CI). A failing property prints its seed and path; `HPCR_FUZZ_SEED` (and `HPCR_FUZZ_PATH`)
 * replay it.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { InputError } from "../../provider/errors";
import type { Finding } from "../../provider/findings";

const LOCAL_RUNS = 200;
const CI_RUNS = 2_000;

/** The number of cases a property of `weight` runs (weight < 1 for the expensive ones). */
export function fuzzRuns(weight = 1): number {
    const configured = Number(process.env.HPCR_FUZZ_RUNS);
    const base =
        Number.isInteger(configured) && configured > 0
            ? configured
            : process.env.CI === "true"
              ? CI_RUNS
              : LOCAL_RUNS;
    return Math.max(10, Math.round(base * weight));
}

/** fast-check parameters: the run count, and the seed to replay when one is given. */
export function fuzzParameters<T>(weight = 1): fc.Parameters<T> {
    const seed = Number(process.env.HPCR_FUZZ_SEED);
    const replay = Number.isInteger(seed)
        ? { seed, ...(process.env.HPCR_FUZZ_PATH ? { path: process.env.HPCR_FUZZ_PATH } : {}) }
        : {};
    return { numRuns: fuzzRuns(weight), endOnFailure: true, ...replay };
}

// Signs of a message built from a value that was not there: a crash dressed as a message.
const GARBLED = /\bundefined\b|\bNaN\b|\[object \w+\]/;
const MAX_MESSAGE = 600;

/**
 * Asserts that `e` is the package's clear error for bad input: an InputError whose field is
 * one of `fields` (when given), whose reason is a sentence of reasonable length, and whose
 * message holds nothing of `secrets`.
 */
export function assertClearError(
    e: unknown,
    fields?: readonly string[],
    secrets: readonly string[] = [],
): asserts e is InputError {
    if (!InputError.isInstance(e)) {
        const shown = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e);
        assert.fail(`expected an InputError, got ${shown}`);
    }
    if (fields) assert.ok(fields.includes(e.field), `field ${e.field} is not one of ${fields}`);
    assert.ok(e.reason.length > 0 && e.message.length < MAX_MESSAGE, e.message);
    assert.doesNotMatch(e.message, GARBLED);
    for (const s of secrets) assert.ok(!e.message.includes(s), `the message echoes ${s}`);
}

/**
 * Runs `fn`; returns its result, or undefined after checking that what it threw is a clear
 * error (see {@link assertClearError}).
 */
export function resultOrClearError<T>(
    fn: () => T,
    fields?: readonly string[],
    secrets?: readonly string[],
): T | undefined {
    try {
        return fn();
    } catch (e) {
        assertClearError(e, fields, secrets);
        return undefined;
    }
}

/** The asynchronous form of {@link resultOrClearError}. */
export async function resultOrClearErrorAsync<T>(
    fn: () => Promise<T>,
    fields?: readonly string[],
    secrets?: readonly string[],
): Promise<T | undefined> {
    try {
        return await fn();
    } catch (e) {
        assertClearError(e, fields, secrets);
        return undefined;
    }
}

/**
 * Asserts that findings are well formed: a code from the closed set's shape, a path, a
 * sentence of reasonable length, nothing of `secrets`; and, when `bounded`, only a few of them
 * (one bad input is one problem, not hundreds).
 */
export function assertClearFindings(
    findings: readonly Finding[],
    secrets: readonly string[] = [],
    bounded = 25,
): void {
    assert.ok(findings.length <= bounded, `${findings.length} findings for one input`);
    const seen = new Set<string>();
    for (const f of findings) {
        const key = `${f.code} ${f.path} ${f.message}`;
        assert.ok(!seen.has(key), `a finding is given twice: ${key}`);
        seen.add(key);
        const clauses = f.message.split("; ");
        assert.equal(
            new Set(clauses).size,
            clauses.length,
            `a message repeats itself: ${f.message}`,
        );
        assert.match(f.code, /^[A-Z][A-Z0-9_]+$/);
        assert.ok(f.severity === "error" || f.severity === "warning");
        assert.equal(typeof f.path, "string");
        assert.ok(f.message.length > 0 && f.message.length < MAX_MESSAGE, f.message);
        assert.doesNotMatch(f.message, GARBLED);
        for (const s of secrets) {
            assert.ok(!f.message.includes(s) && !f.path.includes(s), `a finding echoes ${s}`);
        }
    }
}

/**
 * The number of values in a parsed document: each scalar, list and mapping counts one, and so
 * does each key. A validator reports at most a few findings per value (the value itself, and
 * the fields missing from a mapping), so this bounds the findings of a document of any shape.
 */
export function valueCount(value: unknown): number {
    if (Array.isArray(value)) return value.reduce((n: number, v) => n + valueCount(v), 1);
    if (value !== null && typeof value === "object") {
        return Object.values(value).reduce((n: number, v) => n + 1 + valueCount(v), 1);
    }
    return 1;
}

/** Bytes: random, or a valid sample damaged by flips, cuts and insertions. */
export function damaged(sample: Buffer): fc.Arbitrary<Buffer> {
    const flip = fc
        .tuple(fc.nat(sample.length - 1), fc.integer({ min: 1, max: 255 }))
        .map(([at, mask]) => {
            const out = Buffer.from(sample);
            out[at] ^= mask;
            return out;
        });
    const flips = fc.array(fc.tuple(fc.nat(sample.length - 1), fc.nat(255)), {
        minLength: 2,
        maxLength: 16,
    });
    const many = flips.map((list) => {
        const out = Buffer.from(sample);
        for (const [at, value] of list) out[at] = value;
        return out;
    });
    const cut = fc.nat(sample.length - 1).map((n) => sample.subarray(0, n));
    const insert = fc
        .tuple(fc.nat(sample.length), fc.uint8Array({ minLength: 1, maxLength: 64 }))
        .map(([at, bytes]) =>
            Buffer.concat([sample.subarray(0, at), Buffer.from(bytes), sample.subarray(at)]),
        );
    const random = fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b));
    return fc.oneof(flip, many, cut, insert, random);
}

/** Text: arbitrary strings of any Unicode, of printable ASCII, and damaged forms of samples. */
export function damagedText(...samples: string[]): fc.Arbitrary<string> {
    const bytes = samples.map((s) => damaged(Buffer.from(s, "utf8")).map((b) => b.toString()));
    return fc.oneof(
        fc.string({ unit: "binary", maxLength: 512 }),
        fc.string({ maxLength: 512 }),
        ...bytes,
    );
}
