/**
 * Memory measurements, each in a fresh child process so that nothing else the benchmark did
 * weighs on them. `node lib/bench/memory.js peak <count>` builds `count` contracts at once and
 * reports the process's peak resident memory; `node --expose-gc lib/bench/memory.js copies
 * <bytes>` reports how many bytes building one contract allocates per byte of a compose
 * archive of about `<bytes>` bytes, for the package and for the floor. The fixture arrives as
 * JSON on standard input; the result leaves as JSON on standard output.
 */
import { spawn } from "node:child_process";
import { PerformanceObserver } from "node:perf_hooks";
import { readSection } from "../provider/contract/section";
import { workloadPlaintext } from "../provider/contract/plaintext";
import { composeWorkload, type BenchFixture } from "./fixture";
import { floorContract, floorInput } from "./floor";
import { createContract, packageContract } from "./package";

const MIB = 1024 * 1024;

/** The peak memory of building contracts at once. */
export interface PeakMemory {
    /** Resident memory in MiB after loading the package and building one contract. */
    readonly baselineMiB: number;
    /** The process's peak resident memory in MiB, after building all of them at once. */
    readonly peakMiB: number;
}

/** What one contract allocates per byte of its compose archive. */
export interface ArchiveCopies {
    /** The archive's size in bytes (decoded, as a tar.gz). */
    readonly archiveBytes: number;
    /** Bytes allocated per archive byte by the package's `buildContract`, for a new archive. */
    readonly package: number;
    /** The same for an archive that an earlier contract of the process carried already. */
    readonly packageShared: number;
    /** Bytes allocated per archive byte by the floor. */
    readonly floor: number;
}

async function peak(fixture: BenchFixture, count: number): Promise<PeakMemory> {
    await createContract(fixture, "warm-up");
    const baselineMiB = process.memoryUsage().rss / MIB;
    await Promise.all(Array.from({ length: count }, (_, i) => createContract(fixture, `c${i}`)));
    return { baselineMiB, peakMiB: process.resourceUsage().maxRSS / 1024 };
}

/**
 * Bytes allocated on the heap and for buffers while `fn` runs, with no garbage collection in
 * between: the young generation is made large enough by the flags the parent passes, and a
 * run that saw a collection anyway is done again. `external` is left out: V8 updates it
 * lazily, while `arrayBuffers` counts every buffer at once.
 */
async function allocated(fn: () => Promise<unknown>): Promise<number> {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error("run with --expose-gc");
    for (let attempt = 0; attempt < 10; attempt++) {
        let collections = 0;
        const observer = new PerformanceObserver((list) => {
            collections += list.getEntries().length;
        });
        gc();
        observer.observe({ entryTypes: ["gc"] });
        const before = process.memoryUsage();
        await fn();
        const after = process.memoryUsage();
        await new Promise((resolve) => setImmediate(resolve));
        observer.disconnect();
        if (collections === 0) {
            return after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
        }
    }
    throw new Error("every measurement saw a garbage collection");
}

/**
 * Bytes allocated per archive byte: what `large(i)` for every run `i` allocates, less what
 * `small(i)` does, over the runs and the archive size. Each side runs as one batch, so that
 * the heap's page-sized steps weigh little.
 */
async function perArchiveByte(
    small: (run: number) => unknown,
    large: (run: number) => unknown,
    archiveBytes: number,
    runs: number,
): Promise<number> {
    const batch = (one: (run: number) => unknown) => async () => {
        for (let i = 0; i < runs; i++) await one(i);
    };
    const smallBytes = await allocated(batch(small));
    const largeBytes = await allocated(batch(large));
    return (largeBytes - smallBytes) / runs / archiveBytes;
}

function plainText(workload: Record<string, unknown>): string {
    const section = readSection("workload", workload).section;
    if (section?.kind !== "plain") throw new Error("not a plain workload");
    return workloadPlaintext(section);
}

async function copies(
    fixture: BenchFixture,
    padding: number,
    runs: number,
): Promise<ArchiveCopies> {
    // Every run gets archives never seen before, so that none was analysed by an earlier one.
    const warmUps = 3;
    const small = Array.from({ length: warmUps + runs }, (_, i) => composeWorkload(0, i));
    const large = Array.from({ length: warmUps + runs }, (_, i) => composeWorkload(padding, i));
    const archive = (large[0].compose as { archive: string }).archive;
    const archiveBytes = Buffer.from(archive, "base64").length;
    const floors = (workloads: Record<string, unknown>[]) =>
        workloads.map((w) =>
            floorInput(
                fixture.certificate,
                fixture.signingKey,
                plainText(w),
                fixture.envTextSigned,
            ),
        );
    const floorSmall = floors(small);
    const floorLarge = floors(large);
    // HPVS's 64 KiB of user data cannot hold such an archive; on-prem CCRT can.
    const build = (workload: unknown) => packageContract(fixture, workload, "ccrt");
    for (let i = 0; i < warmUps; i++) {
        await build(small[runs + i]);
        await build(large[runs + i]);
        floorContract(floorSmall[runs + i]);
        floorContract(floorLarge[runs + i]);
    }
    return {
        archiveBytes,
        package: await perArchiveByte(
            (i) => build(small[i]),
            (i) => build(large[i]),
            archiveBytes,
            runs,
        ),
        // One archive for every run, read once before: every contract of a fleet but the first.
        packageShared: await (async () => {
            await build(small[0]);
            await build(large[0]);
            return perArchiveByte(
                () => build(small[0]),
                () => build(large[0]),
                archiveBytes,
                runs,
            );
        })(),
        floor: await perArchiveByte(
            (i) => floorContract(floorSmall[i]),
            (i) => floorContract(floorLarge[i]),
            archiveBytes,
            runs,
        ),
    };
}

/** Measures the peak memory of building `count` contracts at once, in a fresh process. */
export function measurePeak(fixture: BenchFixture, count: number): Promise<PeakMemory> {
    return inChild(fixture, [], ["peak", String(count)]);
}

/**
 * Measures the allocations per archive byte, in a fresh process.
 *
 * @param runs How many measurements the medians are taken over.
 */
export function measureCopies(
    fixture: BenchFixture,
    padding: number,
    runs: number,
): Promise<ArchiveCopies> {
    // A young generation this large sees no collection while one contract is built.
    const flags = ["--expose-gc", "--min-semi-space-size=64", "--max-semi-space-size=64"];
    return inChild(fixture, flags, ["copies", String(padding), String(runs)]);
}

function inChild<T>(fixture: BenchFixture, flags: string[], args: string[]): Promise<T> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...flags, __filename, ...args], {
            stdio: ["pipe", "pipe", "inherit"],
        });
        const out: Buffer[] = [];
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.once("error", reject);
        child.once("close", (code) => {
            if (code !== 0) return reject(new Error(`memory ${args.join(" ")} exited ${code}`));
            resolve(JSON.parse(Buffer.concat(out).toString("utf8")) as T);
        });
        child.stdin.end(JSON.stringify(fixture));
    });
}

async function main(): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const fixture = JSON.parse(Buffer.concat(chunks).toString("utf8")) as BenchFixture;
    const [what, n, runs] = process.argv.slice(2);
    const result =
        what === "peak"
            ? await peak(fixture, Number(n))
            : await copies(fixture, Number(n), Number(runs));
    process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
    main().catch((e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
    });
}
