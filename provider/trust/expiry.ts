/**
 * Contract expiry: the signing key's public half goes into env as a certificate, issued by
 * the user's own CA for a number of days; the enclave refuses to boot the contract after the
 * certificate's end.
 */
import * as crypto from "node:crypto";
import { buildContract, type BuildOptions, type BuiltContract } from "../contract/assemble";
import { contractExpiryRules } from "../contract/rules-keys";
import { ContractValidationError, hasErrors, sortFindings, type Finding } from "../findings";
import type { ContractInput } from "../contract/validate";
import { readPrivateKey, readSigningKey, type SigningKey } from "../crypto/keys";
import { InputError } from "../errors";
import {
    createSigningRequest,
    forgePrivateKey,
    readSigningRequest,
    requireRequestForKey,
    type CsrParameters,
    type SigningRequest,
} from "./csr";
import { readCertificate, samePublicKey, type CertificateFacts } from "./x509";

const DAY = 24 * 60 * 60 * 1000;

/** What issuing a signing certificate takes. Give exactly one of `csrParameters` and `csr`. */
export interface SigningCertificateInput {
    /** The CA's certificate (PEM). */
    readonly caCertificate: string;
    /** The CA's private key (PEM). Secret. */
    readonly caKey: string;
    /** The password of an encrypted `caKey`. Secret. */
    readonly caKeyPassword?: string;
    /** The subject of a request to make with the signing key. */
    readonly csrParameters?: CsrParameters;
    /** A request (PEM) made elsewhere with the signing key. */
    readonly csr?: string;
    /** How many days the contract stays valid: a positive whole number. */
    readonly days: number;
}

/** A certificate issued for the signing key. */
export interface IssuedCertificate {
    /** The certificate (PEM). */
    readonly pem: string;
    readonly subject: string;
    readonly issuer: string;
    readonly serialNumber: string;
    readonly notBefore: Date;
    /** The contract's expiry. */
    readonly notAfter: Date;
}

/** The CA and the request of an issuance, read and checked. */
export interface CheckedIssuance {
    /** The CA certificate's facts. */
    readonly ca: CertificateFacts;
    /** The CA's private key, decrypted in memory. */
    readonly caKey: crypto.KeyObject;
    /** The request the certificate is issued for. */
    readonly request: SigningRequest;
}

/**
 * Checks what issuing a signing certificate takes, without issuing one: the days, the CA (not
 * expired, not yet to begin, a CA, its key matching and decryptable) and the request (intact,
 * carrying the signing key's public key). A preview runs this; {@link issueSigningCertificate}
 * runs it too.
 *
 * @throws InputError naming the input at fault, as {@link issueSigningCertificate} lists.
 */
export function checkSigningCertificateInput(
    input: SigningCertificateInput,
    signer: SigningKey,
    now: Date = new Date(),
): CheckedIssuance {
    if (!Number.isInteger(input.days) || input.days <= 0) {
        throw new InputError("days", "must be a positive whole number of days");
    }
    if ((input.csrParameters === undefined) === (input.csr === undefined)) {
        throw new InputError(
            "csr",
            "give either csrParameters or csr (a PEM request), not both or neither",
        );
    }
    const ca = readCertificate(input.caCertificate, "caCertificate");
    const date = (d: Date) => d.toISOString().slice(0, 10);
    if (ca.notAfter <= now) {
        throw new InputError(
            "caCertificate",
            `expired on ${date(ca.notAfter)} (CA expired); renew the CA certificate or use another CA`,
        );
    }
    if (now < ca.notBefore) {
        throw new InputError("caCertificate", `is not valid before ${date(ca.notBefore)}`);
    }
    if (ca.basicConstraints && !ca.basicConstraints.ca) {
        throw new InputError(
            "caCertificate",
            "is not a CA certificate (its basicConstraints say CA:FALSE)",
        );
    }
    if (ca.keyUsage && !ca.keyUsage.has("keyCertSign")) {
        throw new InputError(
            "caCertificate",
            "may not sign certificates (its keyUsage lacks keyCertSign)",
        );
    }
    const caKey = readPrivateKey(input.caKey, input.caKeyPassword, "caKey");
    if (!samePublicKey(caKey, ca.x509.publicKey)) {
        throw new InputError(
            "caKey",
            "is not the key of caCertificate; give the CA's own private key",
        );
    }
    const request = readSigningRequest(
        input.csr ?? createSigningRequest(input.csrParameters!, signer),
        "csr",
    );
    requireRequestForKey(request, signer);
    return { ca, caKey, request };
}

