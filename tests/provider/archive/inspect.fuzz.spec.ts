/**
 * Hostile workload archives: links, `..` and absolute names (in the ustar fields, pax records
 * and GNU long names), devices, entries that claim gigabytes, cut and damaged gzip, gzip
 * bombs. Inspection never throws and never allocates past its limits; each problem is an error
 * finding at the archive's path or the entry's.
 */
import * as assert from "node:assert/strict";
import * as zlib from "node:zlib";
import * as fc from "fast-check";
import { archiveFiles, inspectArchive, readTar } from "../../../provider/archive";
import { TarFormatError, TarLimitError } from "../../../provider/archive/tar-reader";
import { paxRecord } from "../../../provider/archive/tar";
import { validateContract } from "../../../provider/contract/validate";
import { envSection } from "../../support/contracts";
import { assertClearFindings, damaged, fuzzParameters } from "../../support/fuzz";
import { rawTar, type RawEntry } from "./helpers";

const PATH = "workload.compose.archive";

const NAMES = [
    "docker-compose.yaml",
    "./docker-compose.yaml",
    "config/app.conf",
    "dir/",
    "../escape.txt",
    "a/../../escape.txt",
    "/etc/passwd",
    "a\\b.txt",
    "nul\u0000name",
    "",
    "..",
];

const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 40 }));

/** One hostile entry: its name carried by the ustar field, a pax record or a GNU long name. */
const entry = fc
    .record({
        name,
        carrier: fc.constantFrom("ustar", "pax", "gnu"),
        typeflag: fc.oneof(
            fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7", "\u0000", "g", "K"),
            fc.string({ minLength: 1, maxLength: 1 }),
        ),
        data: fc.uint8Array({ maxLength: 700 }).map((b) => Buffer.from(b)),
        claimed: fc.option(
            fc.oneof(fc.nat(4096), fc.constantFrom(0o77777777777, 2 ** 31, 1024 * 1024 * 1024)),
            { nil: undefined },
        ),
    })
    .map(({ name, carrier, typeflag, data, claimed }): RawEntry[] => {
        const main: RawEntry = {
            name: carrier === "ustar" ? name.slice(0, 100) : "placeholder",
            typeflag,
            data,
            ...(claimed !== undefined ? { size: claimed } : {}),
        };
        if (carrier === "pax")
            return [{ name: "pax", typeflag: "x", data: paxRecord("path", name) }, main];
        if (carrier === "gnu") {
            return [{ name: "././@LongLink", typeflag: "L", data: Buffer.from(`${name}\0`) }, main];
        }
        return [main];
    });

/** A compressed archive of hostile entries, whole, cut short, or followed by junk. */
const hostileArchive = fc
    .record({
        entries: fc.array(entry, { maxLength: 8 }),
        end: fc.boolean(),
        gzip: fc.constantFrom("whole", "cut", "junk after", "two members", "not gzip"),
    })
    .map(({ entries, end, gzip }) => {
        const tar = rawTar(entries.flat(), end);
        const tgz = zlib.gzipSync(tar);
        const out =
            gzip === "whole"
                ? tgz
                : gzip === "cut"
                  ? tgz.subarray(0, Math.max(2, tgz.length - 9))
                  : gzip === "junk after"
                    ? Buffer.concat([tgz, Buffer.from("junk")])
                    : gzip === "two members"
                      ? Buffer.concat([tgz, zlib.gzipSync(Buffer.alloc(1024))])
                      : tar;
        return { base64: out.toString("base64"), entries: entries.flat() };
    });

