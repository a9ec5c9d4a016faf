/**
 * Clocks and statistics for the benchmark.
 */

/** Milliseconds that `fn` takes. */
export async function time(fn: () => unknown): Promise<number> {
    const start = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Milliseconds that `fn` takes, and the CPU milliseconds the whole process spends meanwhile. */
export async function timeAndCpu(fn: () => unknown): Promise<{ ms: number; cpuMs: number }> {
    const cpu = process.cpuUsage();
    const ms = await time(fn);
    const used = process.cpuUsage(cpu);
    return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times each contestant `rounds` times, taking turns within each round, so that whatever else
 * the machine does weighs on all of them alike; returns each one's median in milliseconds.
 * The round's first turn moves along by one each round, so that no contestant always follows
 * the same one (the openssl pipeline's process spawns leave caches and the scheduler cold).
 */
export async function interleaved<K extends string>(
    rounds: number,
    contestants: Readonly<Record<K, () => unknown>>,
): Promise<Record<K, number>> {
    const names = Object.keys(contestants) as K[];
    const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<
        K,
        number[]
    >;
    for (let round = 0; round < rounds; round++) {
        for (let turn = 0; turn < names.length; turn++) {
            const name = names[(round + turn) % names.length];
            samples[name].push(await time(contestants[name]));
        }
    }
    return Object.fromEntries(names.map((n) => [n, median(samples[n])])) as Record<K, number>;
}
