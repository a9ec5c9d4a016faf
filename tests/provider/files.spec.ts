import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../../provider/files";
import { scratch } from "../support/tools";

describe("writeFileAtomic", () => {
    let dir: string;
    let remove: () => void;
    beforeEach(() => ({ dir, remove } = scratch("hpcr-files-")));
    afterEach(() => remove());

    const mode = (file: string) => fs.statSync(file).mode & 0o777;

    it("writes a secret file owner-only, whatever the umask", async () => {
        const old = process.umask(0);
        try {
            await writeFileAtomic(path.join(dir, "secret.iso"), Buffer.from([1, 2, 3]), true);
        } finally {
            process.umask(old);
        }
        assert.equal(mode(path.join(dir, "secret.iso")), 0o600);
        assert.deepEqual(fs.readFileSync(path.join(dir, "secret.iso")), Buffer.from([1, 2, 3]));
    });

    it("replaces a readable file by an owner-only one, in one step", async () => {
        const file = path.join(dir, "contract.yaml");
        fs.writeFileSync(file, "old", { mode: 0o644 });
        const before = fs.statSync(file).ino;
        await writeFileAtomic(file, "new", true);
        assert.equal(fs.readFileSync(file, "utf8"), "new");
        assert.equal(mode(file), 0o600);
        assert.notEqual(fs.statSync(file).ino, before, "a new file took the old one's place");
    });

    it("leaves no partial file behind, after success or failure", async () => {
        await writeFileAtomic(path.join(dir, "a.txt"), "a", false);
        // The target is a folder: the rename fails after the sibling was written.
        fs.mkdirSync(path.join(dir, "b.txt"));
        await assert.rejects(writeFileAtomic(path.join(dir, "b.txt"), "secret", true));
        assert.deepEqual(fs.readdirSync(dir).sort(), ["a.txt", "b.txt"]);
    });

    it("replaces a symbolic link rather than writing through it", async () => {
        const elsewhere = path.join(dir, "elsewhere");
        fs.writeFileSync(elsewhere, "untouched");
        fs.symlinkSync(elsewhere, path.join(dir, "link.iso"));
        await writeFileAtomic(path.join(dir, "link.iso"), "iso", true);
        assert.equal(fs.readFileSync(elsewhere, "utf8"), "untouched");
        assert.equal(fs.lstatSync(path.join(dir, "link.iso")).isFile(), true);
    });

    it("lets a reader that opened the old file read all of it after the replacement", async () => {
        const file = path.join(dir, "contract.yaml");
        const old = "x".repeat(100_000);
        fs.writeFileSync(file, old);
        const reader = fs.openSync(file, "r");
        try {
            await writeFileAtomic(file, "new", true);
            const buffer = Buffer.alloc(old.length);
            assert.equal(fs.readSync(reader, buffer, 0, old.length, 0), old.length);
            assert.equal(buffer.toString(), old);
        } finally {
            fs.closeSync(reader);
        }
    });

    it("creates nothing when the folder is missing", async () => {
        await assert.rejects(writeFileAtomic(path.join(dir, "missing/a.txt"), "a", true), {
            code: "ENOENT",
        });
        assert.deepEqual(fs.readdirSync(dir), []);
    });
});
