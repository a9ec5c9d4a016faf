import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { InputError } from "../../../provider/errors";
import { MAX_FILE_SIZE, planIso9660, writeIso9660 } from "../../../provider/onprem/iso9660";
import { scratch } from "../../support/tools";
import { attempt, optionalCommand, requireCommand, run } from "./judges";

/** Deterministic bytes of every value, so that extraction must be exact, not just textual. */
function bytes(length: number, seed: number): Buffer {
    const out = Buffer.alloc(length);
    let x = seed >>> 0 || 1;
    for (let i = 0; i < length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        out[i] = x & 255;
    }
    return out;
}

const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

describe("ISO 9660 writer", () => {
    let dir: string;
    let remove: () => void;
    before(() => ({ dir, remove } = scratch("hpcr-iso-")));
    after(() => remove());

    const save = (name: string, image: Buffer) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, image);
        return file;
    };
    // Sorted, since each tree keeps its own order (the primary one sorts the short names).
    const list = (file: string, ...mode: string[]) =>
        run("isoinfo", [...mode, "-f", "-i", file])
            .toString()
            .trim()
            .split("\n")
            .sort();

    describe("read by isoinfo", function () {
        before(function () {
            requireCommand(this, "isoinfo", "genisoimage");
        });

        const files = [
            { name: "user-data", data: bytes(100 * 1024 + 3, 1) },
            { name: "meta-data", data: "local-hostname: web1\n" },
            { name: "vendor-data", data: "" },
            { name: "network-config", data: bytes(2048, 2) },
            { name: "notes.txt", data: bytes(4097, 3) },
        ];

        it("labels the volume and announces Joliet and Rock Ridge", () => {
            const file = save("a.iso", writeIso9660({ volumeId: "cidata", files }));
            const info = run("isoinfo", ["-d", "-i", file]).toString();
            assert.match(info, /^Volume id: cidata$/m);
            assert.match(info, /^Joliet with UCS level 3 found$/m);
            assert.match(info, /^Rock Ridge signatures version 1 found$/m);
            assert.match(info, /^Logical block size is: 2048$/m);
        });

        it("shows the exact names through Rock Ridge and Joliet, short names otherwise", () => {
            const file = save("b.iso", writeIso9660({ volumeId: "cidata", files }));
            const real = files.map((f) => `/${f.name}`).sort();
            assert.deepEqual(list(file, "-R"), real);
            assert.deepEqual(list(file, "-J"), real);
            for (const name of list(file))
                assert.match(name, /^\/[A-Z0-9_]{1,8}\.[A-Z0-9_]{0,3};1$/);
        });

        it("gives back every file byte for byte, whichever tree is read", () => {
            const file = save("c.iso", writeIso9660({ volumeId: "cidata", files }));
            for (const f of files) {
                const expected = Buffer.from(f.data);
                for (const mode of ["-R", "-J"]) {
                    const got = run("isoinfo", [mode, "-x", `/${f.name}`, "-i", file]);
                    assert.equal(sha256(got), sha256(expected), `${mode} ${f.name}`);
                }
            }
        });

        it("lists the exact names with -l through Joliet and through Rock Ridge", () => {
            const file = save("l.iso", writeIso9660({ volumeId: "cidata", files }));
            const names = (mode: string) =>
                run("isoinfo", [mode, "-l", "-i", file])
                    .toString()
                    .split("\n")
                    .filter((line) => /^[-d][-rwx]{9} /.test(line))
                    .map((line) => line.replace(/^.*\] +/, "").trimEnd())
                    .filter((name) => name !== "." && name !== "..")
                    .sort();
            const real = files.map((f) => f.name).sort();
            assert.deepEqual(names("-R"), real);
            assert.deepEqual(names("-J"), real);
        });

        it("reads like genisoimage's image of the same files, whichever tree is read", function () {
            requireCommand(this, "genisoimage", "genisoimage");
            const source = path.join(dir, "genisoimage-input");
            fs.mkdirSync(source, { recursive: true });
            for (const f of files) fs.writeFileSync(path.join(source, f.name), f.data);
            const theirs = path.join(dir, "genisoimage.iso");
            run("genisoimage", [
                "-quiet",
                "-output",
                theirs,
                "-volid",
                "cidata",
                "-joliet",
                "-rock",
                ...files.map((f) => path.join(source, f.name)),
            ]);
            const ours = save("ours.iso", writeIso9660({ volumeId: "cidata", files }));
            const volume = (iso: string) =>
                /^Volume id: (.*)$/m.exec(run("isoinfo", ["-d", "-i", iso]).toString())?.[1];
            assert.equal(volume(ours), volume(theirs));
            for (const mode of ["-R", "-J"]) {
                assert.deepEqual(list(ours, mode), list(theirs, mode), mode);
                for (const f of files) {
                    const read = (iso: string) =>
                        run("isoinfo", [mode, "-x", `/${f.name}`, "-i", iso]);
                    assert.ok(read(ours).equals(read(theirs)), `${mode} ${f.name}`);
                }
            }
        });

        it("records read-only modes, root ownership and the epoch as the date", () => {
            const file = save("d.iso", writeIso9660({ volumeId: "cidata", files }));
            const listing = run("isoinfo", ["-R", "-l", "-i", file]).toString();
            assert.match(listing, /^dr-xr-xr-x\s+2\s+0\s+0\s+2048 Jan {2}1 1970 .* \. $/m);
            assert.match(listing, /^-r--r--r--\s+1\s+0\s+0\s+0 Jan {2}1 1970 .* vendor-data $/m);
            const info = run("isoinfo", ["-d", "-i", file]).toString();
            assert.doesNotMatch(info, /System id: \S/, "no host or system name");
        });

        it("spreads a large directory over several sectors and keeps short names unique", () => {
            // Long names that all shorten to the same 8.3 name force the counter path.
            const many = Array.from({ length: 60 }, (_, i) => ({
                name: `user-data-with-a-rather-long-name-${String(i).padStart(2, "0")}`,
                data: `file ${i}\n`,
            }));
            const plan = planIso9660(
                "cidata",
                many.map((f) => ({ name: f.name, size: f.data.length })),
            );
            assert.ok(plan.primary.bytes.length > 2048, "the primary directory needs two sectors");
            const file = save("e.iso", writeIso9660({ volumeId: "cidata", files: many }));
            assert.deepEqual(list(file, "-R"), many.map((f) => `/${f.name}`).sort());
            assert.deepEqual(list(file, "-J"), many.map((f) => `/${f.name}`).sort());
            const short = list(file);
            assert.equal(new Set(short).size, many.length);
            for (const f of [many[0], many[37], many[59]]) {
                assert.equal(
                    run("isoinfo", ["-R", "-x", `/${f.name}`, "-i", file]).toString(),
                    f.data,
                );
            }
            const check = attempt("isovfy", [file]);
            if (check.status !== null) assert.match(check.stdout + check.stderr, /No errors found/);
        });

        it("round-trips random file sets", () => {
            const name = fc.stringMatching(/^[a-z0-9_][a-z0-9._-]{0,20}[a-z0-9_]$/);
            const fileSet = fc.uniqueArray(
                fc.record({ name, data: fc.uint8Array({ maxLength: 5000 }) }),
                { minLength: 1, maxLength: 8, selector: (f) => f.name },
            );
            let n = 0;
            fc.assert(
                fc.property(fileSet, (set) => {
                    const file = save(
                        `p${n++}.iso`,
                        writeIso9660({
                            volumeId: "X",
                            files: set.map((f) => ({ name: f.name, data: Buffer.from(f.data) })),
                        }),
                    );
                    assert.deepEqual(list(file, "-R"), set.map((f) => `/${f.name}`).sort());
                    for (const f of set) {
                        const got = run("isoinfo", ["-R", "-x", `/${f.name}`, "-i", file]);
                        assert.ok(got.equals(Buffer.from(f.data)), f.name);
                    }
                }),
                { numRuns: 15, seed: 42 },
            );
        });
    });

    describe("readers without mounting", () => {
        it("is found by blkid under the label cidata, as cloud-init looks for it", function () {
            optionalCommand(this, "blkid");
            const file = save(
                "f.iso",
                writeIso9660({ volumeId: "cidata", files: [{ name: "user-data", data: "x" }] }),
            );
            const probe = attempt("blkid", ["-p", "-o", "export", file]);
            if (probe.status !== 0) this.skip();
            assert.match(probe.stdout, /^LABEL=cidata$/m);
            assert.match(probe.stdout, /^TYPE=iso9660$/m);
        });
    });

    describe("determinism", () => {
        const files = [
            { name: "user-data", data: "workload: x\nenv: y\n" },
            { name: "meta-data", data: "local-hostname: a\n" },
        ];

        it("writes the same bytes for the same input, whatever the order of the files", () => {
            const a = writeIso9660({ volumeId: "cidata", files });
            const b = writeIso9660({ volumeId: "cidata", files: [...files].reverse() });
            assert.equal(sha256(a), sha256(b));
            assert.equal(a.length % 2048, 0);
            assert.equal(a.subarray(16 * 2048 + 1, 16 * 2048 + 6).toString(), "CD001");
        });

        it("is a function of names and contents only", () => {
            const arb = fc.uniqueArray(
                fc.record({ name: fc.stringMatching(/^[a-z][a-z-]{0,12}$/), data: fc.string() }),
                { maxLength: 6, selector: (f) => f.name },
            );
            fc.assert(
                fc.property(arb, (set) => {
                    const first = writeIso9660({ volumeId: "cidata", files: set });
                    const again = writeIso9660({ volumeId: "cidata", files: [...set].reverse() });
                    assert.ok(first.equals(again));
                }),
                { numRuns: 50, seed: 7 },
            );
        });
    });

    describe("refusals", () => {
        const refuses = (fn: () => unknown, field: RegExp) =>
            assert.throws(fn, (e: unknown) => InputError.isInstance(e) && field.test(e.message));

        it("refuses names the image cannot hold as they are", () => {
            for (const name of [
                "",
                ".hidden",
                "-option",
                "ends.",
                "a/b",
                "sp ace",
                "ü-data",
                "x".repeat(65),
                "a:b",
            ]) {
                refuses(
                    () => writeIso9660({ volumeId: "cidata", files: [{ name, data: "" }] }),
                    /^files\[0\]\.name: /,
                );
            }
        });

        it("refuses two names that differ only in case", () => {
            const files = [
                { name: "user-data", data: "a" },
                { name: "User-Data", data: "b" },
            ];
            refuses(
                () => writeIso9660({ volumeId: "cidata", files }),
                /^files\[1\]\.name: .*repeats/,
            );
        });

        it("refuses a file over 4 GiB - 1 bytes before reading any content", () => {
            assert.doesNotThrow(() => planIso9660("cidata", [{ name: "a", size: 0 }]));
            refuses(
                () => planIso9660("cidata", [{ name: "big", size: MAX_FILE_SIZE + 1 }]),
                /^files\[0\]: .*4 GiB - 1/,
            );
            refuses(() => planIso9660("cidata", [{ name: "odd", size: -1 }]), /^files\[0\]: /);
        });

        it("refuses a volume identifier Joliet cannot carry", () => {
            for (const id of ["", "cidata-1", "x".repeat(17), "cï"]) {
                refuses(() => writeIso9660({ volumeId: id, files: [] }), /^volumeId: /);
            }
        });
    });
});