describe("workload archives under fuzzing", function () {
    const valid = archiveFiles([
        { name: "docker-compose.yaml", content: "services:\n  web:\n    image: nginx\n" },
        { name: "config/app.conf", content: "x = 1\n".repeat(200) },
    ]);

    it("inspects any hostile archive into findings, never a throw", () => {
        fc.assert(
            fc.property(hostileArchive, ({ base64, entries }) => {
                const inspection = inspectArchive(base64, PATH);
                assertClearFindings(inspection.findings, [], 2 * entries.length + 1);
                for (const f of inspection.findings) {
                    assert.equal(f.severity, "error");
                    assert.ok(f.path.startsWith(PATH), f.path);
                }
                if (inspection.entries) {
                    for (const e of inspection.entries) {
                        const climbs = e.name.split("/").includes("..");
                        const absolute = e.name.startsWith("/");
                        const link = e.type !== "file" && e.type !== "directory";
                        if (climbs || absolute || link) {
                            assert.ok(
                                inspection.findings.some((f) => f.path !== PATH),
                                `no finding for ${JSON.stringify(e.name)} (${e.type})`,
                            );
                        }
                    }
                }
            }),
            fuzzParameters(),
        );
    });

    it("inspects a damaged archive (bytes or base64) into findings, never a throw", () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    damaged(valid.tgz).map((b) => b.toString("base64")),
                    damaged(Buffer.from(valid.base64)).map((b) => b.toString("latin1")),
                ),
                (base64) => {
                    const inspection = inspectArchive(base64, PATH);
                    assertClearFindings(inspection.findings, [], 10);
                },
            ),
            fuzzParameters(),
        );
    });

    it("reads a damaged tar into entries or a format error, never another error", () => {
        const tar = zlib.gunzipSync(valid.tgz);
        fc.assert(
            fc.property(damaged(tar), (bytes) => {
                try {
                    for (const e of readTar(bytes, { maxEntries: 50 })) {
                        assert.ok(e.size >= 0 && (e.content?.length ?? 0) <= bytes.length);
                    }
                } catch (e) {
                    assert.ok(e instanceof TarFormatError || e instanceof TarLimitError, String(e));
                }
            }),
            fuzzParameters(),
        );
    });

    it("validates a contract whose compose or play archive is hostile into findings", () => {
        fc.assert(
            fc.property(hostileArchive, fc.constantFrom("compose", "play"), ({ base64 }, kind) => {
                const validation = validateContract({
                    workload: { type: "workload", [kind]: { archive: base64 } },
                    env: envSection(),
                });
                assertClearFindings(validation.findings, [], 40);
            }),
            fuzzParameters(0.3),
        );
    });

    describe("entries that claim more than they hold", () => {
        it("refuses an entry that claims 8 GiB without reading past the archive", () => {
            const tar = rawTar([
                { name: "big", typeflag: "0", data: Buffer.from("x"), size: 0o77777777777 },
            ]);
            const [f] = inspectArchive(zlib.gzipSync(tar).toString("base64"), PATH).findings;
            assert.match(f.message, /cut short inside the entry at byte 0/);
        });

        it("refuses a pax size beyond the archive", () => {
            const tar = rawTar([
                { name: "pax", typeflag: "x", data: paxRecord("size", "999999999999999") },
                { name: "big", typeflag: "0", data: Buffer.from("x") },
            ]);
            const [f] = inspectArchive(zlib.gzipSync(tar).toString("base64"), PATH).findings;
            assert.match(f.message, /cut short/);
        });

        it("stops a gzip bomb at the limit: 64 MiB of zeros in 64 KiB of base64", () => {
            const bomb = zlib.gzipSync(Buffer.alloc(65 * 1024 * 1024), { level: 9 });
            assert.ok(bomb.length < 100 * 1024);
            const before = process.memoryUsage().arrayBuffers;
            const [f] = inspectArchive(bomb.toString("base64"), PATH).findings;
            assert.match(f.message, /unpacks to more than 67108864 bytes/);
            // The output buffer is bounded by the limit, whatever the archive claims.
            assert.ok(process.memoryUsage().arrayBuffers - before < 200 * 1024 * 1024);
        });

        it("stops at the entry limit", () => {
            const tar = rawTar(
                Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, typeflag: "0" })),
            );
            const [f] = inspectArchive(zlib.gzipSync(tar).toString("base64"), PATH, {
                maxEntries: 20,
            }).findings;
            assert.match(f.message, /more than 20 entries; put fewer files in the archive/);
        });
    });
});
