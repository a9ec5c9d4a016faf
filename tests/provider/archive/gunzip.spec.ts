import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as zlib from "node:zlib";
import { gunzipBounded } from "../../../provider/archive/gzip";

/** A gzip stream whose trailer claims `size` bytes, whatever it holds. */
function withClaimedSize(gz: Buffer, size: number): Buffer {
    const out = Buffer.from(gz);
    out.writeUInt32LE(size >>> 0, out.length - 4);
    return out;
}

describe("bounded gunzip", () => {
    it("inflates a one-member stream into one buffer of exactly its size, not pieces joined", () => {
        const data = crypto.randomBytes(60 * 1024);
        const result = gunzipBounded(zlib.gzipSync(data), 1 << 26);
        assert.ok(result.ok);
        assert.ok(result.data.equals(data));
        // A view into one allocation of the size the trailer gave (plus zlib's spare byte).
        assert.ok(result.data.buffer.byteLength <= data.length + 1);
    });

    it("reads several members and highly compressed data whole", () => {
        const a = Buffer.alloc(300_000, "a");
        const b = crypto.randomBytes(1000);
        const result = gunzipBounded(Buffer.concat([zlib.gzipSync(a), zlib.gzipSync(b)]), 1 << 26);
        assert.ok(result.ok);
        assert.ok(result.data.equals(Buffer.concat([a, b])));
    });

    it("takes a lying size in the trailer for a hint only: the data and the bound still rule", () => {
        const data = crypto.randomBytes(5000);
        const gz = zlib.gzipSync(data);
        const small = gunzipBounded(withClaimedSize(gz, 10), 1 << 26);
        // zlib checks ISIZE at the end of the member: a wrong one is damage, as before.
        assert.deepEqual(small, { ok: false, reason: "damaged" });
        const huge = gunzipBounded(withClaimedSize(gz, 0xffffffff), 1 << 26);
        assert.equal(huge.ok, false);
        const bounded = gunzipBounded(zlib.gzipSync(Buffer.alloc(100_000)), 50_000);
        assert.deepEqual(bounded, { ok: false, reason: "too-large" });
    });
});
