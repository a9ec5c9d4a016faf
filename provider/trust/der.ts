/**
 * A small reader of DER, the encoding of certificates, CSRs and CRLs: enough to find the
 * signed bytes, names, dates, serial numbers and extensions that Node's X509Certificate does
 * not expose. It reads definite lengths only, as DER requires.
 */

/** ASN.1 tags this package reads, as their full first byte. */
export const TAG = {
    BOOLEAN: 0x01,
    INTEGER: 0x02,
    BIT_STRING: 0x03,
    OCTET_STRING: 0x04,
    NULL: 0x05,
    OID: 0x06,
    UTF8_STRING: 0x0c,
    PRINTABLE_STRING: 0x13,
    IA5_STRING: 0x16,
    UTC_TIME: 0x17,
    GENERALIZED_TIME: 0x18,
    SEQUENCE: 0x30,
    SET: 0x31,
} as const;

/** One DER element: its tag, its whole encoding, and its content. */
export interface DerElement {
    /** The first identifier byte (class, constructed bit and tag number). */
    readonly tag: number;
    /** The whole element, header included: what a signature covers. */
    readonly raw: Buffer;
    /** The content octets. */
    readonly content: Buffer;
}

/** Thrown when bytes are not the DER this reader expects. */
export class DerError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DerError";
    }
}

/** Reads the element that starts at `offset`; returns it and the offset after it. */
export function readElement(data: Buffer, offset = 0): { element: DerElement; next: number } {
    if (offset + 2 > data.length) throw new DerError("truncated element header");
    const tag = data[offset];
    if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte tags are not supported");
    let length = data[offset + 1];
    let header = 2;
    if (length & 0x80) {
        const count = length & 0x7f;
        // Zero is BER's indefinite length; more than four bytes cannot describe a real file.
        if (count === 0 || count > 4) throw new DerError("unsupported length encoding");
        if (offset + 2 + count > data.length) throw new DerError("truncated length");
        length = 0;
        for (let i = 0; i < count; i++) length = length * 256 + data[offset + 2 + i];
        header += count;
    }
    const end = offset + header + length;
    if (end > data.length) throw new DerError("element runs past the end of its container");
    return {
        element: {
            tag,
            raw: data.subarray(offset, end),
            content: data.subarray(offset + header, end),
        },
        next: end,
    };
}

/** Reads exactly one element that fills `data`. */
export function readOne(data: Buffer): DerElement {
    const { element, next } = readElement(data, 0);
    if (next !== data.length) throw new DerError("trailing bytes after the element");
    return element;
}

/** The elements inside a constructed element (a SEQUENCE, a SET, an explicit tag). */
export function children(element: DerElement): DerElement[] {
    if ((element.tag & 0x20) === 0) throw new DerError("expected a constructed element");
    const out: DerElement[] = [];
    let offset = 0;
    while (offset < element.content.length) {
        const { element: child, next } = readElement(element.content, offset);
        out.push(child);
        offset = next;
    }
    return out;
}

/** Fails unless `element` has tag `tag`; returns it for chaining. */
export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
    if (!element || element.tag !== tag) throw new DerError(`expected ${what}`);
    return element;
}

/** An OBJECT IDENTIFIER in dotted form. */
export function readOid(element: DerElement): string {
    expectTag(element, TAG.OID, "an object identifier");
    const bytes = element.content;
    if (bytes.length === 0) throw new DerError("empty object identifier");
    const arcs: number[] = [];
    let value = 0;
    for (const byte of bytes) {
        value = value * 128 + (byte & 0x7f);
        if ((byte & 0x80) === 0) {
            arcs.push(value);
            value = 0;
        }
    }
    if (bytes[bytes.length - 1] & 0x80) throw new DerError("truncated object identifier");
    const first = arcs[0] < 80 ? Math.floor(arcs[0] / 40) : 2;
    return [first, arcs[0] - first * 40, ...arcs.slice(1)].join(".");
}

/**
 * A non-negative INTEGER as upper-case hex without leading zeros (`0` for zero): the form in
 * which serial numbers are compared.
 */
export function readIntegerHex(element: DerElement): string {
    expectTag(element, TAG.INTEGER, "an integer");
    const hex = element.content
        .toString("hex")
        .replace(/^(00)+/, "")
        .toUpperCase();
    return hex.replace(/^0+(?=.)/, "") || "0";
}

/** A small INTEGER as a number. */
export function readSmallInteger(element: DerElement): number {
    expectTag(element, TAG.INTEGER, "an integer");
    if (element.content.length > 4) throw new DerError("integer too large");
    return element.content.reduce((n, b) => n * 256 + b, 0);
}

/** A UTCTime or GeneralizedTime, in UTC. */
export function readTime(element: DerElement): Date {
    const text = element.content.toString("latin1");
    let m: RegExpExecArray | null;
    if (element.tag === TAG.UTC_TIME) {
        m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
        if (!m) throw new DerError("malformed UTCTime");
        // RFC 5280: two-digit years from 50 are 19xx, below 50 are 20xx.
        const yy = Number(m[1]);
        return utc(yy >= 50 ? 1900 + yy : 2000 + yy, m.slice(2));
    }
    if (element.tag === TAG.GENERALIZED_TIME) {
        m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
        if (!m) throw new DerError("malformed GeneralizedTime");
        return utc(Number(m[1]), m.slice(2));
    }
    throw new DerError("expected a time");
}

function utc(year: number, rest: string[]): Date {
    const [month, day, hour, minute, second] = rest.map(Number);
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

/** The bits of a BIT STRING, without its unused-bits count byte. */
export function readBitString(element: DerElement): Buffer {
    expectTag(element, TAG.BIT_STRING, "a bit string");
    if (element.content.length === 0) throw new DerError("empty bit string");
    return element.content.subarray(1);
}

/** Whether `data` starts like DER (a SEQUENCE) rather than PEM text. */
export function looksLikeDer(data: Buffer): boolean {
    return data.length > 1 && data[0] === TAG.SEQUENCE;
}
