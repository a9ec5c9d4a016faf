/**
 * The field encodings of ISO 9660 (ECMA-119): numbers recorded in both byte orders, padded
 * character fields, UCS-2 for Joliet, and the two date formats, fixed so that the same input
 * always gives the same image.
 */

/** The logical sector and block size: 2048 bytes, the only size readers expect. */
export const SECTOR = 2048;

/** Writes a 32-bit number little-endian then big-endian (ECMA-119 7.3.3): 8 bytes. */
export function both32(buf: Buffer, offset: number, value: number): void {
    buf.writeUInt32LE(value, offset);
    buf.writeUInt32BE(value, offset + 4);
}

/** Writes a 16-bit number little-endian then big-endian (ECMA-119 7.2.3): 4 bytes. */
export function both16(buf: Buffer, offset: number, value: number): void {
    buf.writeUInt16LE(value, offset);
    buf.writeUInt16BE(value, offset + 2);
}

/** A 32-bit number in both byte orders, as a new 8-byte buffer. */
export function both32Bytes(value: number): Buffer {
    const buf = Buffer.alloc(8);
    both32(buf, 0, value);
    return buf;
}

/** Writes ASCII text into a fixed-width field, padded with spaces. */
export function asciiField(buf: Buffer, offset: number, width: number, text: string): void {
    buf.fill(0x20, offset, offset + width);
    buf.write(text, offset, width, "latin1");
}

/** Text as UCS-2 big-endian, the encoding of Joliet identifiers. */
export function ucs2(text: string): Buffer {
    const out = Buffer.alloc(text.length * 2);
    for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
    return out;
}

/**
 * Writes text into a fixed-width Joliet field: UCS-2 big-endian padded with UCS-2 spaces; a
 * field of odd width ends with one zero byte, since no UCS-2 character fits there.
 */
export function ucs2Field(buf: Buffer, offset: number, width: number, text: string): void {
    for (let i = 0; i + 1 < width; i += 2) buf.writeUInt16BE(0x0020, offset + i);
    if (width % 2 === 1) buf[offset + width - 1] = 0;
    ucs2(text).copy(buf, offset, 0, Math.min(width - (width % 2), text.length * 2));
}

/**
 * The 17-byte volume descriptor date (ECMA-119 8.4.26.1). The image carries no clock: dates
 * that the standard lets us leave "not specified" (digits all zero, offset zero) are left so;
 * creation and modification dates are the Unix epoch, 1970-01-01 00:00:00.00 UTC.
 */
export function volumeDate(specified: boolean): Buffer {
    const out = Buffer.alloc(17);
    out.write(specified ? "1970010100000000" : "0000000000000000", 0, 16, "latin1");
    out[16] = 0;
    return out;
}

/**
 * The 7-byte directory record date (ECMA-119 9.1.5): always the Unix epoch, 1970-01-01
 * 00:00:00 UTC (years since 1900, month, day, hour, minute, second, offset in 15-minute
 * steps), so that readers show time 0 rather than an invalid date.
 */
export function recordDate(): Buffer {
    return Buffer.from([70, 1, 1, 0, 0, 0, 0]);
}

/** The number of whole sectors that `bytes` bytes occupy. */
export function sectorsFor(bytes: number): number {
    return Math.ceil(bytes / SECTOR);
}
