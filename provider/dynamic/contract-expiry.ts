/**
 * Contract expiry in the `Contract` resource: the `expiry` input checked at preview, the
 * signing certificate kept in state between updates, and its renewal. The rule is simple: a
 * new certificate is issued when the expiry inputs, the signing key or `rotate` change, or
 * when the renew window is reached; otherwise the kept one stays, and so does the env token.
 * What diff decides here is date arithmetic on the state: no key, no certificate, no network.
 */
import { BoundedMap } from "../memo";
import { CONTRACT_EXPIRY_WARNING_DAYS, contractExpiryRules } from "../contract/rules-keys";
import { finding, type Finding } from "../findings";
import { readSigningKey, type SigningKey } from "../crypto/keys";
import { InputError } from "../errors";
import { readCsrParameters } from "../trust/csr";
import {
    checkSigningCertificateInput,
    resolveSigningCertificate,
    type ResolvedSigningCertificate,
    type SigningCertificateInput,
} from "../trust/expiry";
import { renewalDecision, type RenewalDecision } from "../trust/renewal";
import { readCertificate } from "../trust/x509";
import { hasUnknown, isUnknown, logLine } from "./common";
import { deepEqual } from "./equal";

type Bag = Record<string, unknown>;

/** The `expiry` input of a `Contract`, as the provider receives it. */
export interface ContractExpiryInputs extends SigningCertificateInput {
    /** Renew once fewer days than this remain. Default: no automatic renewal. */
    readonly renewWithinDays?: number;
}

/** What the expiry keeps in state. */
export interface ExpiryState {
    /** The contract's expiry (ISO 8601), or null without one. */
    readonly expiresAt?: string | null;
    /** The signing certificate (PEM), or null without one. */
    readonly signingCertificate?: string | null;
}

const KEYS = ["caCertificate", "caKey", "caKeyPassword", "csrParameters", "csr", "days"];
const ALL_KEYS = [...KEYS, "renewWithinDays"];

/** The inputs whose change issues a new signing certificate. */
export const REISSUING_INPUTS = ["expiry", "signingKey", "rotate"] as const;

const isObject = (v: unknown): v is Bag => typeof v === "object" && v !== null && !Array.isArray(v);

/** The part of `expiry` that decides the certificate (all but the renew window), or null. */
export function issuanceOf(expiry: unknown): unknown {
    if (expiry === undefined || expiry === null) return null;
    if (!isObject(expiry)) return expiry;
    return Object.fromEntries(KEYS.map((k) => [k, expiry[k] ?? null]));
}

/**
 * Findings on the `expiry` input at preview. When a certificate will be issued (a new
 * resource, or the expiry inputs, signing key or `rotate` changed since `olds`), everything
 * issuing takes is checked as issuing would: the days, the CA (not expired, a CA, its key
 * matching and readable with its password), and the request (carrying the signing key). When
 * the kept certificate stays, only the shape is checked, and an expired CA is a warning.
 */
