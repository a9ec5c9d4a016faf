/**
 * Contract expiry: the signing key's public half goes into env as a certificate, issued by
 * the user's own CA for a number of days; the enclave refuses to boot the contract after the
 * certificate's end.
 */
import * as crypto from "node:crypto";
import { buildContract, type BuildOptions, type BuiltContract } from "../contract/assemble";
import { contractExpiryRules } from "../contract/rules-keys";
import { ContractValidationError, hasErrors, sortFindings } from "../contract/findings";
import type { ContractInput } from "../contract/validate";
import { readPrivateKey, readSigningKey, type SigningKey } from "../crypto/keys";
import { InputError } from "../errors";
import {
    createSigningRequest,
    forgePrivateKey,
    readSigningRequest,
    requireRequestForKey,
    type CsrParameters,
} from "./csr";
import { readCertificate, samePublicKey } from "./x509";

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
    if (input.signingKey === undefined) {
        throw new InputError(
            "signingKey",
            "is required for contract expiry: the certificate is issued for it",
        );
    }
    const signer = readSigningKey(input.signingKey, input.signingKeyPassword);
    const now = options.now ?? new Date();
    const { pem, notAfter, issued } = signingCertificateFor(expiry, signer, now);
    const expiryFindings = contractExpiryRules(notAfter, now, "env.signingKey");
    if (hasErrors(expiryFindings)) throw new ContractValidationError(expiryFindings);
    const built = await buildContract(input, {
        ...options,
        signer,
        signingKeyValue: Buffer.from(pem).toString("base64"),
    });
    return {
        ...built,
        findings: sortFindings([...built.findings, ...expiryFindings]),
        expiresAt: notAfter.toISOString(),
        signingCertificate: pem,
        issued,
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

/**
 * Whether a contract's signing certificate is due for renewal: it has expired, or fewer than
 * `renewWindowDays` days (to the millisecond) remain. A Pulumi program issues a new one at the
 * next update when this holds.
 *
 * @param notAfter The certificate's end (a Date or ISO text).
 * @throws Error when `renewWindowDays` is negative or not a number, or `notAfter` is no date.
 */
export function expiryNeedsRenewal(
    notAfter: Date | string,
    now: Date,
    renewWindowDays: number,
): boolean {
    if (!(renewWindowDays >= 0)) {
        throw new Error("renewWindowDays: must be zero or a positive number of days");
    }
    const end = typeof notAfter === "string" ? new Date(notAfter) : notAfter;
    if (Number.isNaN(end.getTime())) throw new Error("notAfter: is not a date");
    return end.getTime() - now.getTime() < renewWindowDays * DAY || end <= now;
}
