/**
 * The `initdata` annotation of IBM Confidential Computing Containers (CCCO): the signed and
 * encrypted contract inside a small TOML document, gzipped and base64-encoded, which a pod
 * carries as `io.katacontainers.config.runtime.cc_init_data`. The TOML text is byte for byte
 * the one IBM's contract-go writes; the gzip stream may differ (another deflate), which no
 * reader notices, since readers and the measured digest work on the decompressed text.
 */
import * as zlib from "node:zlib";
import { InputError } from "../errors";

/** The pod annotation that carries the initdata to the confidential-containers runtime. */
export const INITDATA_ANNOTATION = "io.katacontainers.config.runtime.cc_init_data";

/** Options of {@link initdataToml} and {@link buildInitdata}. */
export interface InitdataOptions {
    /**
     * The Secure Execution header of the peer-pod image (the binary `.bin` file), for bare-metal
     * peer pods: it is base64-encoded and added to the contract as `boot.sehdr`.
     */
    readonly seHeader?: Buffer;
}

/** What {@link readInitdata} finds in an annotation. */
export interface Initdata {
    /** The decompressed TOML text. */
    readonly toml: string;
    /** The digest algorithm it names (`sha384`). */
    readonly algorithm?: string;
    /** The initdata format version it names (`0.1.0`). */
    readonly version?: string;
    /** Every entry of its `[data]` table, by name. */
    readonly data: Readonly<Record<string, string>>;
    /** The contract: `contract.yaml` without the SE header lines. */
    readonly contract?: string;
    /** The SE header, decoded, when the annotation is the bare-metal form. */
    readonly seHeader?: Buffer;
}

const HEAD = '\nalgorithm = "sha384"\nversion = "0.1.0"\n\n[data]\n"contract.yaml" = \'\'\'';
const SEHDR_LINES = "\nboot: |\n    sehdr: ";
const SEHDR_TAIL = /\nboot: \|\n {4}sehdr: ([A-Za-z0-9+/]+={0,2})$/;
// Bytes a TOML multi-line literal string can hold (TOML 1.0, `mll-char` and `newline`): tab,
// printable ASCII, line feed, CR only before LF, and any non-ASCII scalar value.
const NOT_LITERAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\r(?!\n)/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// The decompressed size readInitdata accepts; far above any contract, far below a gzip bomb.
const MAX_TOML = 64 * 1024 * 1024;

function position(text: string, index: number): string {
    const before = text.slice(0, index);
    const line = before.split("\n").length;
    return `line ${line}, column ${index - before.lastIndexOf("\n")}`;
}

function contractText(contract: string | Buffer): string {
    let text: string;
    try {
        text =
            typeof contract === "string"
                ? contract
                : new TextDecoder("utf-8", { fatal: true }).decode(contract);
    } catch {
        throw new InputError("contract", "is not UTF-8 text");
    }
    if (text.length === 0) throw new InputError("contract", "is empty");
    if (LONE_SURROGATE.test(text)) throw new InputError("contract", "is not valid Unicode text");
    const quotes = text.indexOf("'''");
    if (quotes >= 0) {
        throw new InputError(
            "contract",
            `holds three single quotes in a row at ${position(text, quotes)}, which would end the TOML string that carries it; encrypt the sections, or quote that value another way`,
        );
    }
    const control = NOT_LITERAL.exec(text);
    if (control) {
        throw new InputError(
            "contract",
            `holds a control character at ${position(text, control.index)} that a TOML literal string cannot carry; remove it`,
        );
    }
    return text;
}

/**
 * The initdata TOML text that carries a contract.
 *
 * A TOML reader drops a line break at the very start of the contract, and may read CRLF line
 * ends as LF; YAML reads the contract the same either way.
 *
 * @param contract The signed, encrypted contract (UTF-8 when a Buffer).
 * @throws InputError when the contract is empty, not UTF-8, or holds `'''` or a control
 *   character (other than tab and line breaks) that the TOML literal string cannot hold.
 */
export function initdataToml(contract: string | Buffer, options: InitdataOptions = {}): string {
    const text = contractText(contract);
    const header =
        options.seHeader === undefined ? "" : `${SEHDR_LINES}${seHeaderBase64(options.seHeader)}`;
    return `${HEAD}${text}${header}'''\n`;
}

