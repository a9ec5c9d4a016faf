/**
 * gzip compression with a header that does not depend on the machine, and bounded
 * decompression for archives that may be hostile.
 */

import * as zlib from "node:zlib";

/**
 * The ten header bytes of every gzip stream this package writes: magic `1f 8b`, method 8
 * (deflate), no flags (so no file name, comment or header CRC), MTIME 0, XFL 2 (maximum
 * compression) and OS 255 ("unknown"). zlib writes its own build platform in the OS byte
 * (3 on Unix, 10 on Windows, 19 on macOS), which would make the bytes differ between machines.
 */
export const GZIP_HEADER: Buffer = Buffer.from([
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff,
]);

/**
 * Compresses `data` with deflate at level 9 and fixed zlib parameters, then sets the header to
 * {@link GZIP_HEADER}. The gzip CRC covers the uncompressed data only, so rewriting the header
 * leaves the stream valid.
 *
 * @throws Error when zlib's output does not start with a plain gzip header, which would mean
 * the header cannot be fixed safely.
 */
export function gzipDeterministic(data: Buffer): Buffer {
    const out = zlib.gzipSync(data, {
        level: 9,
        memLevel: 8,
        windowBits: 15,
        strategy: zlib.constants.Z_DEFAULT_STRATEGY,
    });
    if (out[0] !== 0x1f || out[1] !== 0x8b || out[2] !== 0x08 || out[3] !== 0x00) {
        throw new Error("gzip: zlib wrote an unexpected header");
    }
    GZIP_HEADER.copy(out, 0);
    return out;
}

/** What {@link gunzipBounded} made of its input. */
export type GunzipResult =
    | { readonly ok: true; readonly data: Buffer }
    | { readonly ok: false; readonly reason: "not-gzip" | "damaged" | "too-large" };

/**
 * Decompresses a gzip stream (several concatenated members are allowed) without ever holding
 * more than `maxOutput` bytes of output, so a small hostile archive cannot exhaust memory.
 * Never throws: failures are reported as a reason.
 */
export function gunzipBounded(data: Buffer, maxOutput: number): GunzipResult {
    if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) {
        return { ok: false, reason: "not-gzip" };
    }
    // The trailer's ISIZE gives a one-member stream's size: output of that size lands in one
    // buffer, not in 16 KiB pieces copied together at the end. A hostile ISIZE gains nothing:
    // the first buffer is at most a few times the input, and the bound still holds.
    const claimed = data.length >= 18 ? data.readUInt32LE(data.length - 4) : 0;
    const chunkSize = Math.max(
        zlib.constants.Z_MIN_CHUNK,
        Math.min(claimed + 1, maxOutput + 1, 16 * data.length + 65536),
    );
    try {
        return { ok: true, data: zlib.gunzipSync(data, { maxOutputLength: maxOutput, chunkSize }) };
    } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        return { ok: false, reason: code === "ERR_BUFFER_TOO_LARGE" ? "too-large" : "damaged" };
    }
}
