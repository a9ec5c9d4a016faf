/**
 * The independent readers the on-prem tests rely on (isoinfo, virt-xml-validate, xmllint),
 * and what a test does when one is missing: skip with a reason on a user's machine, fail
 * under CI (`CI=true`), where .ci/run installs them.
 */
import { spawnSync } from "node:child_process";
import { haveCommand } from "../../support/tools";

/**
 * Skips the running test (or suite, from a `before` hook) when `command` is not installed;
 * under CI its absence fails instead.
 */
export function requireCommand(ctx: Mocha.Context, command: string, debianPackage: string): void {
    if (haveCommand(command)) return;
    if (process.env.CI === "true") {
        throw new Error(`${command} is missing; CI needs it (Debian package ${debianPackage})`);
    }
    console.warn(`    (skipped: ${command} is not installed; apt-get install ${debianPackage})`);
    ctx.skip();
}

/**
 * Skips the running test when an optional reader is not installed, even under CI: such
 * readers add a second opinion but are not part of the CI set-up.
 */
export function optionalCommand(ctx: Mocha.Context, command: string): void {
    if (haveCommand(command)) return;
    console.warn(`    (skipped: ${command} is not installed)`);
    ctx.skip();
}

/** Runs a command without a shell; returns stdout as bytes, or throws with its stderr. */
export function run(command: string, args: readonly string[], input?: Buffer | string): Buffer {
    const r = spawnSync(command, args, { input, maxBuffer: 256 * 1024 * 1024 });
    if (r.error) throw r.error;
    if (r.status !== 0) {
        throw new Error(
            `${command} ${args.join(" ")} failed (${r.status}): ${r.stderr.toString().trim()}`,
        );
    }
    return r.stdout;
}

/** Runs a command; returns its exit status and both outputs as text. */
export function attempt(
    command: string,
    args: readonly string[],
): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(command, args, { maxBuffer: 64 * 1024 * 1024 });
    return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}
