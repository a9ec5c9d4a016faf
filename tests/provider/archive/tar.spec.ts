import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    TarFormatError,
    TarLimitError,
    TarWriterEntry,
    readTar,
    writeTar,
} from "../../../provider/archive";
import { BLOCK_SIZE, HEADER, paxRecord, sealHeader } from "../../../provider/archive/tar";
import { TempFolders, rawTar, systemTar } from "./helpers";

/** The header blocks of a tar written by {@link writeTar}, with their type flags. */
function headers(tar: Buffer): Buffer[] {
    const found: Buffer[] = [];
    for (let offset = 0; offset < tar.length;) {
        const block = tar.subarray(offset, offset + BLOCK_SIZE);
        if (block.every((byte) => byte === 0)) {
            break;
        }
        found.push(block);
        const size = parseInt(block.toString("latin1", 124, 135), 8);
        offset += BLOCK_SIZE + Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
    }
    return found;
}

const field = (block: Buffer, name: keyof typeof HEADER) =>
    block.toString("latin1", HEADER[name].offset, HEADER[name].offset + HEADER[name].length);

describe("writeTar and readTar", () => {
    const folders = new TempFolders();
    after(() => folders.removeAll());

    const names = [
        "docker-compose.yaml",
        "x".repeat(100),
        `${"a".repeat(150)}/${"b".repeat(100)}`,
        `${"a".repeat(156)}/b`,
        "c".repeat(101),
        `${"d".repeat(200)}/${"e".repeat(200)}`,
        "çønfïg.yaml",
        "日本/語.txt",
    ];

    it("reads back every name, kind, mode and content it writes", () => {
        const entries: TarWriterEntry[] = names.map((name, i) => ({
            name,
            type: "file",
            mode: i % 2 ? 0o755 : 0o644,
            content: Buffer.from(`content ${i}\n`.repeat(i * 40)),
        }));
        entries.push({ name: "dir", type: "directory" }, { name: "dir/sub/", type: "directory" });
        const read = readTar(writeTar(entries));
        assert.deepEqual(
            read.map((e) => [e.name, e.type, e.mode, e.size, e.content?.toString()]),
            entries.map((e) => [
                e.type === "directory" && !e.name.endsWith("/") ? `${e.name}/` : e.name,
                e.type,
                e.type === "directory" ? 0o755 : e.mode,
                e.content?.length ?? 0,
                e.content?.toString(),
            ]),
        );
    });

    it("uses the ustar prefix up to 255 bytes and a pax header beyond or for non-ASCII", () => {
        const kinds = names.map((name) => {
            const blocks = headers(writeTar([{ name, type: "file" }]));
            return blocks.map((b) => field(b, "typeflag")).join("");
        });
        assert.deepEqual(kinds, ["0", "0", "0", "x0", "x0", "x0", "x0", "x0"]);
        const split = headers(writeTar([{ name: names[2], type: "file" }]))[0];
        assert.equal(field(split, "prefix").replace(/\0+$/, ""), "a".repeat(150));
    });

    it("writes fixed owners, times, device numbers, magic and a valid checksum", () => {
        const tar = writeTar([
            { name: "a.yaml", type: "file", content: Buffer.from("a") },
            { name: names[5], type: "file" },
            { name: "d/", type: "directory" },
        ]);
        for (const block of headers(tar)) {
            assert.equal(field(block, "uid"), "0000000\0");
            assert.equal(field(block, "gid"), "0000000\0");
            assert.equal(field(block, "mtime"), "00000000000\0");
            assert.equal(field(block, "uname"), "\0".repeat(32));
            assert.equal(field(block, "gname"), "\0".repeat(32));
            assert.equal(field(block, "devmajor"), "0000000\0");
            assert.equal(field(block, "devminor"), "0000000\0");
            assert.equal(field(block, "magic") + field(block, "version"), "ustar\u000000");
            const copy = Buffer.from(block);
            sealHeader(copy);
            assert.ok(copy.equals(block));
        }
        assert.equal(tar.length % BLOCK_SIZE, 0);
        assert.ok(tar.subarray(tar.length - 2 * BLOCK_SIZE).every((byte) => byte === 0));
    });

    const modes: [TarWriterEntry["type"], number | undefined, number][] = [
        ["file", undefined, 0o644],
        ["file", 0o600, 0o644],
        ["file", 0o666, 0o644],
        ["file", 0o744, 0o755],
        ["file", 0o100, 0o755],
        ["file", 0o4755, 0o755],
        ["directory", 0o700, 0o755],
        ["directory", 0o777, 0o755],
    ];
    for (const [type, mode, expected] of modes) {
        it(`writes a ${type} of mode ${mode?.toString(8)} as ${expected.toString(8)}`, () => {
            assert.equal(readTar(writeTar([{ name: "x", type, mode }]))[0].mode, expected);
        });
    }

    const badNames = ["", "/abs", "a/../b", "./a", "a//b", "a\\b", "a\0b", ".."];
    for (const name of badNames) {
        it(`refuses to write the name ${JSON.stringify(name)}`, () => {
            assert.throws(() => writeTar([{ name, type: "file" }]), /tar: entry name/);
        });
    }

    it("reads GNU long names and pax names written by the system tar", () => {
        const root = folders.make();
        const long = `${"g".repeat(120)}/${"h".repeat(120)}.yaml`;
        fs.mkdirSync(path.join(root, "src", "g".repeat(120)), { recursive: true });
        fs.writeFileSync(path.join(root, "src", long), "gnu");
        for (const format of ["gnu", "pax"]) {
            const out = path.join(root, `${format}.tar`);
            systemTar([`--format=${format}`, "-cf", out, "-C", path.join(root, "src"), "."]);
            const read = readTar(fs.readFileSync(out));
            const file = read.find((e) => e.type === "file");
            assert.equal(file?.name, `./${long}`, format);
            assert.equal(file?.content?.toString(), "gnu");
        }
    });

    it("applies a pax size record and reads base-256 sizes", () => {
        const pax = rawTar([
            { name: "h", typeflag: "x", data: paxRecord("size", "5") },
            { name: "f", typeflag: "0", data: Buffer.from("hello"), size: 0 },
        ]);
        assert.equal(readTar(pax)[0].content?.toString(), "hello");
        const binary = rawTar([{ name: "f", typeflag: "0", data: Buffer.from("hi") }]);
        binary.fill(0, HEADER.size.offset, HEADER.size.offset + HEADER.size.length);
        binary[HEADER.size.offset] = 0x80;
        binary[HEADER.size.offset + HEADER.size.length - 1] = 2;
        sealHeader(binary);
        assert.equal(readTar(binary)[0].size, 2);
    });

    it("reads an old-style plain entry with a final slash as a directory", () => {
        const read = readTar(rawTar([{ name: "old/", typeflag: "\0" }]));
        assert.equal(read[0].type, "directory");
    });

    const types: [string, string][] = [
        ["1", "hardlink"],
        ["2", "symlink"],
        ["3", "character-device"],
        ["4", "block-device"],
        ["6", "fifo"],
        ["7", "file"],
        ["S", "other"],
        ["V", "other"],
    ];
    for (const [flag, type] of types) {
        it(`reads type flag ${flag} as ${type}`, () => {
            assert.equal(readTar(rawTar([{ name: "e", typeflag: flag }]))[0].type, type);
        });
    }

    it("takes no data after a header-only entry whatever its size field says", () => {
        const tar = rawTar([
            { name: "l", typeflag: "2", size: 4096 },
            { name: "f", typeflag: "0", data: Buffer.from("x") },
        ]);
        assert.deepEqual(
            readTar(tar).map((e) => e.name),
            ["l", "f"],
        );
    });

    const damaged: [string, () => Buffer, RegExp][] = [
        ["an empty buffer", () => Buffer.alloc(0), /ends without its end-of-archive block/],
        [
            "a cut header",
            () => writeTar([{ name: "a", type: "file" }]).subarray(0, 100),
            /cut short inside the header/,
        ],
        [
            "cut data",
            () =>
                writeTar([{ name: "a", type: "file", content: Buffer.alloc(2000) }]).subarray(
                    0,
                    1024,
                ),
            /cut short inside the entry at byte 0/,
        ],
        [
            "a missing end block",
            () => rawTar([{ name: "a", typeflag: "0" }], false),
            /ends without its end-of-archive block/,
        ],
        [
            "a pax header with no entry",
            () => rawTar([{ name: "h", typeflag: "x", data: paxRecord("path", "p") }]),
            /extended header before byte 1024 has no entry/,
        ],
        [
            "a malformed pax record",
            () => rawTar([{ name: "h", typeflag: "x", data: Buffer.from("7 path=p\n") }]),
            /extended header before byte 1024 is damaged: a pax header record has a wrong length/,
        ],
        [
            "a bad checksum",
            () => {
                const tar = writeTar([{ name: "a", type: "file" }]);
                tar[0] = 0x62;
                return tar;
            },
            /header at byte 0 is damaged: its checksum does not match/,
        ],
        [
            "a size that is not octal",
            () => {
                const tar = writeTar([{ name: "a", type: "file" }]);
                tar.write("99999999999", HEADER.size.offset, "latin1");
                sealHeader(tar);
                return tar;
            },
            /the size field is not an octal number/,
        ],
    ];
    for (const [what, make, message] of damaged) {
        it(`refuses ${what}`, () => {
            assert.throws(
                () => readTar(make()),
                (error: unknown) => error instanceof TarFormatError && message.test(error.message),
            );
        });
    }

    it("refuses more entries than allowed", () => {
        const tar = writeTar([1, 2, 3].map((i) => ({ name: `f${i}`, type: "file" as const })));
        assert.equal(readTar(tar, { maxEntries: 3 }).length, 3);
        assert.throws(() => readTar(tar, { maxEntries: 2 }), TarLimitError);
    });
});
