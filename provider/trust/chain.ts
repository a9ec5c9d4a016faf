/**
 * Validating the chain of an IBM encryption or attestation certificate, as IBM's documentation
 * describes it: the certificate, IBM's intermediate, DigiCert's intermediate and DigiCert's
 * root. Each link's issuer name, signature and CA flags are checked, every certificate's dates,
 * and, where revocation lists are given, that none of them revokes a certificate of the chain.
 */
import { DerError } from "./der";
import { readRevocationList, revocationDate, type RevocationList } from "./crl";
import { readCertificate, verifySignedDer, type CertificateFacts } from "./x509";

/** The stage at which a chain fails. */
export type ChainStage =
    /** A certificate was not issued by the next one (names or key identifiers differ). */
    | "issuer"
    /** A certificate's signature does not verify with its issuer's key. */
    | "signature"
    /** An issuer is not allowed to issue certificates. */
    | "ca"
    /** The root is not self-signed. */
    | "root"
    /** A certificate is not valid on the day judged. */
    | "dates"
    /** A revocation list is not usable: wrong issuer, bad signature, stale. */
    | "crl"
    /** A revocation list revokes a certificate of the chain. */
    | "revoked";

/** One certificate of the chain. */
export interface ChainLink {
    readonly subject: string;
    readonly issuer: string;
    readonly serialNumber: string;
    readonly notBefore: string;
    readonly notAfter: string;
}

/** The outcome of a revocation check. */
export interface RevocationCheck {
    /** The certificate checked. */
    readonly subject: string;
    /** The list's issuer. */
    readonly crlIssuer: string;
    readonly status: "good" | "revoked";
    /** When it was revoked (ISO 8601). */
    readonly revokedAt?: string;
}

/** The verdict on a chain. */
export interface ChainVerdict {
    readonly valid: boolean;
    /** Where it failed. */
    readonly stage?: ChainStage;
    /** The certificate (or list) at fault. */
    readonly subject?: string;
    /** One sentence on what is wrong. */
    readonly reason?: string;
    /** The chain, certificate first, root last. */
    readonly chain: readonly ChainLink[];
    /** The revocation checks done, in order. */
    readonly revocation: readonly RevocationCheck[];
}

/** The input of {@link validateChain}. */
export interface ChainInput {
    /** The certificate to validate (PEM, base64 of PEM, or DER). */
    readonly certificate: string | Buffer;
    /** The intermediates from the certificate's issuer upward: IBM's, then DigiCert's. */
    readonly intermediates: readonly (string | Buffer)[];
    /** The root, trusted as given. */
    readonly root: string | Buffer;
    /** Revocation lists (PEM or DER) of any issuer of the chain. */
    readonly crls?: readonly (string | Buffer)[];
    /** The day to judge. Default: now. */
    readonly now?: Date;
}

/**
 * Validates a certificate chain. Inputs that are no certificate or CRL throw; every other
 * problem comes back as the verdict's stage and reason, the first one found from the
 * certificate toward the root.
 *
 * @throws InputError when an input is not a certificate or a CRL.
 */
