/**
 * The package's one logging channel outside Pulumi code. Library functions return findings
 * rather than log them; what they do log (a generated signing key, a fallback taken) goes
 * through here so that the CLI, the dynamic provider and tests can each decide where it lands.
 */

/** A place for log lines. */
export type LogSink = (level: "info" | "warn", message: string) => void;

const stderrSink: LogSink = (level, message) => {
    if (level === "warn") {
        process.stderr.write(`warning: ${message}\n`);
    }
};

let sink: LogSink = stderrSink;

/**
 * Sends the package's log lines to `next`, and returns the sink it replaces. By default
 * warnings go to standard error and informational lines are dropped.
 */
export function setLogSink(next: LogSink): LogSink {
    const previous = sink;
    sink = next;
    return previous;
}

/** Logs an informational line. The message must never hold a secret. */
export function info(message: string): void {
    sink("info", message);
}

/** Logs a warning. The message must never hold a secret. */
export function warn(message: string): void {
    sink("warn", message);
}