export function checkExpiry(olds: Bag, news: Bag, now: Date): Finding[] {
    const expiry = news.expiry;
    if (expiry === undefined || expiry === null || isUnknown(expiry)) return [];
    const findings: Finding[] = [];
    const error = (field: string, message: string) =>
        findings.push(finding("EXPIRY_INVALID", "error", `expiry.${field}`, message));
    if (!isObject(expiry)) {
        return [
            finding(
                "EXPIRY_INVALID",
                "error",
                "expiry",
                "must be an object with caCertificate, caKey, days and csrParameters or csr",
            ),
        ];
    }
    for (const key of Object.keys(expiry).filter((k) => !ALL_KEYS.includes(k))) {
        error(key, `is not an expiry input; use ${ALL_KEYS.join(", ")}`);
    }
    for (const key of ["caCertificate", "caKey", "days"]) {
        if (expiry[key] === undefined || expiry[key] === "") error(key, "is required");
    }
    const { days, renewWithinDays: window } = expiry;
    if (days !== undefined && !isUnknown(days) && !(Number.isInteger(days) && Number(days) > 0)) {
        error("days", "must be a positive whole number of days");
    }
    if (window !== undefined && !isUnknown(window)) {
        if (typeof window !== "number" || !(window >= 0)) {
            error("renewWithinDays", "must be zero or a positive number of days");
        } else if (typeof days === "number" && window >= days) {
            error(
                "renewWithinDays",
                `is ${window}, not under days (${days}): every update would issue a new certificate`,
            );
        }
    }
    if ((expiry.csrParameters === undefined) === (expiry.csr === undefined)) {
        error("csr", "give either csrParameters or csr (a PEM request), not both or neither");
    }
    if (news.signingKey === undefined || news.signingKey === "") {
        findings.push(
            finding(
                "EXPIRY_INVALID",
                "error",
                "expiry",
                "needs signingKey: the certificate is issued for the contract's signing key",
            ),
        );
    }
    if (findings.length > 0 || hasUnknown([expiry, news.signingKey, news.signingKeyPassword])) {
        return findings;
    }
    if (!issuing(olds, news)) return caDateWarnings(expiry, now);
    let signer: SigningKey;
    try {
        signer = readSigningKey(String(news.signingKey), news.signingKeyPassword as string);
    } catch {
        return []; // validation reports the signing key
    }
    try {
        checkSigningCertificateInput(
            {
                ...(expiry as unknown as ContractExpiryInputs),
                csrParameters:
                    expiry.csrParameters === undefined
                        ? undefined
                        : readCsrParameters(expiry.csrParameters, "csrParameters"),
            },
            signer,
            now,
        );
    } catch (e) {
        if (!InputError.isInstance(e)) throw e;
        error(e.field, e.reason);
        return findings;
    }
    if (Number(days) < CONTRACT_EXPIRY_WARNING_DAYS) {
        findings.push(
            finding(
                "CONTRACT_EXPIRING",
                "warning",
                "expiry.days",
                `is ${days}: each signing certificate makes the contract expire within ${CONTRACT_EXPIRY_WARNING_DAYS} days; give more days, or renew in time`,
                "HPL12006E",
            ),
        );
    }
    return findings;
}

/**
 * Check failures on `expiry` with no property named: the engine prints the value of a failing
 * property, and the CA key, its password and the PEM texts have no place in that line. The
 * reason names the path anyway.
 */
export function expiryFailuresUnnamed<T extends { property: string }>(failures: T[]): T[] {
    return failures.map((f) =>
        f.property === "expiry" || f.property.startsWith("expiry.") ? { ...f, property: "" } : f,
    );
}

/** Whether the inputs ask for a new signing certificate compared with the previous ones. */
function issuing(olds: Bag, news: Bag): boolean {
    if (Object.keys(olds).length === 0) return true;
    return (
        !deepEqual(issuanceOf(olds.expiry), issuanceOf(news.expiry)) ||
        !deepEqual(olds.signingKey, news.signingKey) ||
        !deepEqual(olds.rotate, news.rotate)
    );
}

/**
 * Warnings that time alone brings about for a kept certificate's CA: it has expired, so the
 * next certificate cannot be issued from it.
 */
export function caDateWarnings(expiry: unknown, now: Date): Finding[] {
    if (!isObject(expiry) || typeof expiry.caCertificate !== "string") return [];
    try {
        const notAfter = caNotAfter(expiry.caCertificate);
        if (notAfter > now) return [];
        const date = notAfter.toISOString().slice(0, 10);
        return [
            finding(
                "EXPIRY_INVALID",
                "warning",
                "expiry.caCertificate",
                `expired on ${date} (CA expired): the contract keeps its signing certificate, but no new one can be issued from this CA; renew the CA before the contract is due`,
            ),
        ];
    } catch {
        return [];
    }
}

const caDates = new BoundedMap<string, Date>(16, 1 << 20, (text) => text.length);

/**
 * The CA certificate's end of validity, read once per process: every preview asks again, and a
 * preview of unchanged resources parses nothing twice.
 */
function caNotAfter(text: string): Date {
    return caDates.get(text) ?? caDates.set(text, readCertificate(text, "caCertificate").notAfter);
}

