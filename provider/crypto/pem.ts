/**
 * Finding PEM blocks in text that may also be base64 of PEM text, as contracts allow for keys
 * and certificates.
 */

/** One `-----BEGIN X-----` … `-----END X-----` block. */
export interface PemBlock {
    /** The label after BEGIN, e.g. `CERTIFICATE` or `PUBLIC KEY`. */
    readonly label: string;
    /** The whole block, from BEGIN to END, with a trailing newline. */
    readonly text: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const BASE64_TEXT = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

/**
 * The PEM blocks in `text`. When `text` holds no block but is base64, the decoded text is
 * searched instead, since contracts accept base64 of PEM wherever they accept PEM.
 */
export function pemBlocks(text: string): PemBlock[] {
    const direct = [...text.matchAll(BLOCK)];
    if (direct.length > 0) {
        return direct.map((m) => ({ label: m[1], text: `${m[0]}\n` }));
    }
    if (BASE64_TEXT.test(text)) {
        const decoded = Buffer.from(text.replace(/\s+/g, ""), "base64").toString("latin1");
        return [...decoded.matchAll(BLOCK)].map((m) => ({ label: m[1], text: `${m[0]}\n` }));
    }
    return [];
}

/** Whether `text` is base64 of PEM text rather than PEM text itself. */
export function isBase64OfPem(text: string): boolean {
    return !text.includes("-----BEGIN") && pemBlocks(text).length > 0;
}
