/**
 * Where the interoperability vectors live (`../shared/vectors` beside the repository), and
 * what a test does when they are absent: skip with a reason on a user's clone, fail under CI.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository's root folder (tests run compiled, from lib/tests/...). */
export const REPO_ROOT = findRoot(__dirname);

function findRoot(from: string): string {
    let dir = from;
    while (
        !fs.existsSync(path.join(dir, "package.json")) ||
        path.basename(path.dirname(dir)) === "node_modules"
    ) {
        const up = path.dirname(dir);
        if (up === dir) throw new Error(`no package.json above ${from}`);
        dir = up;
    }
    return dir;
}

/** The vectors folder. */
export const VECTORS = path.resolve(REPO_ROOT, "../shared/vectors");

/** Whether the vectors are present. */
export function haveVectors(): boolean {
    return fs.existsSync(path.join(VECTORS, "README.md"));
}

/**
 * Skips the running test (or suite, from a `before` hook) when the vectors are absent; under
 * CI (`CI=true`) their absence fails instead.
 */
export function requireVectors(ctx: Mocha.Context): void {
    if (haveVectors()) return;
    if (process.env.CI === "true") {
        throw new Error(`the interoperability vectors are missing at ${VECTORS}; CI needs them`);
    }
    console.warn(`    (skipped: the interoperability vectors are missing at ${VECTORS})`);
    ctx.skip();
}

/** A vector file's path. */
export function vector(...parts: string[]): string {
    return path.join(VECTORS, ...parts);
}

/** A vector file's text. */
export function vectorText(...parts: string[]): string {
    return fs.readFileSync(vector(...parts), "utf8");
}
