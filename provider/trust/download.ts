/**
 * Downloading encryption certificates by version through a URL template, with a cache on
 * disk. Mirrors and air-gapped hosts work the same way: any `http(s)://` or `file://` template.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors";
import { pemBlocks } from "../crypto/pem";
import {
    exactVersion,
    formatVersion,
    lowestAdmitted,
    parseRange,
    parseVersion,
    satisfies,
    type Version,
} from "./semver";
import { readCertificate } from "./x509";

/** IBM's URL of the HPVS for VPC encryption certificates. */
export const DEFAULT_CERTIFICATE_URL_TEMPLATE =
    "https://hpvsvpcubuntu.s3.us.cloud-object-storage.appdomain.cloud/s390x-{{.Patch}}/ibm-hyper-protect-container-runtime-{{.Major}}-{{.Minor}}-s390x-{{.Patch}}-encrypt.crt";

/** Options for downloads. */
export interface DownloadOptions {
    /**
     * The URL template. Placeholders: `{{.Major}}`, `{{.Minor}}`, `{{.Patch}}` (as IBM's tools
     * write them) and `{major}`, `{minor}`, `{patch}`, `{version}`. Default:
     * {@link DEFAULT_CERTIFICATE_URL_TEMPLATE}.
     */
    readonly template?: string;
    /**
     * The cache folder, or `false` for none. Default: {@link defaultCertificateCacheDir}.
     */
    readonly cacheDir?: string | false;
    /** How long one request may take, in milliseconds. Default: 30000. */
    readonly timeoutMs?: number;
}

/** A certificate fetched for a version. */
export interface DownloadedCertificate {
    readonly version: string;
    /** The URL it came from, without credentials or query. */
    readonly url: string;
    /** The certificate (PEM). */
    readonly pem: string;
    /** Whether it came from the cache. */
    readonly fromCache: boolean;
}

const MAX_REDIRECTS = 3;
const MAX_BYTES = 1024 * 1024;

/**
 * The cache folder: `$HPCR_CERT_CACHE`, else `$XDG_CACHE_HOME/pulumi-hyper-protect/certificates`,
 * else `~/.cache/pulumi-hyper-protect/certificates`.
 */
export function defaultCertificateCacheDir(
    env: Readonly<Record<string, string | undefined>> = process.env,
): string {
    if (env.HPCR_CERT_CACHE) return env.HPCR_CERT_CACHE;
    const base = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(base, "pulumi-hyper-protect", "certificates");
}

const PLACEHOLDER = /\{\{\s*\.(\w+)\s*\}\}|\{(\w+)\}/g;

/**
 * The URL of a version's certificate.
 *
 * @throws InputError when the version is not `M.m.p`, the template has an unknown placeholder,
 *   or the result is not an http, https or file URL.
 */
export function certificateUrl(template: string, version: string): string {
    const v = parseVersion(version);
    if (!v) throw new InputError("version", `"${version}" is not a version M.m.p`);
    const values: Record<string, string> = {
        major: String(v.major),
        minor: String(v.minor),
        patch: String(v.patch),
        version: formatVersion(v),
    };
    const url = template.replace(PLACEHOLDER, (whole, go?: string, brace?: string) => {
        const value = values[(go ?? brace ?? "").toLowerCase()];
        if (value === undefined || (go === undefined && brace !== brace?.toLowerCase())) {
            throw new InputError("template", `has the unknown placeholder ${whole}`);
        }
        return value;
    });
    if (!/^(https?|file):\/\//.test(url)) {
        throw new InputError("template", "must give an http://, https:// or file:// URL");
    }
    return url;
}

/** A URL fit for messages: no user name, password or query (a signed URL's query is a secret). */
export function displayUrl(url: string): string {
    try {
        const u = new URL(url);
        u.username = "";
        u.password = "";
        if (u.search) u.search = "?…";
        return u.toString();
    } catch {
        return "(malformed URL)";
    }
}

type Fetched = { found: true; body: Buffer } | { found: false; reason: string };