function seHeaderBase64(seHeader: Buffer): string {
    if (seHeader.length === 0) throw new InputError("seHeader", "is empty");
    return seHeader.toString("base64");
}

/**
 * The `initdata` annotation: base64 of the gzipped {@link initdataToml} text. The gzip header
 * has no time and names no operating system, so the annotation is the same on every machine.
 *
 * @throws InputError as {@link initdataToml} does.
 */
export function buildInitdata(contract: string | Buffer, options: InitdataOptions = {}): string {
    const gzip = zlib.gzipSync(Buffer.from(initdataToml(contract, options), "utf8"));
    // RFC 1952: byte 9 is the OS; 255 is "unknown" (zlib writes the build platform's code).
    gzip[9] = 255;
    return gzip.toString("base64");
}

function decode(annotation: string): string {
    const text = annotation.trim();
    if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
        throw new InputError("initdata", "is not base64 text");
    }
    let toml: Buffer;
    try {
        toml = zlib.gunzipSync(Buffer.from(text, "base64"), { maxOutputLength: MAX_TOML });
    } catch {
        throw new InputError("initdata", "is not gzip data of at most 64 MiB");
    }
    try {
        return new TextDecoder("utf-8", { fatal: true }).decode(toml);
    } catch {
        throw new InputError("initdata", "does not hold UTF-8 text");
    }
}

const ASSIGNMENT = /^([A-Za-z0-9_-]+|"[^"\\\n]*")[ \t]*=[ \t]*/;

/**
 * Reads an `initdata` annotation back: the TOML text, its header values and its `[data]`
 * entries, with the contract and SE header split apart. It reads the TOML that
 * {@link buildInitdata} and IBM's tooling write: top-level basic-string values, then a `[data]`
 * table of multi-line literal strings.
 *
 * @throws InputError when the annotation is not base64 of gzip of such a document.
 */
export function readInitdata(annotation: string): Initdata {
    const toml = decode(annotation);
    // No prototype: a key such as `__proto__` or `toString` is only a key.
    const top: Record<string, string> = Object.create(null);
    const data: Record<string, string> = Object.create(null);
    let table = "";
    let rest = toml;
    const fail = (what: string): never => {
        throw new InputError(
            "initdata",
            `has ${what} at ${position(toml, toml.length - rest.length)}`,
        );
    };
    while (rest.length > 0) {
        const blank = /^[ \t]*(#[^\n]*)?\r?\n/.exec(rest);
        if (blank) {
            rest = rest.slice(blank[0].length);
            continue;
        }
        const header = /^\[([A-Za-z0-9_-]+)\][ \t]*\r?\n/.exec(rest);
        if (header) {
            table = header[1];
            rest = rest.slice(header[0].length);
            continue;
        }
        const assign = ASSIGNMENT.exec(rest);
        if (!assign) fail("a line that is not a key and value");
        const key = (assign as RegExpExecArray)[1].replace(/^"(.*)"$/, "$1");
        rest = rest.slice((assign as RegExpExecArray)[0].length);
        let value: string;
        if (rest.startsWith("'''")) {
            // The closing delimiter may follow up to two quotes that belong to the value.
            const end = /'''('{0,2})/.exec(rest.slice(3)) ?? fail("an unterminated literal string");
            const close = (end as RegExpExecArray).index + (end as RegExpExecArray)[1].length;
            value = rest.slice(3, 3 + close).replace(/^\r?\n/, "");
            rest = rest.slice(3 + close + 3);
        } else {
            const basic = /^"([^"\\\n]*)"/.exec(rest) ?? fail("a value this reader does not know");
            value = (basic as RegExpExecArray)[1];
            rest = rest.slice((basic as RegExpExecArray)[0].length);
        }
        const end = /^[ \t]*(#[^\n]*)?(\r?\n|$)/.exec(rest) ?? fail("text after a value");
        rest = rest.slice((end as RegExpExecArray)[0].length);
        if (table === "") top[key] = value;
        else if (table === "data") data[key] = value;
        else fail(`a table other than [data]`);
    }
    const carried = data["contract.yaml"];
    const sehdr = carried === undefined ? null : SEHDR_TAIL.exec(carried);
    return {
        toml,
        algorithm: top.algorithm,
        version: top.version,
        data,
        contract: sehdr ? (carried as string).slice(0, sehdr.index) : carried,
        seHeader: sehdr ? Buffer.from(sehdr[1], "base64") : undefined,
    };
}
