/**
 * The encryption certificate for an image version or range, in one call: chosen from
 * certificates at hand, or downloaded (through the cache), with its status judged.
 */
import { certificateValidity, chooseCertificate, type CertificateStatus } from "./certificates";
import { downloadCertificateInRange, type RangeDownloadOptions } from "./download";

/** Options for {@link encryptionCertificateFor}. */
export interface EncryptionCertificateOptions extends RangeDownloadOptions {
    /**
     * Certificates by version to choose from instead of downloading: PEM texts, or the entries
     * of a `download-certificate` document (`{ cert }`). Default: download.
     */
    readonly certificates?: Readonly<Record<string, string | { readonly cert: string }>>;
    /** The day to judge the status. Default: now. */
    readonly now?: Date;
}

/** The encryption certificate chosen for a version or range. */
export interface EncryptionCertificateChoice {
    /** The version `M.m.p` chosen. */
    readonly version: string;
    /** The certificate (PEM). */
    readonly certificate: string;
    /** `valid`, `expiring` (within 180 days) or `expired`. */
    readonly status: CertificateStatus;
    /** Whole days left; negative once expired. */
    readonly daysLeft: number;
    /** End of validity (ISO 8601). */
    readonly notAfter: string;
    /** The certificate's subject. */
    readonly subject: string;
    /** Where it came from: given, downloaded, or the download cache. */
    readonly source: "given" | "download" | "cache";
    /** The URL it was downloaded from (without credentials or query), when downloaded. */
    readonly url?: string;
}

/**
 * The encryption certificate of the highest version in `range`: chosen among
 * `options.certificates`, or downloaded through the URL template (an exact version directly,
 * a range by probing upward from its lower bound; see `downloadCertificateInRange`).
 *
 * @param range A version (`1.0.29`) or range (`>=1.0.28`, `~1.0`, `1.0.x`).
 * @throws InputError when the range is malformed, no version in it has a certificate, a
 *   download fails, or a given certificate is unreadable.
 */
export async function encryptionCertificateFor(
    range: string,
    options: EncryptionCertificateOptions = {},
): Promise<EncryptionCertificateChoice> {
    const now = options.now ?? new Date();
    if (options.certificates !== undefined) {
        const document = Object.fromEntries(
            Object.entries(options.certificates).map(([version, entry]) => [
                version,
                { cert: typeof entry === "string" ? entry : entry.cert },
            ]),
        );
        const chosen = chooseCertificate(document, range, now);
        return describe(chosen.version, chosen.cert, "given", undefined, now);
    }
    const got = await downloadCertificateInRange(range, options);
    return describe(got.version, got.pem, got.fromCache ? "cache" : "download", got.url, now);
}

function describe(
    version: string,
    certificate: string,
    source: EncryptionCertificateChoice["source"],
    url: string | undefined,
    now: Date,
): EncryptionCertificateChoice {
    const v = certificateValidity(certificate, now);
    return {
        version,
        certificate,
        status: v.status,
        daysLeft: v.daysLeft,
        notAfter: v.notAfter,
        subject: v.subject,
        source,
        ...(url !== undefined ? { url } : {}),
    };
}