/**
 * Downloads the certificate of one version (or takes it from the cache).
 *
 * @throws InputError naming the version and URL when it is missing, the request fails or
 *   times out, or the content is not a PEM certificate.
 */
export async function downloadCertificate(
    version: string,
    options: DownloadOptions = {},
): Promise<DownloadedCertificate> {
    const got = await fetchCertificate(version, options);
    if ("missing" in got) {
        throw new InputError(
            `version ${version}`,
            `${got.missing}; check the version and the URL template`,
        );
    }
    return got;
}

/** Downloads several versions side by side; see {@link downloadCertificate}. */
export function downloadCertificates(
    versions: readonly string[],
    options: DownloadOptions = {},
): Promise<DownloadedCertificate[]> {
    return Promise.all(versions.map((v) => downloadCertificate(v, options)));
}

async function fetchCertificate(
    version: string,
    options: DownloadOptions,
): Promise<DownloadedCertificate | { missing: string }> {
    const url = certificateUrl(options.template ?? DEFAULT_CERTIFICATE_URL_TEMPLATE, version);
    const shown = displayUrl(url);
    const cacheDir =
        options.cacheDir === undefined ? defaultCertificateCacheDir() : options.cacheDir;
    const cacheFile = cacheDir
        ? path.join(cacheDir, `${crypto.createHash("sha256").update(url).digest("hex")}.crt`)
        : undefined;
    const cached = cacheFile ? readCached(cacheFile) : undefined;
    if (cached) return { version, url: shown, pem: cached, fromCache: true };
    const field = `version ${version}`;
    const fetched = await fetchUrl(url, options.timeoutMs ?? 30_000, field, shown);
    if (!fetched.found) return { missing: `no certificate at ${shown} (${fetched.reason})` };
    const pem = pemCertificate(fetched.body);
    if (!pem) throw new InputError(field, `${shown} did not return a PEM certificate`);
    if (cacheFile) writeCached(cacheFile, pem);
    return { version, url: shown, pem, fromCache: false };
}

function pemCertificate(body: Buffer): string | undefined {
    const block = pemBlocks(body.toString("latin1")).find((b) => b.label === "CERTIFICATE");
    if (!block) return undefined;
    try {
        readCertificate(block.text, "certificate");
        return block.text;
    } catch {
        return undefined;
    }
}

function readCached(file: string): string | undefined {
    try {
        return pemCertificate(fs.readFileSync(file));
    } catch {
        return undefined;
    }
}

function writeCached(file: string, pem: string): void {
    // A failing cache must not fail the download; the certificate is public data.
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const partial = `${file}.${crypto.randomBytes(6).toString("hex")}.partial`;
        fs.writeFileSync(partial, pem, { mode: 0o644 });
        fs.renameSync(partial, file);
    } catch {
        // nothing to do: the next download fetches it again
    }
}

async function fetchUrl(
    url: string,
    timeoutMs: number,
    field: string,
    shown: string,
): Promise<Fetched> {
    if (url.startsWith("file:")) {
        try {
            return { found: true, body: await fs.promises.readFile(fileURLToPath(url)) };
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === "ENOENT") return { found: false, reason: "no such file" };
            throw new InputError(field, `cannot read ${shown} (${code ?? "error"})`);
        }
    }
    let current = url;
    for (let redirects = 0; ; redirects++) {
        const response = await request(current, timeoutMs, field, shown);
        if (response.status >= 300 && response.status < 400 && response.location) {
            if (redirects === MAX_REDIRECTS) {
                throw new InputError(field, `${shown} redirects more than ${MAX_REDIRECTS} times`);
            }
            const next = new URL(response.location, current);
            // A certificate decides who can read the contract: never let https fall back to http.
            if (new URL(current).protocol === "https:" && next.protocol !== "https:") {
                throw new InputError(
                    field,
                    `${shown} redirects from https to ${next.protocol}, which is refused`,
                );
            }
            current = next.toString();
            continue;
        }
        // A bucket that may not be listed (IBM's object storage among them) answers 403 for a
        // key that does not exist.
        if (response.status === 404 || response.status === 410 || response.status === 403) {
            return { found: false, reason: `HTTP ${response.status}` };
        }
        if (response.status !== 200) {
            throw new InputError(field, `${shown} answered HTTP ${response.status}`);
        }
        return { found: true, body: response.body };
    }
}