export function validateChain(input: ChainInput): ChainVerdict {
    const now = input.now ?? new Date();
    const certs = [
        readCertificate(input.certificate, "certificate"),
        ...input.intermediates.map((c, i) => readCertificate(c, `intermediate ${i + 1}`)),
        readCertificate(input.root, "root"),
    ];
    const crls = (input.crls ?? []).map((c, i) => readRevocationList(c, `crl ${i + 1}`));
    const chain = certs.map(link);
    const revocation: RevocationCheck[] = [];
    const fail = (stage: ChainStage, subject: string, reason: string): ChainVerdict => ({
        valid: false,
        stage,
        subject,
        reason,
        chain,
        revocation,
    });

    for (let i = 0; i < certs.length; i++) {
        const cert = certs[i];
        const issuer = certs[i + 1] ?? cert;
        const isRoot = i === certs.length - 1;
        if (!cert.x509.checkIssued(issuer.x509)) {
            return isRoot
                ? fail(
                      "root",
                      cert.subject,
                      "is not self-signed; give the trust anchor as the root",
                  )
                : fail(
                      "issuer",
                      cert.subject,
                      `names ${cert.issuer} as its issuer, which the next certificate (${issuer.subject}) is not`,
                  );
        }
        if (!cert.x509.verify(issuer.x509.publicKey)) {
            return fail(
                isRoot ? "root" : "signature",
                cert.subject,
                `has a signature that does not verify with the key of ${issuer.subject}`,
            );
        }
        if (i > 0) {
            const problem = caProblem(cert, isRoot);
            if (problem) return fail("ca", cert.subject, problem);
        }
    }
    for (const cert of certs) {
        if (now < cert.notBefore) {
            return fail(
                "dates",
                cert.subject,
                `is not valid before ${cert.notBefore.toISOString()}`,
            );
        }
        if (now > cert.notAfter) {
            return fail("dates", cert.subject, `expired on ${cert.notAfter.toISOString()}`);
        }
    }
    for (const crl of crls) {
        const at = certs.findIndex((c, i) => i > 0 && c.subjectDer.equals(crl.issuerDer));
        if (at < 0) {
            return fail("crl", crl.issuer, "issued a revocation list for no issuer of this chain");
        }
        const problem = crlProblem(crl, certs[at], now);
        if (problem) return fail("crl", crl.issuer, problem);
        const subject = certs[at - 1];
        const revokedAt = revocationDate(crl, subject.serialNumber);
        revocation.push({
            subject: subject.subject,
            crlIssuer: crl.issuer,
            status: revokedAt ? "revoked" : "good",
            ...(revokedAt ? { revokedAt: revokedAt.toISOString() } : {}),
        });
        if (revokedAt) {
            return fail(
                "revoked",
                subject.subject,
                `was revoked on ${revokedAt.toISOString()} by ${crl.issuer} (serial ${subject.serialNumber})`,
            );
        }
    }
    return { valid: true, chain, revocation };
}

function link(c: CertificateFacts): ChainLink {
    return {
        subject: c.subject,
        issuer: c.issuer,
        serialNumber: c.serialNumber,
        notBefore: c.notBefore.toISOString(),
        notAfter: c.notAfter.toISOString(),
    };
}

/** Why an issuer may not issue certificates, if it may not. */
function caProblem(cert: CertificateFacts, isRoot: boolean): string | undefined {
    // A root of the X.509 v1 era has no extensions; trusting it as given is the caller's call.
    if (!cert.basicConstraints && !isRoot) {
        return "issues certificates but has no basicConstraints extension marking it a CA";
    }
    if (cert.basicConstraints && !cert.basicConstraints.ca) {
        return "issues certificates but its basicConstraints say it is not a CA";
    }
    if (cert.keyUsage && !cert.keyUsage.has("keyCertSign")) {
        return "issues certificates but its keyUsage lacks keyCertSign";
    }
    return undefined;
}

/** Why a revocation list cannot be relied on, if it cannot. */
function crlProblem(crl: RevocationList, issuer: CertificateFacts, now: Date): string | undefined {
    if (issuer.keyUsage && !issuer.keyUsage.has("cRLSign")) {
        return "comes from an issuer whose keyUsage lacks cRLSign";
    }
    let verified: boolean;
    try {
        verified = verifySignedDer(crl.signed, issuer.x509.publicKey);
    } catch (e) {
        if (e instanceof DerError) return `cannot be checked: ${e.message}`;
        throw e;
    }
    if (!verified) return "has a signature that does not verify with its issuer's key";
    if (now < crl.thisUpdate) return `is not valid before ${crl.thisUpdate.toISOString()}`;
    if (crl.nextUpdate && now > crl.nextUpdate) {
        return `is stale: its next update was due on ${crl.nextUpdate.toISOString()}; fetch a current list`;
    }
    return undefined;
}
