/**
 * The package as the benchmark runs it: `buildContract` as a library call, and the `Contract`
 * resource's provider methods as the provider host calls them during `pulumi up` and
 * `pulumi preview`.
 */
import { buildContract, type BuiltContract } from "../provider/contract/assemble";
import * as handlers from "../provider/dynamic/contract-handlers";
import type { ContractState } from "../provider/dynamic/contract-state";
import type { Platform } from "../provider/platform";
import type { BenchFixture } from "./fixture";

/** A stand-in for the provider text the engine puts into every bag. */
const PROVIDER = "exports.handler = (function () { /* serialized provider */ })";

/** The inputs of a `Contract` resource as the provider host receives them. */
export function contractNews(fixture: BenchFixture, name: string): Record<string, unknown> {
    return {
        __provider: PROVIDER,
        resourceName: name,
        providerVersion: "0.1.0",
        platform: "hpvs",
        workload: fixture.workload,
        env: fixture.env,
        encryptionCertificate: fixture.certificate,
        signingKey: fixture.signingKey,
    };
}

/**
 * One contract through the library call.
 *
 * @param platform Default: `hpvs`. Archives larger than HPVS's 64 KiB of user data need an
 *   on-prem platform such as `ccrt`.
 */
export function packageContract(
    fixture: BenchFixture,
    workload: unknown = fixture.workload,
    platform: Platform = "hpvs",
): Promise<BuiltContract> {
    return buildContract({
        platform,
        workload: workload as Record<string, unknown>,
        env: fixture.env,
        encryptionCertificate: fixture.certificate,
        signingKey: fixture.signingKey,
    });
}

/** One contract through the resource's `create`, as `pulumi up` makes it. */
export async function createContract(fixture: BenchFixture, name: string): Promise<ContractState> {
    return (await handlers.create(contractNews(fixture, name))).outs;
}

/** What a preview of unchanged resources found. */
export interface PreviewRun {
    /** Milliseconds for all resources' check and diff. */
    readonly ms: number;
    /** How many diffs reported a change (0 for an unchanged stack). */
    readonly changes: number;
}

/**
 * Previews `count` unchanged `Contract` resources: for each, `check` with the same old and new
 * inputs, then `diff` of the checked inputs against the state. Every bag is a fresh copy, as
 * the host deserializes each request anew; the copies are made before the clock starts.
 */
export async function previewContracts(
    fixture: BenchFixture,
    state: ContractState,
    count: number,
): Promise<PreviewRun> {
    const requests = Array.from({ length: count }, (_, i) => {
        const news = contractNews(fixture, `contract-${i}`);
        return {
            olds: structuredClone(news),
            news: structuredClone(news),
            state: structuredClone({ ...state, __provider: PROVIDER }),
        };
    });
    let changes = 0;
    const start = process.hrtime.bigint();
    for (const r of requests) {
        const checked = await handlers.check(r.olds, r.news);
        const diff = await handlers.diff("id", r.state, checked.inputs);
        if (diff.changes) changes++;
    }
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, changes };
}
