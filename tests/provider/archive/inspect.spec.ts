import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import fc from "fast-check";
import {
    ArchiveInspection,
    archiveFiles,
    archiveFolder,
    inspectArchive,
    topLevelFiles,
    writeTar,
} from "../../../provider/archive";
import { paxRecord } from "../../../provider/archive/tar";
import { FIXTURE_FILES, writeFixture } from "./fixture";
import { TempFolders, rawTar, systemTgzBase64, tgzBase64 } from "./helpers";

const AT = "workload.compose.archive";
const SECRET = "TOP-SECRET-VALUE";

/** The findings as `code path hpl` strings, for compact comparison. */
function summary(inspection: ArchiveInspection): string[] {
    return inspection.findings.map((f) => `${f.code} ${f.path} ${f.hpl ?? "-"}`);
}

describe("inspectArchive", () => {
    const folders = new TempFolders();
    after(() => folders.removeAll());

    /** A folder holding a compose file and a file with secret content, plus what `setUp` adds. */
    function workload(setUp: (root: string) => void = () => {}): string {
        const root = folders.make();
        fs.writeFileSync(path.join(root, "docker-compose.yaml"), "services: {}\n");
        fs.writeFileSync(path.join(root, "secret.env"), `${SECRET}\n`);
        setUp(root);
        return root;
    }

    it("reads back what archiveFolder writes, with no findings", async () => {
        const root = folders.make();
        writeFixture(root, { umask: 0o022 });
        const archive = await archiveFolder(root);
        const inspection = inspectArchive(archive.base64, AT);
        assert.deepEqual(inspection.findings, []);
        assert.deepEqual(
            inspection.entries?.map(({ name, type, size }) => ({ name, type, size })),
            archive.entries,
        );
        for (const file of FIXTURE_FILES) {
            assert.equal(inspection.files?.get(file.name)?.toString(), file.content, file.name);
            const mode: number | undefined = inspection.entries?.find(
                (e) => e.name === file.name,
            )?.mode;
            assert.equal(mode, file.executable ? 0o755 : 0o644);
        }
        assert.deepEqual(topLevelFiles(inspection), [
            ".env",
            "docker-compose.yaml",
            "sub-a.txt",
            "sub.txt",
            "sub0.txt",
        ]);
    });

    it("lists top-level files of an archive made with `tar -C folder .`", () => {
        const base64 = systemTgzBase64(folders, ["."], workload());
        const inspection = inspectArchive(base64, AT);
        assert.deepEqual(inspection.findings, []);
        assert.deepEqual(topLevelFiles(inspection).sort(), ["docker-compose.yaml", "secret.env"]);
        assert.equal(inspection.files?.get("secret.env")?.toString(), `${SECRET}\n`);
    });

    const systemCases: [string, () => [string, string[]], string[]][] = [
        [
            "a symbolic link",
            () => [
                workload((root) => fs.symlinkSync("docker-compose.yaml", path.join(root, "l"))),
                ["."],
            ],
            [`ARCHIVE_ENTRY_TYPE ${AT}["./l"] HPL06002E`],
        ],
        [
            "a hard link",
            () => [
                workload((root) =>
                    fs.linkSync(path.join(root, "secret.env"), path.join(root, "z.env")),
                ),
                ["./secret.env", "./z.env"],
            ],
            [`ARCHIVE_ENTRY_TYPE ${AT}["./z.env"] HPL06002E`],
        ],
        [
            "a FIFO",
            () => [
                workload((root) => execFileSync("mkfifo", [path.join(root, "pipe")])),
                ["./docker-compose.yaml", "./pipe"],
            ],
            [`ARCHIVE_ENTRY_TYPE ${AT}["./pipe"] HPL06002E`],
        ],
        [
            "a name climbing out with ..",
            () => {
                const root = workload((r) => fs.mkdirSync(path.join(r, "sub")));
                return [path.join(root, "sub"), ["-P", "../docker-compose.yaml"]];
            },
            [`ARCHIVE_PATH ${AT}["../docker-compose.yaml"] HPL06002E`],
        ],
        [
            "an absolute name",
            () => {
                const root = workload();
                return [root, ["-P", path.join(root, "docker-compose.yaml")]];
            },
            [`ARCHIVE_PATH ${AT}["/`],
        ],
        [
            "no entries at all",
            () => [workload(), ["-T", "/dev/null"]],
            [`ARCHIVE_INVALID ${AT} HPL06007E`],
        ],
    ];
    for (const [what, make, expected] of systemCases) {
        it(`reports ${what} in an archive made by the system tar`, () => {
            const [cwd, args] = make();
            const inspection = inspectArchive(systemTgzBase64(folders, args, cwd), AT);
            const found = summary(inspection);
            assert.equal(found.length, expected.length, found.join("\n"));
            expected.forEach((prefix, i) => assert.ok(found[i].startsWith(prefix), found[i]));
            assertNoSecret(inspection);
        });
    }

    const rawCases: [string, Buffer, string[]][] = [
        [
            "a character device",
            rawTar([{ name: "dev/tty", typeflag: "3" }]),
            [`ARCHIVE_ENTRY_TYPE ${AT}["dev/tty"] HPL06002E`],
        ],
        [
            "a block device with a plain name",
            rawTar([{ name: "disk", typeflag: "4" }]),
            [`ARCHIVE_ENTRY_TYPE ${AT}.disk HPL06002E`],
        ],
        [
            "an unknown type",
            rawTar([{ name: "a", typeflag: "Z" }]),
            [`ARCHIVE_ENTRY_TYPE ${AT}.a HPL06002E`],
        ],
        [
            "a backslash in a name",
            rawTar([{ name: "a\\b", typeflag: "0" }]),
            [`ARCHIVE_PATH ${AT}["a\\\\b"] HPL06002E`],
        ],
        [
            "a NUL in a pax name",
            rawTar([
                { name: "h", typeflag: "x", data: paxRecord("path", "a\0b") },
                { name: "a", typeflag: "0" },
            ]),
            [`ARCHIVE_PATH ${AT}["a\\u0000b"] HPL06002E`],
        ],
        [
            "a symbolic link with an absolute name",
            rawTar([{ name: "/etc/passwd", typeflag: "2" }]),
            [
                `ARCHIVE_ENTRY_TYPE ${AT}["/etc/passwd"] HPL06002E`,
                `ARCHIVE_PATH ${AT}["/etc/passwd"] HPL06002E`,
            ],
        ],
        [
            "a damaged tar",
            Buffer.concat([
                rawTar([{ name: "a", typeflag: "0" }]).subarray(0, 512),
                Buffer.alloc(7),
            ]),
            [`ARCHIVE_INVALID ${AT} HPL06007E`],
        ],
        [
            "data that is not tar",
            Buffer.from(SECRET.repeat(100)),
            [`ARCHIVE_INVALID ${AT} HPL06007E`],
        ],
    ];
    for (const [what, tar, expected] of rawCases) {
        it(`reports ${what}`, () => {
            const inspection = inspectArchive(tgzBase64(tar), AT);
            assert.deepEqual(summary(inspection), expected);
            assertNoSecret(inspection);
        });
    }

    const valid = archiveFiles([{ name: "docker-compose.yaml", content: `${SECRET}\n` }]);
    const badValues: [string, string, string][] = [
        ["an empty value", "", "HPL06002E"],
        ["characters outside base64", "not base64!", "HPL06002E"],
        ["a length that is not a multiple of 4", "YWJjZA", "HPL06002E"],
        ["line breaks", valid.base64.replace(/(.{60})/g, "$1\n"), "HPL06002E"],
        ["URL-safe base64", "-_-_", "HPL06002E"],
        ["non-zero padding bits", "YR==", "HPL06002E"],
        [
            "a plain tar that is not gzip",
            writeTar([{ name: "a", type: "file" }]).toString("base64"),
            "HPL06006E",
        ],
        [
            "a truncated gzip",
            valid.tgz.subarray(0, valid.tgz.length - 10).toString("base64"),
            "HPL06006E",
        ],
        [
            "a gzip with trailing garbage",
            Buffer.concat([valid.tgz, Buffer.from("xyz!")]).toString("base64"),
            "HPL06006E",
        ],
    ];
    for (const [what, value, hpl] of badValues) {
        it(`reports ${what} as ARCHIVE_INVALID ${hpl}`, () => {
            const inspection = inspectArchive(value, AT);
            assert.deepEqual(summary(inspection), [`ARCHIVE_INVALID ${AT} ${hpl}`]);
            assert.equal(inspection.entries, undefined);
            assertNoSecret(inspection);
        });
    }

    it("stops a gzip bomb at the default 64 MiB", () => {
        const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024 + 1), { level: 1 });
        const inspection = inspectArchive(bomb.toString("base64"), AT);
        assert.deepEqual(summary(inspection), [`ARCHIVE_INVALID ${AT} -`]);
        assert.match(inspection.findings[0].message, /unpacks to more than 67108864 bytes/);
    });

    it("reads archives one after another, small and large, each into its own files", () => {
        // Archives up to 1 MiB share one decoding buffer; one above that gets its own.
        const sizes = [10, 200_000, 30, 1_500_000, 70_000, 5];
        const archives = sizes.map((size, i) =>
            archiveFiles([
                { name: "docker-compose.yaml", content: `# ${i}\nservices: {}\n` },
                { name: "data.bin", content: crypto.randomBytes(size) },
            ]),
        );
        const inspections = archives.map((a) => inspectArchive(a.base64, AT));
        inspections.forEach((inspection, i) => {
            assert.deepEqual(inspection.findings, []);
            assert.equal(
                String(inspection.files?.get("docker-compose.yaml")),
                `# ${i}\nservices: {}\n`,
            );
            assert.equal(inspection.files?.get("data.bin")?.length, sizes[i]);
        });
        // A bad archive after a good one is judged on its own bytes.
        const cut = archives[1].tgz.subarray(0, 1000).toString("base64");
        assert.match(inspectArchive(cut, AT).findings[0].message, /damaged or cut short/);
        assert.deepEqual(inspectArchive(archives[5].base64, AT).findings, []);
    });

    it("applies the limits it is given", () => {
        const files = archiveFiles(
            [1, 2, 3, 4].map((i) => ({ name: `f${i}.yaml`, content: "x".repeat(1000) })),
        );
        const message = (limits: Parameters<typeof inspectArchive>[2]) =>
            inspectArchive(files.base64, AT, limits).findings.map((f) => f.message);
        assert.deepEqual(message({ maxEntries: 4 }), []);
        assert.match(message({ maxEntries: 3 })[0], /more than 3 entries/);
        assert.match(message({ maxUncompressed: 4096 })[0], /more than 4096 bytes/);
        assert.match(message({ maxCompressed: files.tgz.length - 1 })[0], /compressed/);
        assert.deepEqual(message({ maxCompressed: files.tgz.length }), []);
    });

    it("never throws, whatever bytes the tar or the value holds", () => {
        const tar = zlib.gunzipSync(
            archiveFiles([
                { name: "docker-compose.yaml", content: "services: {}\n" },
                { name: `${"d".repeat(200)}/${"f".repeat(120)}`, content: "x".repeat(700) },
            ]).tgz,
        );
        fc.assert(
            fc.property(
                fc.array(fc.tuple(fc.nat(tar.length - 1), fc.integer({ min: 0, max: 255 })), {
                    minLength: 1,
                    maxLength: 8,
                }),
                fc.nat(tar.length),
                (edits, cut) => {
                    const mutated = Buffer.from(tar.subarray(0, Math.max(cut, 1)));
                    for (const [at, byte] of edits) {
                        mutated[at % mutated.length] = byte;
                    }
                    const inspection = inspectArchive(tgzBase64(mutated), AT);
                    assert.ok(Array.isArray(inspection.findings));
                },
            ),
            { numRuns: 300 },
        );
        fc.assert(
            fc.property(fc.string(), (value) => {
                assert.ok(Array.isArray(inspectArchive(value, AT).findings));
            }),
            { numRuns: 300 },
        );
    });
});

/** Findings describe the archive's structure; none may repeat a file's contents. */
function assertNoSecret(inspection: ArchiveInspection): void {
    for (const f of inspection.findings) {
        assert.ok(!f.message.includes(SECRET) && !f.path.includes(SECRET), f.message);
    }
}
