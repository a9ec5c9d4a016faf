import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import * as zlib from "node:zlib";
import {
    ArchiveError,
    FolderArchive,
    GZIP_HEADER,
    archiveFiles,
    archiveFolder,
} from "../../../provider/archive";
import {
    EMPTY_DIRECTORIES,
    FIXTURE_FILES,
    PAX_NAME,
    PREFIX_NAME,
    UTF8_NAME,
    writeFixture,
} from "./fixture";
import { TempFolders, isRoot, systemTar } from "./helpers";

describe("archiveFolder", () => {
    const folders = new TempFolders();
    after(() => folders.removeAll());

    function fixture(variant: Parameters<typeof writeFixture>[1]): string {
        const root = folders.make();
        writeFixture(root, variant);
        return root;
    }

    let plain: string;
    let plainArchive: FolderArchive;
    before(async () => {
        plain = fixture({ umask: 0o022 });
        plainArchive = await archiveFolder(plain);
    });

    describe("determinism", () => {
        it("gives the same bytes whatever the times, modes, creation order and umask", async () => {
            const other = fixture({
                reverse: true,
                umask: 0o077,
                mtime: new Date("2001-09-09T01:46:40Z"),
                executableMode: 0o700,
            });
            const second = await archiveFolder(other);
            assert.ok(second.tgz.equals(plainArchive.tgz));
            assert.equal(second.tarSha256, plainArchive.tarSha256);
            assert.equal(second.sha256, plainArchive.sha256);
            assert.equal(second.base64, plainArchive.base64);
        });

        it("gives the same gzip bytes under every supported Node release", () => {
            // Measured equal under Node 20.20 (zlib 1.3.1), 22.23 (1.3.1) and 24.21 (1.3.2.1); a
            // change here means the compressor changed, and with it every user's archive bytes.
            assert.equal(
                plainArchive.tarSha256,
                "03555054815925c73818a413cb98cbd4c9944b0c0e5015f7d13719300de33372",
            );
            assert.equal(
                plainArchive.sha256,
                "cf1ed000e5cb9a1cec2ac0bf05d48296c2c59e38a3ae33d7152e05761214f697",
            );
        });

        it("sorts entries by UTF-8 bytes, each directory before its contents", () => {
            const names = plainArchive.entries.map((e) => e.name);
            const sorted = [...names].sort((a, b) =>
                Buffer.compare(Buffer.from(a), Buffer.from(b)),
            );
            assert.deepEqual(names, sorted);
            assert.deepEqual(
                names.filter((n) => n.startsWith("sub")),
                ["sub-a.txt", "sub.txt", "sub/", "sub/x.txt", "sub0.txt"],
            );
            assert.ok(!names.includes("") && !names.includes("./"));
        });

        it("lists every file, every directory (with a final slash) and the dot file", () => {
            const files = plainArchive.entries.filter((e) => e.type === "file");
            assert.deepEqual(
                files.map((e) => e.name).sort(),
                FIXTURE_FILES.map((f) => f.name).sort(),
            );
            for (const directory of ["bin/", "config/conf.d/", "data/", "data/empty/", "long/"]) {
                assert.ok(
                    plainArchive.entries.some((e) => e.name === directory),
                    directory,
                );
            }
            assert.equal(plainArchive.entries.find((e) => e.name === ".env")?.size, 16);
        });

        it("changes tarSha256 when a file's content changes", async () => {
            const edited = fixture({ umask: 0o022 });
            fs.appendFileSync(path.join(edited, "config/nginx.conf"), "# edited\n");
            assert.notEqual((await archiveFolder(edited)).tarSha256, plainArchive.tarSha256);
        });

        it("changes tarSha256 when a file is renamed", async () => {
            const renamed = fixture({ umask: 0o022 });
            fs.renameSync(path.join(renamed, "sub.txt"), path.join(renamed, "sub.text"));
            assert.notEqual((await archiveFolder(renamed)).tarSha256, plainArchive.tarSha256);
        });

        it("keeps only the execute bit of a file's mode", async () => {
            const root = folders.make();
            const target = path.join(root, "docker-compose.yaml");
            fs.writeFileSync(target, "services: {}\n");
            const modes = [0o644, 0o600, 0o664, 0o755, 0o700, 0o744];
            const keys: string[] = [];
            for (const mode of modes) {
                fs.chmodSync(target, mode);
                keys.push((await archiveFolder(root)).tarSha256);
            }
            assert.deepEqual(
                keys.map((key) => keys.indexOf(key)),
                [0, 0, 0, 3, 3, 3],
            );
        });

        it("gives the archive that archiveFiles gives for the same files", () => {
            const fromMemory = archiveFiles([
                ...FIXTURE_FILES.map((f) => ({
                    name: f.name,
                    content: f.content,
                    mode: f.executable ? 0o755 : 0o644,
                })),
                ...EMPTY_DIRECTORIES.map((d) => ({ name: `${d}/`, content: "" })),
            ]);
            assert.ok(fromMemory.tgz.equals(plainArchive.tgz));
        });

        it("keeps the content key of a known archive", () => {
            // Pins the tar layout: a change here changes every user's content key.
            const archive = archiveFiles([
                { name: "docker-compose.yaml", content: "services: {}\n" },
                { name: "bin/run.sh", content: "#!/bin/sh\n", mode: 0o755 },
            ]);
            assert.equal(
                archive.tarSha256,
                "2b147ec10f62254ddd2742abfb3f42906c31d3f9960e39feaf92228817580acf",
            );
        });
    });

    describe("format", () => {
        it("writes the fixed gzip header", () => {
            assert.deepEqual([...plainArchive.tgz.subarray(0, 10)], [...GZIP_HEADER]);
            assert.deepEqual(
                [...GZIP_HEADER],
                [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff],
            );
        });

        it("hashes the tar and the tgz it returns", () => {
            const hash = (data: Buffer) => createHash("sha256").update(data).digest("hex");
            assert.equal(plainArchive.sha256, hash(plainArchive.tgz));
            assert.equal(plainArchive.tarSha256, hash(zlib.gunzipSync(plainArchive.tgz)));
            assert.equal(plainArchive.base64, plainArchive.tgz.toString("base64"));
        });

        it("is listed by the system tar with fixed owners, times and modes", () => {
            const tgz = path.join(folders.make(), "out.tgz");
            fs.writeFileSync(tgz, plainArchive.tgz);
            const lines = systemTar(["-tvzf", tgz]).trimEnd().split("\n");
            const names = lines.map((line) => line.split(/ +/).slice(5).join(" "));
            assert.deepEqual(
                names,
                plainArchive.entries.map((e) => e.name),
            );
            for (const line of lines) {
                const [mode, owner, , date, time] = line.split(/ +/);
                assert.match(mode, /^(drwxr-xr-x|-rw-r--r--|-rwxr-xr-x)$/);
                assert.equal(`${owner} ${date} ${time}`, "0/0 1970-01-01 00:00");
            }
            assert.ok(names.includes(PREFIX_NAME) && names.includes(PAX_NAME));
            assert.ok(names.includes(UTF8_NAME));
        });

        it("is extracted by the system tar to the same files and execute bits", () => {
            const tgz = path.join(folders.make(), "out.tgz");
            fs.writeFileSync(tgz, plainArchive.tgz);
            const out = folders.make();
            systemTar(["-xzf", tgz, "-C", out]);
            for (const file of FIXTURE_FILES) {
                const extracted = path.join(out, file.name);
                assert.equal(fs.readFileSync(extracted, "utf8"), file.content, file.name);
                const executable = (fs.statSync(extracted).mode & 0o111) !== 0;
                assert.equal(executable, file.executable === true, file.name);
            }
            for (const directory of EMPTY_DIRECTORIES) {
                assert.deepEqual(fs.readdirSync(path.join(out, directory)), []);
            }
        });
    });

    describe("refusals", () => {
        async function refusal(setUp: (root: string) => string | void): Promise<ArchiveError> {
            const root = folders.make();
            fs.writeFileSync(path.join(root, "docker-compose.yaml"), "services: {}\n");
            const folder = setUp(root) ?? root;
            try {
                await archiveFolder(folder);
            } catch (error) {
                assert.ok(error instanceof ArchiveError, String(error));
                return error;
            }
            assert.fail("archiveFolder did not throw");
        }

        const cases: [string, (root: string) => string | void, RegExp, string?][] = [
            [
                "a symbolic link to a file inside the folder",
                (root) => {
                    fs.mkdirSync(path.join(root, "conf"));
                    fs.symlinkSync("../docker-compose.yaml", path.join(root, "conf/link.yaml"));
                },
                /"conf\/link\.yaml" is a symbolic link, but .*directories; replace it/,
                "conf/link.yaml",
            ],
            [
                "a symbolic link pointing outside the folder",
                (root) => fs.symlinkSync("/etc", path.join(root, "etc")),
                /"etc" is a symbolic link/,
                "etc",
            ],
            [
                "a FIFO",
                (root) => {
                    execFileSync("mkfifo", [path.join(root, "pipe")]);
                },
                /"pipe" is a FIFO \(named pipe\).*remove it from the folder/,
                "pipe",
            ],
            [
                "a name with a backslash",
                (root) => fs.writeFileSync(path.join(root, "a\\b.yaml"), ""),
                /"a\\b\.yaml" contains a backslash; rename it/,
                "a\\b.yaml",
            ],
            [
                "a folder that does not exist",
                (root) => path.join(root, "missing"),
                /archive folder ".*missing" does not exist; pass the folder/,
            ],
            [
                "a file instead of a folder",
                (root) => path.join(root, "docker-compose.yaml"),
                /archive folder ".*docker-compose\.yaml" is not a directory/,
            ],
            [
                "an empty folder",
                (root) => {
                    fs.rmSync(path.join(root, "docker-compose.yaml"));
                },
                /is empty; put the workload's docker-compose\.yaml/,
            ],
        ];
        for (const [what, setUp, message, entry] of cases) {
            it(`refuses ${what}`, async () => {
                const error = await refusal(setUp);
                assert.match(error.message, message);
                assert.equal(error.entry, entry);
            });
        }

        it("refuses a file it cannot read", async function () {
            if (isRoot()) {
                this.skip();
            }
            const error = await refusal((root) => {
                const target = path.join(root, "secret.env");
                fs.writeFileSync(target, "x");
                fs.chmodSync(target, 0);
            });
            assert.match(error.message, /"secret\.env" cannot be read \(EACCES\)/);
        });

        it("refuses a device", async function () {
            const root = folders.make();
            try {
                execFileSync("mknod", [path.join(root, "null"), "c", "1", "3"], {
                    stdio: "ignore",
                });
            } catch {
                this.skip(); // creating device nodes needs privileges this run lacks
            }
            await assert.rejects(archiveFolder(root), /"null" is a device, .*remove it/);
        });

        it("refuses a socket", async () => {
            const root = folders.make();
            const server = net.createServer();
            await new Promise<void>((resolve) => server.listen(path.join(root, "s.sock"), resolve));
            try {
                await assert.rejects(archiveFolder(root), /"s\.sock" is a socket, .*remove it/);
            } finally {
                await new Promise((resolve) => server.close(resolve));
            }
        });

        it("follows the folder itself when it is a symbolic link", async () => {
            const link = path.join(folders.make(), "link");
            fs.symlinkSync(plain, link);
            assert.equal((await archiveFolder(link)).tarSha256, plainArchive.tarSha256);
        });
    });
});

