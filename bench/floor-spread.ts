/**
 * The floor spread over every core: one worker thread per core, each building its share of
 * the contracts one after the other. The time runs from the moment every worker is ready.
 */
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { BenchFixture } from "./fixture";
import { timeAndCpu } from "./timing";

function once(worker: Worker, expected: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const onMessage = (message: unknown) => {
            if (message !== expected) return;
            worker.off("message", onMessage);
            resolve();
        };
        worker.on("message", onMessage);
        worker.once("error", reject);
    });
}

/**
 * Builds `count` floor contracts on `threads` worker threads.
 *
 * @param threads Default: every core the process may use.
 * @returns The milliseconds from start to the last contract, and the CPU milliseconds the
 *   process spent meanwhile.
 */
export async function floorSpread(
    fixture: BenchFixture,
    count: number,
    threads = os.availableParallelism(),
): Promise<{ ms: number; cpuMs: number }> {
    const workerData = {
        certificate: fixture.certificate,
        signingKey: fixture.signingKey,
        workloadText: fixture.workloadText,
        envText: fixture.envTextSigned,
    };
    const file = path.join(__dirname, "floor-worker.js");
    const workers = Array.from({ length: threads }, () => new Worker(file, { workerData }));
    try {
        await Promise.all(workers.map((w) => once(w, "ready")));
        return await timeAndCpu(() =>
            Promise.all(
                workers.map((w, i) => {
                    const share = Math.floor(count / threads) + (i < count % threads ? 1 : 0);
                    const done = once(w, "done");
                    w.postMessage(share);
                    return done;
                }),
            ),
        );
    } finally {
        await Promise.all(workers.map((w) => w.terminate()));
    }
}
