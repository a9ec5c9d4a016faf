/**
 * The exact text that gets encrypted for each section. A section given as YAML text keeps its
 * author's text (comments included); a mapping is written as YAML once, in its own key order.
 * Each text is written once per section: measuring the contract's size and encrypting it use
 * the same string (sections are not changed after they are read).
 */
import * as YAML from "yaml";
import type { PlainSection } from "./section";

const STRINGIFY: YAML.ToStringOptions = { lineWidth: 0 };

const workloadTexts = new WeakMap<PlainSection, string>();
// By section, then by signingKey value; `undefined` keys the text without one.
const envTexts = new WeakMap<PlainSection, Map<string | undefined, string>>();

/** The workload text to encrypt. */
export function workloadPlaintext(section: PlainSection): string {
    if (section.text !== undefined) return section.text;
    let text = workloadTexts.get(section);
    if (text === undefined) {
        text = YAML.stringify(section.value, STRINGIFY);
        workloadTexts.set(section, text);
    }
    return text;
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
