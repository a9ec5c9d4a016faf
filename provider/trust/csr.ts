/**
 * Certificate signing requests for the contract signing key: made from a few subject fields
 * and signed with that key, or read from PEM and checked (its signature, and that it carries
 * the signing key).
 */
import * as crypto from "node:crypto";
import type * as Forge from "node-forge";
import type { SigningKey } from "../crypto/keys";
import { pemBlocks } from "../crypto/pem";
import { InputError } from "../errors";
import { DerError, TAG, children, expectTag, readOne } from "./der";
import { formatName, samePublicKey, verifySignedDer } from "./x509";

/**
 * The subject of a signing request, in the JSON keys IBM's tooling reads (`--csrParam`).
 * Only `domain`, the common name, is required.
 */
export interface CsrParameters {
    /** Two-letter country code. */
    readonly country?: string;
    readonly state?: string;
    /** The locality (city). */
    readonly location?: string;
    readonly org?: string;
    readonly unit?: string;
    /** The common name, used exactly as given. */
    readonly domain: string;
    /** An email address. */
    readonly mail?: string;
}

const PARAMETER_KEYS = ["country", "state", "location", "org", "unit", "domain", "mail"] as const;

/**
 * Reads CSR parameters from JSON text or a parsed object.
 *
 * @throws InputError when a key is unknown, a value is not a string, `domain` is missing or
 *   `country` is not two letters.
 */
export function readCsrParameters(input: string | unknown, field = "csrParameters"): CsrParameters {
    let value = input;
    if (typeof input === "string") {
        try {
            value = JSON.parse(input);
        } catch {
            throw new InputError(field, "is not JSON");
        }
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new InputError(field, `must be an object with the keys ${PARAMETER_KEYS.join(", ")}`);
    }
    const problems: string[] = [];
    const unknown: string[] = [];
    for (const [key, v] of Object.entries(value)) {
        if (!(PARAMETER_KEYS as readonly string[]).includes(key)) {
            unknown.push(key);
        } else if (typeof v !== "string") {
            problems.push(`${key} must be a string`);
        }
    }
    if (unknown.length > 0) {
        // A few names, each cut short: the message stays one readable line whatever the input.
        const named = unknown.slice(0, 3).map((k) => JSON.stringify(k.slice(0, 24)));
        const more = unknown.length > 3 ? ` and ${unknown.length - 3} more` : "";
        const are = unknown.length === 1 ? "is not a key" : "are not keys";
        problems.unshift(`${named.join(", ")}${more} ${are} (use ${PARAMETER_KEYS.join(", ")})`);
    }
    const params = value as Partial<CsrParameters>;
    if (typeof params.domain !== "string" || params.domain.trim() === "") {
        problems.push("domain (the common name) is required");
    }
    if (typeof params.country === "string" && !/^[A-Za-z]{2}$/.test(params.country)) {
        problems.push("country must be a two-letter code");
    }
    // An email address goes into an IA5String, which holds ASCII only.
    if (typeof params.mail === "string" && !/^[\x20-\x7e]*$/.test(params.mail)) {
        problems.push("mail must be an ASCII email address");
    }
    if (problems.length > 0) throw new InputError(field, problems.join("; "));
    return params as CsrParameters;
}

function forge(): typeof Forge {
    return require("node-forge");
}

/** The node-forge form of a private key, converted in memory only. */
export function forgePrivateKey(key: crypto.KeyObject): Forge.pki.rsa.PrivateKey {
    return forge().pki.privateKeyFromPem(key.export({ type: "pkcs1", format: "pem" }).toString());
}

/**
 * Makes a signing request for the signing key with the subject `params` (the common name is
 * `domain`, exactly), signed with SHA-256.
 *
 * @returns the request in PEM.
 */