function request(
    url: string,
    timeoutMs: number,
    field: string,
    shown: string,
): Promise<{ status: number; location?: string; body: Buffer }> {
    const client = url.startsWith("https:") ? https : http;
    return new Promise((resolve, reject) => {
        const req = client.get(url, { timeout: timeoutMs }, (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on("data", (chunk: Buffer) => {
                size += chunk.length;
                if (size > MAX_BYTES) {
                    req.destroy();
                    reject(new InputError(field, `${shown} returned more than ${MAX_BYTES} bytes`));
                } else {
                    chunks.push(chunk);
                }
            });
            res.on("end", () =>
                resolve({
                    status: res.statusCode ?? 0,
                    location: res.headers.location,
                    body: Buffer.concat(chunks),
                }),
            );
            res.on("error", (e) => reject(new InputError(field, `${shown}: ${e.message}`)));
        });
        // One deadline for the whole exchange, not only for idle sockets.
        const deadline = setTimeout(() => req.destroy(new Error("timeout")), timeoutMs);
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("close", () => clearTimeout(deadline));
        req.on("error", (e) => {
            clearTimeout(deadline);
            const reason = e.message === "timeout" ? `timed out after ${timeoutMs} ms` : e.message;
            reject(new InputError(field, `cannot download ${shown}: ${reason}`));
        });
    });
}

/** Options for {@link downloadCertificateInRange}. */
export interface RangeDownloadOptions extends DownloadOptions {
    /** How many versions are tried side by side. Default: 8. */
    readonly probeWindow?: number;
    /** How many versions are tried at most. Default: 64. */
    readonly probeLimit?: number;
}

/**
 * Downloads the certificate of the highest version in a range. An exact version is fetched
 * directly. For a range, no index of versions exists, so patch numbers are tried upward from
 * the lowest version the range admits, a window at a time, until a window after the first
 * find brings nothing new; versions outside the range are never requested.
 *
 * @throws InputError when the range is malformed or no version in it has a certificate.
 */
export async function downloadCertificateInRange(
    range: string,
    options: RangeDownloadOptions = {},
): Promise<DownloadedCertificate> {
    const exact = exactVersion(range);
    if (exact) return downloadCertificate(formatVersion(exact), options);
    const parsed = parseRange(range);
    const start: Version = lowestAdmitted(parsed) ?? { major: 0, minor: 0, patch: 0 };
    const window = options.probeWindow ?? 8;
    const limit = options.probeLimit ?? 64;
    let best: DownloadedCertificate | undefined;
    let patch = start.patch;
    while (patch < start.patch + limit) {
        const batch: string[] = [];
        for (; batch.length < window && patch < start.patch + limit; patch++) {
            const candidate = { ...start, patch };
            if (satisfies(candidate, parsed)) batch.push(formatVersion(candidate));
        }
        if (batch.length === 0) continue;
        const found = (await Promise.all(batch.map((v) => fetchCertificate(v, options)))).filter(
            (r): r is DownloadedCertificate => !("missing" in r),
        );
        if (found.length === 0 && best) break;
        if (found.length > 0) best = found[found.length - 1];
    }
    if (!best) {
        const from = formatVersion(start);
        throw new InputError(
            "version",
            `no certificate in "${range}" found at ${displayUrl(certificateUrl(options.template ?? DEFAULT_CERTIFICATE_URL_TEMPLATE, from))} and the ${limit} patch versions from ${from}; give an exact version or a range with a closer lower bound (e.g. >=${start.major}.${start.minor}.20)`,
        );
    }
    return best;
}
