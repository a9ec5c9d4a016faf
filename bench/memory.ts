/**
 * Memory measurements, each in a fresh child process so that nothing else the benchmark did
 * weighs on them. `node lib/bench/memory.js peak <count>` builds `count` contracts at once and
 * reports the process's peak resident memory; `node --expose-gc lib/bench/memory.js copies
 * <bytes> <runs>` reports how many bytes building one contract allocates per byte of a
 * compose archive of about `<bytes>` bytes (see `copies.ts`). The fixture arrives as JSON on
 * standard input; the result leaves as JSON on standard output.
 */
import { spawn } from "node:child_process";
import { copies, type ArchiveCopies } from "./copies";
import type { BenchFixture } from "./fixture";
import { createContract } from "./package";

const MIB = 1024 * 1024;

/** The peak memory of building contracts at once. */
export interface PeakMemory {
    /** Resident memory in MiB after loading the package and building one contract. */
    readonly baselineMiB: number;
    /** The process's peak resident memory in MiB, after building all of them at once. */
    readonly peakMiB: number;
}

async function peak(fixture: BenchFixture, count: number): Promise<PeakMemory> {
    await createContract(fixture, "warm-up");
    const baselineMiB = process.memoryUsage().rss / MIB;
    await Promise.all(Array.from({ length: count }, (_, i) => createContract(fixture, `c${i}`)));
    return { baselineMiB, peakMiB: process.resourceUsage().maxRSS / 1024 };
}

/** Measures the peak memory of building `count` contracts at once, in a fresh process. */
export function measurePeak(fixture: BenchFixture, count: number): Promise<PeakMemory> {
    return inChild(fixture, [], ["peak", String(count)]);
}

/**
 * Measures the allocations per archive byte, in a fresh process.
 *
 * @param runs How many contracts each measurement builds.
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
