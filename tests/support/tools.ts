/**
 * Independent judges for tests: the openssl CLI (the enclave's own tool), and scratch folders.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Runs openssl with `args`, feeding `input`; returns stdout, or throws with stderr. */
export function openssl(args: readonly string[], input?: Buffer | string): Buffer {
    const r = spawnSync("openssl", args, { input, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
        throw new Error(`openssl ${args.join(" ")} failed: ${r.stderr.toString().trim()}`);
    }
    return r.stdout;
}

/** Runs a bash script; returns stdout. */
export function bash(script: string, cwd?: string): string {
    return execFileSync("bash", ["-euo", "pipefail", "-c", script], {
        cwd,
        maxBuffer: 256 * 1024 * 1024,
    }).toString();
}

/** A fresh scratch folder, removed by the returned function. */
export function scratch(prefix = "hpcr-test-"): { dir: string; remove: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Whether a command is on the PATH. */
export function haveCommand(name: string): boolean {
    return spawnSync("bash", ["-c", `command -v ${name}`]).status === 0;
}