/**
 * Issues the signing certificate: an X.509 v3 certificate for the signing key, signed by the
 * CA with SHA-256, valid from `now` for `days` days, with the request's subject, the CA's
 * subject as issuer, and key usage digitalSignature.
 *
 * @throws InputError when `days` is not a positive whole number, neither or both of
 *   `csrParameters` and `csr` are given, the request is damaged or carries another key, the CA
 *   certificate is expired, not yet valid or not a CA, or the CA key does not match it or
 *   cannot be decrypted.
 */
export function issueSigningCertificate(
    input: SigningCertificateInput,
    signer: SigningKey,
    now: Date = new Date(),
): IssuedCertificate {
    const { ca, caKey, request } = checkSigningCertificateInput(input, signer, now);
    const forge: typeof import("node-forge") = require("node-forge");
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(signer.publicKeyPem);
    // Sixteen random bytes with the top bit clear: a positive serial no one can predict.
    const serial = crypto.randomBytes(16);
    serial[0] = (serial[0] & 0x7f) | 0x01;
    cert.serialNumber = serial.toString("hex");
    const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
    cert.validity.notBefore = notBefore;
    cert.validity.notAfter = new Date(notBefore.getTime() + input.days * DAY);
    cert.setSubject(request.subjectFields);
    cert.setIssuer(forge.pki.certificateFromPem(ca.x509.toString()).subject.attributes);
    cert.setExtensions([
        { name: "basicConstraints", cA: false, critical: true },
        { name: "keyUsage", digitalSignature: true, critical: true },
        { name: "subjectKeyIdentifier" },
        // Lets path builders find the CA by key, as they prefer when names are ambiguous.
        ...(ca.subjectKeyIdentifier
            ? [
                  {
                      name: "authorityKeyIdentifier",
                      keyIdentifier: ca.subjectKeyIdentifier.toString("binary"),
                  },
              ]
            : []),
    ]);
    cert.sign(forgePrivateKey(caKey), forge.md.sha256.create());
    const pem = forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n");
    const issued = readCertificate(pem, "signingCertificate");
    return {
        pem,
        subject: issued.subject,
        issuer: issued.issuer,
        serialNumber: issued.serialNumber,
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
    };
}

/**
 * Contract expiry for {@link buildContractWithExpiry}: what issuing takes, or a certificate
 * issued earlier to reuse.
 */
export interface ContractExpiryInput extends Partial<SigningCertificateInput> {
    /**
     * A signing certificate issued earlier for the same signing key, to keep (a Pulumi stack
     * keeps it between updates until it is due for renewal). When given, nothing is issued
     * and the CA inputs are not read.
     */
    readonly signingCertificate?: string;
}

/** A contract built with an expiry date. */
export interface ContractWithExpiry extends BuiltContract {
    /** When the enclave stops accepting the contract (ISO 8601). */
    readonly expiresAt: string;
    /** The signing certificate (PEM) in `env.signingKey`. */
    readonly signingCertificate: string;
    /** Whether the certificate was issued by this call (rather than reused). */
    readonly issued: boolean;
}

