/**
 * Encryption certificates by version: their validity status, and the download document that
 * maps versions to certificates (`{ "<version>": { cert, status, expiry_days, expiry_date } }`,
 * the shape IBM's tooling prints), from which a version range picks one.
 */
import * as YAML from "yaml";
import { CERTIFICATE_EXPIRY_WARNING_DAYS, daysUntil } from "../contract/rules-keys";
import { readYaml } from "../contract/yaml-text";
import { InputError } from "../errors";
import { maxSatisfying, parseRange, parseVersion } from "./semver";
import { readCertificate } from "./x509";

/** How a certificate stands: usable, usable but ending soon, or past its end. */
export type CertificateStatus = "valid" | "expiring" | "expired";

/** A certificate's validity on a given day. */
export interface CertificateValidity {
    readonly status: CertificateStatus;
    /** Whole days left, rounded down; negative once expired. */
    readonly daysLeft: number;
    /** Start of validity (ISO 8601). */
    readonly notBefore: string;
    /** End of validity (ISO 8601). */
    readonly notAfter: string;
    /** The subject, `CN=…, O=…`. */
    readonly subject: string;
    /** The serial number in upper-case hex. */
    readonly serialNumber: string;
    /** Where the issuer publishes its revocation list, when the certificate says. */
    readonly crlDistributionPoints: readonly string[];
}

/**
 * The validity of a certificate.
 *
 * @param certificate The certificate (PEM, base64 of PEM, or DER).
 * @param now The day to judge. Default: now.
 * @param expiringDays From how many days before the end the status is `expiring`. Default: 180,
 *   the warning period of IBM's tooling.
 * @throws InputError when it is not a certificate.
 */
export function certificateValidity(
    certificate: string | Buffer,
    now: Date = new Date(),
    expiringDays = CERTIFICATE_EXPIRY_WARNING_DAYS,
): CertificateValidity {
    const facts = readCertificate(certificate, "certificate");
    const daysLeft = daysUntil(facts.notAfter, now);
    const status: CertificateStatus =
        facts.notAfter <= now ? "expired" : daysLeft < expiringDays ? "expiring" : "valid";
    return {
        status,
        daysLeft,
        notBefore: facts.notBefore.toISOString(),
        notAfter: facts.notAfter.toISOString(),
        subject: facts.subject,
        serialNumber: facts.serialNumber,
        crlDistributionPoints: facts.crlDistributionPoints,
    };
}

/** One entry of a download document. */
export interface CertificateDocumentEntry {
    /** The certificate (PEM). */
    readonly cert: string;
    readonly status: CertificateStatus;
    /** Whole days left. */
    readonly expiry_days: number;
    /** End of validity (ISO 8601). */
    readonly expiry_date: string;
}

/** Certificates by version, as `download-certificate` prints them. */
export type CertificateDocument = Record<string, CertificateDocumentEntry>;

/** The download document for certificates by version, their status judged at `now`. */
export function certificateDocument(
    certificates: readonly { readonly version: string; readonly pem: string }[],
    now: Date = new Date(),
): CertificateDocument {
    const document: CertificateDocument = {};
    for (const { version, pem } of certificates) {
        const validity = certificateValidity(pem, now);
        document[version] = {
            cert: pem,
            status: validity.status,
            expiry_days: validity.daysLeft,
            expiry_date: validity.notAfter,
        };
    }
    return document;
}

/** The formats a download document is written in. */
export type DocumentFormat = "json" | "yaml" | "text";

/** Writes a download document; `text` gives each certificate after a line on its status. */
export function formatCertificateDocument(
    document: CertificateDocument,
    format: DocumentFormat,
): string {
    if (format === "json") return `${JSON.stringify(document, null, 2)}\n`;
    if (format === "yaml") return YAML.stringify(document, { lineWidth: 0 });
    return Object.entries(document)
        .map(
            ([version, e]) =>
                `# ${version}: ${e.status}, ${e.expiry_days} days left, until ${e.expiry_date}\n${e.cert}`,
        )
        .join("");
}

/**
 * Reads a download document in JSON or YAML, as this package or IBM's tooling wrote it (IBM
 * writes `expiry_days` as a string; both are accepted).
 *
 * @throws InputError when it is not such a document, or a key is not a version `M.m.p`.
 */
export function readCertificateDocument(text: string): Record<string, { cert: string }> {
    // readYaml, not YAML.parse: the latter prints warnings that quote the text.
    const read = readYaml(text, { path: "--in" });
    if (read.findings.length > 0) {
        throw new InputError("--in", `is neither JSON nor YAML: ${read.findings[0].message}`);
    }
    const parsed = read.value;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new InputError(
            "--in",
            "must map versions to certificates, as download-certificate prints",
        );
    }
    const out: Record<string, { cert: string }> = {};
    for (const [version, entry] of Object.entries(parsed)) {
        if (!parseVersion(version)) {
            throw new InputError(`--in: ${JSON.stringify(version)}`, "is not a version M.m.p");
        }
        const cert = (entry as { cert?: unknown } | null)?.cert;
        if (typeof cert !== "string") {
            throw new InputError(`--in: ${version}`, "has no cert text");
        }
        out[version] = { cert };
    }
    return out;
}

/** The certificate a range chooses, with its validity judged afresh. */
export interface ChosenCertificate {
    readonly version: string;
    readonly cert: string;
    readonly validity: CertificateValidity;
}

/**
 * Chooses the certificate of the highest version in `range` from a download document. Its
 * status is judged again at `now`, since a document may be older than the day of use.
 *
 * @throws InputError when the range is malformed or no version lies in it.
 */
export function chooseCertificate(
    document: Readonly<Record<string, { readonly cert: string }>>,
    range: string,
    now: Date = new Date(),
): ChosenCertificate {
    const version = maxSatisfying(Object.keys(document), parseRange(range));
    if (version === undefined) {
        const known = Object.keys(document).join(", ") || "none";
        throw new InputError("version", `"${range}" matches none of the versions given (${known})`);
    }
    const cert = document[version].cert;
    return { version, cert, validity: certificateValidity(cert, now) };
}
