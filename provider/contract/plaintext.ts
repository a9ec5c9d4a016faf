/**
 * The exact text that gets encrypted for each section. A section given as YAML text keeps its
 * author's text (comments included); a mapping is written as YAML once, in its own key order.
 * Each text is written once per section: measuring the contract's size and encrypting it use
 * the same string (sections are not changed after they are read).
 */
import * as YAML from "yaml";
import type { PlainSection } from "./section";
import { isMapping } from "./yaml-text";

const STRINGIFY: YAML.ToStringOptions = { lineWidth: 0 };

const workloadTexts = new WeakMap<PlainSection, string>();
// By section, then by signingKey value; `undefined` keys the text without one.
const envTexts = new WeakMap<PlainSection, Map<string | undefined, string>>();

/** The workload text to encrypt. */
export function workloadPlaintext(section: PlainSection): string {
    if (section.text !== undefined) return section.text;
    let text = workloadTexts.get(section);
    if (text === undefined) {
        text = writeWorkload(section.value);
        workloadTexts.set(section, text);
    }
    return text;
}

// A gzip archive in base64 starts with "H4sI": YAML writes such a string as a plain scalar,
// verbatim. The stand-in has the same form and no archive can equal it (it is not gzip).
const GZIP_BASE64 = /^H4sI[A-Za-z0-9+/]*={0,2}$/;
const STAND_IN = "H4sIstandInForTheArchive";
// Below this, the copies YAML's writer makes of the archive cost nothing worth avoiding.
const SPLICE_FROM = 4096;

/**
 * A workload mapping as YAML. The archive is most of a workload's bytes, and YAML's writer
 * copies a long string several times: the text is written with a short stand-in, and the
 * archive put in its place, which gives the same text.
 */
function writeWorkload(value: Record<string, unknown>): string {
    for (const kind of ["compose", "play"]) {
        const holder = value[kind];
        const archive = isMapping(holder) ? holder.archive : undefined;
        if (
            !isMapping(holder) ||
            typeof archive !== "string" ||
            archive.length < SPLICE_FROM ||
            !GZIP_BASE64.test(archive)
        ) {
            continue;
        }
        // A spread keeps every key in its place, the replaced one included.
        const text = YAML.stringify(
            { ...value, [kind]: { ...holder, archive: STAND_IN } },
            STRINGIFY,
        );
        const at = text.indexOf(STAND_IN);
        if (at >= 0 && text.indexOf(STAND_IN, at + 1) < 0) {
            return text.slice(0, at) + archive + text.slice(at + STAND_IN.length);
        }
    }
    return YAML.stringify(value, STRINGIFY);
}

/**
 * The env text to encrypt, with `signingKey` set to `signingKey` (base64 of the PEM public key
 * or certificate that verifies the contract signature). When the author's text has no
 * `signingKey` and is a block mapping, the line is appended so that the rest of the text stays
 * byte for byte; otherwise the document is edited and written again.
 */
export function envPlaintext(section: PlainSection, signingKey: string | undefined): string {
    let texts = envTexts.get(section);
    if (!texts) {
        texts = new Map();
        envTexts.set(section, texts);
    }
    let text = texts.get(signingKey);
    if (text === undefined) {
        text = writeEnv(section, signingKey);
        // Two values at most are asked for: a size estimate's placeholder and the real key.
        if (texts.size >= 2) texts.clear();
        texts.set(signingKey, text);
    }
    return text;
}

function writeEnv(section: PlainSection, signingKey: string | undefined): string {
    if (signingKey === undefined) {
        return section.text ?? YAML.stringify(section.value, STRINGIFY);
    }
    if (section.text !== undefined && section.document) {
        const doc = section.document;
        const isBlockMap = YAML.isMap(doc.contents) && !doc.contents.flow;
        if (isBlockMap && !doc.has("signingKey")) {
            const text = section.text;
            const separator = text.length === 0 || text.endsWith("\n") ? "" : "\n";
            const appended = `${text}${separator}signingKey: ${signingKey}\n`;
            // An indented root mapping or a document end marker would make the appended line
            // mean something else; the re-read proves it did not.
            if (readsAs(appended, { ...section.value, signingKey })) return appended;
        }
        const copy = doc.clone();
        copy.set("signingKey", signingKey);
        return copy.toString(STRINGIFY);
    }
    return YAML.stringify({ ...section.value, signingKey }, STRINGIFY);
}

function readsAs(text: string, expected: Record<string, unknown>): boolean {
    try {
        const docs = YAML.parseAllDocuments(text);
        if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length > 0) return false;
        return JSON.stringify(docs[0].toJS()) === JSON.stringify(expected);
    } catch {
        return false;
    }
}