/** The signing certificate a contract gets, issued now or kept from earlier. */
export interface ResolvedSigningCertificate {
    /** The signing key, read. */
    readonly signer: SigningKey;
    /** The certificate (PEM). */
    readonly pem: string;
    /** The contract's expiry: the certificate's end. */
    readonly notAfter: Date;
    /** Whether it was issued by this call (rather than reused). */
    readonly issued: boolean;
    /** `CONTRACT_EXPIRING` within 30 days; `CONTRACT_EXPIRED` once past (an error). */
    readonly findings: readonly Finding[];
}

/**
 * The signing certificate for a contract: issues one from the CA inputs, or keeps
 * `expiry.signingCertificate` after checking that it is for the signing key. No contract is
 * built; `buildContractWithExpiry` and the `Contract` resource build with the result.
 *
 * @param path Where findings on the expiry point. Default: `env.signingKey`.
 * @throws InputError as {@link issueSigningCertificate} does, when the signing key is missing
 *   or unreadable, or when a kept certificate is not for the signing key.
 */
export function resolveSigningCertificate(
    input: Pick<ContractInput, "signingKey" | "signingKeyPassword">,
    expiry: ContractExpiryInput,
    now: Date = new Date(),
    path = "env.signingKey",
): ResolvedSigningCertificate {
    if (input.signingKey === undefined) {
        throw new InputError(
            "signingKey",
            "is required for contract expiry: the certificate is issued for it",
        );
    }
    const signer = readSigningKey(input.signingKey, input.signingKeyPassword);
    const { pem, notAfter, issued } = signingCertificateFor(expiry, signer, now);
    return { signer, pem, notAfter, issued, findings: contractExpiryRules(notAfter, now, path) };
}

/**
 * Builds a contract that expires: issues the signing certificate (or reuses one), writes
 * base64 of its PEM into `env.signingKey`, then validates, encrypts and signs as
 * `buildContract` does. An expiry within 30 days is a warning (HPL12006E); one already past
 * is an error (HPL12007E).
 *
 * @param input The contract; `signingKey` is required, since the certificate is for it.
 * @throws ContractValidationError when validation finds errors or the expiry has passed.
 * @throws InputError as {@link issueSigningCertificate} does, or when a reused certificate
 *   is not for the signing key.
 */
export async function buildContractWithExpiry(
    input: ContractInput,
    expiry: ContractExpiryInput,
    options: BuildOptions = {},
): Promise<ContractWithExpiry> {
    const now = options.now ?? new Date();
    const resolved = resolveSigningCertificate(input, expiry, now);
    if (hasErrors(resolved.findings)) throw new ContractValidationError(resolved.findings);
    const built = await buildContract(input, {
        ...options,
        signer: resolved.signer,
        signingKeyValue: Buffer.from(resolved.pem).toString("base64"),
    });
    return {
        ...built,
        findings: sortFindings([...built.findings, ...resolved.findings]),
        expiresAt: resolved.notAfter.toISOString(),
        signingCertificate: resolved.pem,
        issued: resolved.issued,
    };
}

function signingCertificateFor(
    expiry: ContractExpiryInput,
    signer: SigningKey,
    now: Date,
): { pem: string; notAfter: Date; issued: boolean } {
    if (expiry.signingCertificate !== undefined) {
        const cert = readCertificate(expiry.signingCertificate, "signingCertificate");
        if (!samePublicKey(cert.x509.publicKey, signer.privateKey)) {
            throw new InputError(
                "signingCertificate",
                "is not a certificate for the signing key; issue a new one",
            );
        }
        return { pem: cert.x509.toString(), notAfter: cert.notAfter, issued: false };
    }
    const missing = (["caCertificate", "caKey", "days"] as const).filter(
        (k) => expiry[k] === undefined,
    );
    if (missing.length > 0) {
        throw new InputError(
            "contractExpiry",
            `needs ${missing.join(", ")} to issue the signing certificate`,
        );
    }
    const cert = issueSigningCertificate(expiry as SigningCertificateInput, signer, now);
    return { pem: cert.pem, notAfter: cert.notAfter, issued: true };
}
