/**
 * The encryption certificate for an image version or range, in one call: chosen from
 * certificates at hand, or downloaded (through the cache), with its status judged.
 */
import { certificateValidity, chooseCertificate, type CertificateStatus } from "./certificates";
import { InputError } from "../errors";
import { validateChain, type ChainInput } from "./chain";
import { downloadCertificateInRange, type RangeDownloadOptions } from "./download";

/** Options for {@link encryptionCertificateFor}. */
export interface EncryptionCertificateOptions extends RangeDownloadOptions {
    /**
     * Certificates by version to choose from instead of downloading: PEM texts, or the entries
     * of a `download-certificate` document (`{ cert }`). Default: download.
     */
    readonly certificates?: Readonly<Record<string, string | { readonly cert: string }>>;
    /**
     * The chain to validate the certificate against, as IBM's documentation describes it (IBM's
     * intermediate, DigiCert's intermediate, DigiCert's root, and revocation lists). Default:
     * no chain check.
     */
    readonly chain?: Omit<ChainInput, "certificate" | "now">;
    /** The day to judge the status and the chain. Default: now. */
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
    /** The chain validated, certificate first, when `chain` was given. */
    readonly chain?: readonly string[];
}

/**
 * The encryption certificate of the highest version in `range`: chosen among
 * `options.certificates`, or downloaded through the URL template (an exact version directly,
 * a range by probing upward from its lower bound; see `downloadCertificateInRange`).
 *
 * @param range A version (`1.0.29`) or range (`>=1.0.28`, `~1.0`, `1.0.x`).
 * @throws InputError when the range is malformed, no version in it has a certificate, a
 *   download fails, a given certificate is unreadable, or the chain, when given, fails.
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
        return withChain(describe(chosen.version, chosen.cert, "given", undefined, now), options);
    }
    const got = await downloadCertificateInRange(range, options);
    const source = got.fromCache ? "cache" : "download";
    return withChain(describe(got.version, got.pem, source, got.url, now), options);
}

function withChain(
    choice: EncryptionCertificateChoice,
    options: EncryptionCertificateOptions,
): EncryptionCertificateChoice {
    if (options.chain === undefined) return choice;
    const verdict = validateChain({
        ...options.chain,
        certificate: choice.certificate,
        now: options.now,
    });
    if (!verdict.valid) {
        throw new InputError(
            `encryption certificate ${choice.version}`,
            `fails its chain at the ${verdict.stage} stage: ${verdict.subject}: ${verdict.reason}`,
        );
    }
    return { ...choice, chain: verdict.chain.map((link) => link.subject) };
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