/** The renew window of the inputs, when set and known. */
function renewWindow(news: Bag): number | undefined {
    const window = isObject(news.expiry) ? news.expiry.renewWithinDays : undefined;
    return typeof window === "number" ? window : undefined;
}

/** Whether the kept certificate stays in question: expiry set and known, one kept in state. */
function keeping(state: ExpiryState, news: Bag, changed: readonly string[]): boolean {
    return (
        isObject(news.expiry) &&
        !hasUnknown(news.expiry) &&
        typeof state.expiresAt === "string" &&
        !changed.some((c) => (REISSUING_INPUTS as readonly string[]).includes(c))
    );
}

/** The decision on the kept certificate, when one stays in question (see `keeping`). */
function keptDecision(
    state: ExpiryState,
    news: Bag,
    changed: readonly string[],
    now: Date,
): RenewalDecision | undefined {
    if (!keeping(state, news, changed)) return undefined;
    return renewalDecision(state.expiresAt!, now, renewWindow(news));
}

/** Whether the renew window is reached for a certificate that would otherwise be kept. */
export function renewalDue(...args: Parameters<typeof keptDecision>): boolean {
    return keptDecision(...args)?.action === "renew";
}

/**
 * What a preview says of the kept certificate: a renewal is logged, an expiry within 30 days
 * is a warning, and an expiry already past without a renew window is refused.
 *
 * @returns whether a new certificate is issued at the update.
 * @throws Error when the kept certificate has expired and nothing renews it.
 */
export function previewExpiry(
    name: string,
    state: ExpiryState,
    news: Bag,
    changed: readonly string[],
    now: Date,
): boolean {
    const d = keptDecision(state, news, changed, now);
    if (d === undefined) return false;
    const window = renewWindow(news);
    const date = d.expiresAt.slice(0, 10);
    if (d.action === "renew") {
        logLine(
            `info: ${name}: the contract expires on ${date} (${d.daysLeft} days left), within the renew window of ${window} days; a new signing certificate is issued`,
        );
        return true;
    }
    if (d.action === "expired") {
        throw new Error(
            `${name}: expiry: the contract expired on ${date} and instances refuse to boot it (HPL12007E); change rotate, set expiry.renewWithinDays, or change expiry.days to issue a new signing certificate`,
        );
    }
    for (const f of contractExpiryRules(new Date(d.expiresAt), now, "expiry")) {
        logLine(
            `warning: ${name}: ${f.severity} ${f.code} ${f.path}: ${f.message}, or set expiry.renewWithinDays (enclave: ${f.hpl})`,
        );
    }
    return false;
}

/**
 * The signing certificate a build uses: a new one when the expiry inputs, signing key or
 * `rotate` changed, none is kept, or the renew window is reached; otherwise the kept one.
 *
 * @returns undefined when the contract has no expiry.
 * @throws InputError as issuing does.
 */
export function signingCertificateForBuild(
    news: Bag,
    previous: ExpiryState | undefined,
    changed: readonly string[],
    now: Date,
): ResolvedSigningCertificate | undefined {
    const expiry = news.expiry;
    if (!isObject(expiry)) return undefined;
    const kept = previous?.signingCertificate;
    const reuse =
        typeof kept === "string" &&
        keeping(previous!, news, changed) &&
        !renewalDue(previous!, news, changed, now);
    const given = expiry as unknown as ContractExpiryInputs;
    try {
        return resolveSigningCertificate(
            {
                signingKey: news.signingKey as string | undefined,
                signingKeyPassword: news.signingKeyPassword as string | undefined,
            },
            reuse
                ? { signingCertificate: kept }
                : {
                      ...given,
                      csrParameters:
                          given.csrParameters === undefined
                              ? undefined
                              : readCsrParameters(given.csrParameters, "csrParameters"),
                  },
            now,
            "expiry",
        );
    } catch (e) {
        // The resource's inputs are named from its top: `expiry.caKey`, not `caKey`.
        if (!InputError.isInstance(e) || e.field.startsWith("signingKey")) throw e;
        throw new InputError(`expiry.${e.field}`, e.reason);
    }
}