export function createSigningRequest(params: CsrParameters, signer: SigningKey): string {
    const f = forge();
    const utf8 = f.asn1.Type.UTF8;
    const fields: [string, string | undefined, number][] = [
        ["C", params.country?.toUpperCase(), f.asn1.Type.PRINTABLESTRING],
        ["ST", params.state, utf8],
        ["L", params.location, utf8],
        ["O", params.org, utf8],
        ["OU", params.unit, utf8],
        ["CN", params.domain, utf8],
        ["E", params.mail, f.asn1.Type.IA5STRING],
    ];
    const csr = f.pki.createCertificationRequest();
    csr.publicKey = f.pki.publicKeyFromPem(signer.publicKeyPem);
    csr.setSubject(
        fields
            .filter(([, value]) => value !== undefined && value !== "")
            // node-forge encodes UTF8String values itself; encoding here too garbled any
            // non-ASCII subject (Böblingen became BÃ¶blingen).
            .map(([shortName, value, valueTagClass]) => ({
                shortName,
                value,
                valueTagClass,
            })) as Forge.pki.CertificateField[],
    );
    csr.sign(forgePrivateKey(signer.privateKey), f.md.sha256.create());
    return f.pki.certificationRequestToPem(csr).replace(/\r\n/g, "\n");
}

/** A signing request that has been read and checked. */
export interface SigningRequest {
    /** The request in PEM. */
    readonly pem: string;
    /** The subject, `CN=…, O=…`. */
    readonly subject: string;
    /** The public key it carries. */
    readonly publicKey: crypto.KeyObject;
    /** The subject in node-forge's form, for issuing a certificate. */
    readonly subjectFields: Forge.pki.CertificateField[];
}

/**
 * Reads a signing request in PEM and verifies its signature.
 *
 * @throws InputError when it is not a CSR, its signature does not verify (a damaged or
 *   altered request), or its key is not RSA.
 */
export function readSigningRequest(pem: string, field = "csr"): SigningRequest {
    const block = pemBlocks(pem).find(
        (b) => b.label === "CERTIFICATE REQUEST" || b.label === "NEW CERTIFICATE REQUEST",
    );
    if (!block) throw new InputError(field, "holds no PEM certificate request");
    const der = Buffer.from(block.text.replace(/-----[^-]+-----|\s+/g, ""), "base64");
    let subject: string;
    let publicKey: crypto.KeyObject;
    let verified: boolean;
    try {
        const signed = readOne(der);
        const info = children(expectTag(signed, TAG.SEQUENCE, "a request"))[0];
        const [, name, spki] = children(expectTag(info, TAG.SEQUENCE, "the request info"));
        if (!spki) throw new DerError("the request info has no public key");
        subject = formatName(name);
        publicKey = spkiKey(spki.raw);
        verified = verifySignedDer(signed, publicKey);
    } catch (e) {
        if (e instanceof DerError) {
            throw new InputError(
                field,
                "is not a valid certificate request (damaged or truncated)",
            );
        }
        throw e;
    }
    if (!verified) {
        throw new InputError(
            field,
            "has a signature that does not verify: the request was altered or damaged; make it again",
        );
    }
    if (publicKey.asymmetricKeyType !== "rsa") {
        throw new InputError(field, "carries a non-RSA key; contracts are signed with RSA keys");
    }
    // node-forge reads the DER that was verified, not the PEM text, whose stray characters
    // Node's base64 decoder skips but node-forge refuses.
    let subjectFields: Forge.pki.CertificateField[];
    try {
        const f = forge();
        const asn1 = f.asn1.fromDer(f.util.createBuffer(der.toString("binary")));
        subjectFields = f.pki.certificationRequestFromAsn1(asn1).subject.attributes;
    } catch {
        throw new InputError(field, "holds a certificate request this package cannot read");
    }
    return { pem: block.text, subject, publicKey, subjectFields };
}

/** The key of a SubjectPublicKeyInfo, or a DerError when it is damaged. */
function spkiKey(der: Buffer): crypto.KeyObject {
    try {
        return crypto.createPublicKey({ key: der, format: "der", type: "spki" });
    } catch {
        // Node 20 gives such errors an ERR_OSSL code, Node 22 none: any failure here is damage.
        throw new DerError("the request's public key cannot be read");
    }
}

/**
 * Fails unless the request carries the signing key's public key: a certificate for another
 * key would make the enclave reject the contract's signature.
 */
export function requireRequestForKey(
    request: SigningRequest,
    signer: SigningKey,
    field = "csr",
): void {
    if (!samePublicKey(request.publicKey, signer.privateKey)) {
        throw new InputError(
            field,
            `carries another public key than the signing key (subject ${request.subject}); make the request with the signing key`,
        );
    }
}
