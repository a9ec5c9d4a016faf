/**
 * The workload folder the determinism specs archive: short, long (ustar prefix), very long
 * (pax) and non-ASCII names, an executable, a dot file, an empty directory, and names whose
 * byte order differs from a naive path order.
 */

import * as fs from "node:fs";
import * as path from "node:path";

/** One file of the fixture. */
export interface FixtureFile {
    readonly name: string;
    readonly content: string;
    readonly executable?: boolean;
}

/** A name over 100 bytes that fits the ustar prefix and name fields. */
export const PREFIX_NAME = `long/${"n".repeat(90)}/${"m".repeat(60)}.yaml`;

/** A name over 255 bytes, which only a pax header can carry. */
export const PAX_NAME = `${"p".repeat(150)}/${"q".repeat(150)}.txt`;

/** A name with non-ASCII characters, which only a pax header can carry. */
export const UTF8_NAME = "ünïcödé/çønfïg.yaml";

/** The files, in the order the first copy creates them. */
export const FIXTURE_FILES: readonly FixtureFile[] = [
    { name: "docker-compose.yaml", content: "services:\n  web:\n    image: nginx\n" },
    { name: ".env", content: "MODE=production\n" },
    { name: "bin/start.sh", content: "#!/bin/sh\nexec nginx -g 'daemon off;'\n", executable: true },
    { name: "config/nginx.conf", content: "worker_processes 1;\n".repeat(50) },
    { name: "config/conf.d/default.conf", content: "server { listen 80; }\n" },
    { name: PREFIX_NAME, content: "prefix\n" },
    { name: PAX_NAME, content: "pax\n" },
    { name: UTF8_NAME, content: "utf-8\n" },
    { name: "sub-a.txt", content: "dash\n" },
    { name: "sub.txt", content: "dot\n" },
    { name: "sub/x.txt", content: "inside\n" },
    { name: "sub0.txt", content: "zero\n" },
];

/** Directories that hold nothing. */
export const EMPTY_DIRECTORIES: readonly string[] = ["data/empty"];

/** How one copy of the fixture is made. */
export interface FixtureVariant {
    /** Create the files in reverse order. */
    readonly reverse?: boolean;
    /** The umask in force while creating. */
    readonly umask: number;
    /** Set every file's and directory's times to this date after creating. */
    readonly mtime?: Date;
    /** The mode given to the executable, instead of 0755. */
    readonly executableMode?: number;
}

/** Writes a copy of the fixture under `root`, made the way `variant` says. */
export function writeFixture(root: string, variant: FixtureVariant): void {
    const previous = process.umask(variant.umask);
    try {
        const files = variant.reverse ? [...FIXTURE_FILES].reverse() : FIXTURE_FILES;
        const directories = variant.reverse ? [...EMPTY_DIRECTORIES].reverse() : EMPTY_DIRECTORIES;
        for (const directory of directories) {
            fs.mkdirSync(path.join(root, directory), { recursive: true });
        }
        for (const file of files) {
            const target = path.join(root, file.name);
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, file.content);
            if (file.executable) {
                fs.chmodSync(target, variant.executableMode ?? 0o755);
            }
        }
    } finally {
        process.umask(previous);
    }
    if (variant.mtime) {
        touchAll(root, variant.mtime);
    }
}

function touchAll(folder: string, time: Date): void {
    for (const child of fs.readdirSync(folder, { withFileTypes: true })) {
        const target = path.join(folder, child.name);
        if (child.isDirectory()) {
            touchAll(target, time);
        }
        fs.utimesSync(target, time, time);
    }
}
