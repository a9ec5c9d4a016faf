/**
 * Measuring what code allocates: heap and buffers, with no garbage collection in between.
 * Needs `--expose-gc` and a young generation large enough to hold a batch (the memory child
 * process is started so).
 */
import { PerformanceObserver } from "node:perf_hooks";
import * as v8 from "node:v8";
import { median } from "./timing";

// Compiled code lands in the code spaces whenever the compiler finishes; it is not data.
const DATA_SPACES = new Set([
    "new_space",
    "old_space",
    "new_large_object_space",
    "large_object_space",
]);

/** Bytes of data on the heap and in buffers. */
function dataBytes(): number {
    let bytes = process.memoryUsage().arrayBuffers;
    for (const space of v8.getHeapSpaceStatistics()) {
        if (DATA_SPACES.has(space.space_name)) bytes += space.space_used_size;
    }
    return bytes;
}

/**
 * Bytes allocated for data on the heap and for buffers while `fn` runs, with no garbage
 * collection in between: the young generation is made large enough by the flags the parent
 * passes, and a run that saw a collection anyway is done again. `external` is left out: V8
 * updates it lazily, while `arrayBuffers` counts every buffer at once.
 */
export async function allocated(fn: () => Promise<unknown>): Promise<number> {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error("run with --expose-gc");
    for (let attempt = 0; attempt < 10; attempt++) {
        let collections = 0;
        const observer = new PerformanceObserver((list) => {
            collections += list.getEntries().length;
        });
        gc();
        observer.observe({ entryTypes: ["gc"] });
        const before = dataBytes();
        await fn();
        const after = dataBytes();
        await new Promise((resolve) => setImmediate(resolve));
        observer.disconnect();
        if (collections === 0) return after - before;
    }
    throw new Error("every measurement saw a garbage collection");
}

/** How many times a pair of batches is measured; the median counts. */
export const REPETITIONS = 5;

/**
 * Bytes allocated per archive byte: what `large(i)` allocates, less what `small(i)` does,
 * over the runs and the archive size. Each side runs `runs` times in one batch, so that the
 * heap's page-sized steps weigh little; the pair is measured {@link REPETITIONS} times (run
 * `i` counts on across them) and the median taken, so that a burst of compiled code does not.
 */
export async function perArchiveByte(
    small: (run: number) => unknown,
    large: (run: number) => unknown,
    archiveBytes: number,
    runs: number,
): Promise<number> {
    const batch = (one: (run: number) => unknown, first: number) => async () => {
        for (let i = first; i < first + runs; i++) await one(i);
    };
    const results: number[] = [];
    for (let rep = 0; rep < REPETITIONS; rep++) {
        const smallBytes = await allocated(batch(small, rep * runs));
        const largeBytes = await allocated(batch(large, rep * runs));
        results.push((largeBytes - smallBytes) / runs / archiveBytes);
    }
    return median(results);
}
