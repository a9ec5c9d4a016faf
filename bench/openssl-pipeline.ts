/**
 * Running the openssl CLI pipeline of IBM's documentation (`openssl-contract.sh`) from Node.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { BenchFixture } from "./fixture";

/** The script, found from the compiled file in `lib/bench/` or the source in `bench/`. */
const SCRIPT = path.resolve(__dirname, "..", "..", "bench", "openssl-contract.sh");

/** Builds one contract with the openssl pipeline; resolves to its user data. */
export function opensslContract(fixture: BenchFixture): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn("bash", [SCRIPT], {
            env: {
                PATH: process.env.PATH,
                HPCR_CERTIFICATE: fixture.certificate,
                HPCR_SIGNING_KEY: fixture.signingKey,
                HPCR_WORKLOAD: fixture.workloadText,
                HPCR_ENV: fixture.envText,
            },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        child.once("error", reject);
        child.once("close", (code) =>
            code === 0
                ? resolve(Buffer.concat(out).toString("utf8"))
                : reject(new Error(`openssl-contract.sh failed: ${Buffer.concat(err)}`)),
        );
    });
}

/** Runs `count` tasks with at most `limit` at a time. */
export async function limited<T>(
    count: number,
    limit: number,
    task: (i: number) => Promise<T>,
): Promise<T[]> {
    const results: T[] = new Array(count);
    let next = 0;
    const lane = async () => {
        while (next < count) {
            const i = next++;
            results[i] = await task(i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
    return results;
}
