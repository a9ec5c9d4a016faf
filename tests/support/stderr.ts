/**
 * Captures what code writes to standard error: the log channel of the dynamic-provider host.
 */

/** Runs `fn` and returns its result with everything it wrote to standard error meanwhile. */
export async function captureLog<T>(fn: () => Promise<T>): Promise<{ result: T; log: string }> {
    const write = process.stderr.write.bind(process.stderr);
    let log = "";
    (process.stderr as unknown as { write: unknown }).write = (chunk: string | Buffer) => {
        log += String(chunk);
        return true;
    };
    try {
        return { result: await fn(), log };
    } finally {
        (process.stderr as unknown as { write: unknown }).write = write;
    }
}