describe("archiveFiles", () => {
    it("adds the directories that names imply", () => {
        const archive = archiveFiles([{ name: "a/b/c.yaml", content: "x" }]);
        assert.deepEqual(
            archive.entries.map((e) => `${e.type} ${e.name} ${e.size}`),
            ["directory a/ 0", "directory a/b/ 0", "file a/b/c.yaml 1"],
        );
    });

    const refusals: [string, Parameters<typeof archiveFiles>[0], RegExp][] = [
        ["an empty list", [], /no files/],
        ["an absolute name", [{ name: "/etc/x", content: "" }], /"\/etc\/x" is absolute/],
        ["a `..` segment", [{ name: "../x", content: "" }], /"\.\.\/x" has an empty/],
        ["an empty segment", [{ name: "a//b", content: "" }], /has an empty/],
        ["a backslash", [{ name: "a\\b", content: "" }], /contains a backslash/],
        ["a NUL", [{ name: "a\0b", content: "" }], /contains a NUL/],
        [
            "a duplicate after NFC",
            [
                { name: "caf\u00e9", content: "" },
                { name: "cafe\u0301", content: "" },
            ],
            /"café" appears twice/,
        ],
        [
            "a name used as a file and a directory",
            [
                { name: "a", content: "" },
                { name: "a/b", content: "" },
            ],
            /"a" is both a file and a directory/,
        ],
        ["a directory with content", [{ name: "d/", content: "x" }], /names a directory/],
    ];
    for (const [what, files, message] of refusals) {
        it(`refuses ${what}`, () => {
            assert.throws(
                () => archiveFiles(files),
                (error: unknown) => error instanceof ArchiveError && message.test(error.message),
            );
        });
    }
});
