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

const MARKER = /-----(BEGIN|END) ([A-Z0-9 ]+)-----/g;

/**
 * The PEM blocks in `text`. When `text` holds no block but is base64, the decoded text is
 * searched instead, since contracts accept base64 of PEM wherever they accept PEM.
 */
export function pemBlocks(text: string): PemBlock[] {
    const direct = blocksIn(text);
    if (direct.length > 0) return direct;
    const compact = text.replace(/\s+/g, "");
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
        return blocksIn(Buffer.from(compact, "base64").toString("latin1"));
    }
    return [];
}

/**
 * Each BEGIN marker paired with the first END marker of its label after it, blocks not
 * overlapping. One pass over the markers: a regular expression that searches from every BEGIN
 * for its END takes quadratic time on text full of BEGIN lines.
 */
function blocksIn(text: string): PemBlock[] {
    const begins: { at: number; after: number; label: string }[] = [];
    const ends = new Map<string, number[]>();
    for (const m of text.matchAll(MARKER)) {
        if (m[1] === "BEGIN") {
            begins.push({ at: m.index, after: m.index + m[0].length, label: m[2] });
        } else {
            const list = ends.get(m[2]) ?? [];
            list.push(m.index);
            ends.set(m[2], list);
        }
    }
    const blocks: PemBlock[] = [];
    const next = new Map<string, number>();
    let from = 0;
    for (const begin of begins) {
        if (begin.at < from) continue;
        const list = ends.get(begin.label) ?? [];
        let i = next.get(begin.label) ?? 0;
        while (i < list.length && list[i] < begin.after) i++;
        next.set(begin.label, i);
        if (i === list.length) continue;
        from = list[i] + `-----END ${begin.label}-----`.length;
        blocks.push({ label: begin.label, text: `${text.slice(begin.at, from)}\n` });
    }
    return blocks;
}

/** Whether `text` is base64 of PEM text rather than PEM text itself. */
export function isBase64OfPem(text: string): boolean {
    return !text.includes("-----BEGIN") && pemBlocks(text).length > 0;
}
