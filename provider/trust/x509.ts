/**
 * What a certificate says beyond Node's X509Certificate: the exact issuer and subject names,
 * the CA flag and key usage as written (or their absence), key identifiers, CRL distribution
 * points, and a verifier for signed DER structures (CRLs and CSRs) that Node has no class for.
 */
import * as crypto from "node:crypto";
import { InputError } from "../errors";
import { certificatePublicKey } from "../crypto/keys";
import { pemBlocks } from "../crypto/pem";
import {
    DerError,
    TAG,
    children,
    expectTag,
    readBitString,
    readIntegerHex,
    readOid,
    readOne,
    readTime,
    type DerElement,
} from "./der";

/** The key usages of RFC 5280, in bit order. */
export const KEY_USAGES = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
] as const;

/** One key usage name. */
export type KeyUsage = (typeof KEY_USAGES)[number];

/** The facts of one certificate, read from its DER. */
export interface CertificateFacts {
    /** Node's view of the certificate, for signature checks and its public key. */
    readonly x509: crypto.X509Certificate;
    /** The serial number, upper-case hex without leading zeros. */
    readonly serialNumber: string;
    /** The issuer name, as encoded (compared byte for byte with a CRL's issuer). */
    readonly issuerDer: Buffer;
    /** The subject name, as encoded. */
    readonly subjectDer: Buffer;
    /** The subject as `CN=…, O=…`, for messages. */
    readonly subject: string;
    /** The issuer, likewise. */
    readonly issuer: string;
    readonly notBefore: Date;
    readonly notAfter: Date;
    /** The basicConstraints extension, when present. */
    readonly basicConstraints?: { readonly ca: boolean };
    /** The keyUsage extension, when present. */
    readonly keyUsage?: ReadonlySet<KeyUsage>;
    /** The subjectKeyIdentifier extension's value, when present. */
    readonly subjectKeyIdentifier?: Buffer;
    /** The URIs of the cRLDistributionPoints extension. */
    readonly crlDistributionPoints: readonly string[];
}

const NAME_ATTRIBUTES: Record<string, string> = {
    "2.5.4.3": "CN",
    "2.5.4.5": "serialNumber",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "1.2.840.113549.1.9.1": "emailAddress",
};

/** A distinguished name as `CN=…, O=…`, most specific first as people read it. */
export function formatName(name: DerElement): string {
    const parts: string[] = [];
    for (const rdn of children(expectTag(name, TAG.SEQUENCE, "a name"))) {
        for (const attribute of children(rdn)) {
            const [type, value] = children(attribute);
            if (!value) throw new DerError("a name attribute has no value");
            const oid = readOid(type);
            parts.push(`${NAME_ATTRIBUTES[oid] ?? oid}=${readString(value)}`);
        }
    }
    return parts.reverse().join(", ");
}

function readString(element: DerElement): string {
    if (element.tag === 0x1e) {
        // BMPString: UCS-2, big-endian, two bytes a character.
        if (element.content.length % 2 !== 0) {
            throw new DerError("a BMPString has an odd number of bytes");
        }
        const swapped = Buffer.from(element.content);
        swapped.swap16();
        return swapped.toString("utf16le");
    }
    return element.content.toString(element.tag === TAG.UTF8_STRING ? "utf8" : "latin1");
}

/**
 * Reads a certificate (PEM, base64 of PEM, or DER) and its facts.
 *
 * @param field The input's name, for error messages.
 * @throws InputError when it is not an X.509 certificate.
 */
export function readCertificate(input: string | Buffer, field: string): CertificateFacts {
    let x509: crypto.X509Certificate;
    try {
        if (Buffer.isBuffer(input) && input[0] === TAG.SEQUENCE) {
            x509 = new crypto.X509Certificate(input);
        } else {
            const text = Buffer.isBuffer(input) ? input.toString("utf8") : input;
            const block = pemBlocks(text).find((b) => b.label === "CERTIFICATE");
            if (!block) throw new InputError(field, "holds no PEM certificate");
            x509 = new crypto.X509Certificate(block.text);
        }
        certificatePublicKey(x509, field);
    } catch (e) {
        if (InputError.isInstance(e)) throw e;
        throw new InputError(field, "holds a certificate that is not valid X.509");
    }
    try {
        return factsOf(x509);
    } catch (e) {
        if (e instanceof DerError) {
            throw new InputError(
                field,
                `holds a certificate this package cannot read: ${e.message}`,
            );
        }
        throw e;
    }
}

function factsOf(x509: crypto.X509Certificate): CertificateFacts {
    const [tbs] = children(readOne(x509.raw));
    const fields = children(expectTag(tbs, TAG.SEQUENCE, "the signed part"));
    // The version is an explicit [0] tag, present only for v2 and v3 certificates.
    const at = fields[0].tag === 0xa0 ? 1 : 0;
    const [serial, , issuer, validity, subject] = fields.slice(at);
    const [notBefore, notAfter] = children(validity);
    const extensions = fields.find((f) => f.tag === 0xa3);
    const facts = {
        x509,
        serialNumber: readIntegerHex(serial),
        issuerDer: issuer.raw,
        subjectDer: subject.raw,
        subject: formatName(subject),
        issuer: formatName(issuer),
        notBefore: readTime(notBefore),
        notAfter: readTime(notAfter),
        crlDistributionPoints: [] as string[],
    } as {
        -readonly [K in keyof CertificateFacts]: CertificateFacts[K];
    };
    for (const extension of extensions ? children(children(extensions)[0]) : []) {
        const parts = children(extension);
        const oid = readOid(parts[0]);
        const value = expectTag(parts[parts.length - 1], TAG.OCTET_STRING, "an extension value");
        readExtension(facts, oid, readOne(value.content));
    }
    return facts;
}

function readExtension(
    facts: { -readonly [K in keyof CertificateFacts]: CertificateFacts[K] },
    oid: string,
    value: DerElement,
): void {
    switch (oid) {
        case "2.5.29.19": {
            const first = children(value)[0];
            facts.basicConstraints = {
                ca: first?.tag === TAG.BOOLEAN && first.content[0] !== 0,
            };
            break;
        }
        case "2.5.29.15": {
            const bits = readBitString(value);
            const usages = KEY_USAGES.filter(
                (_, i) => ((bits[i >> 3] ?? 0) & (0x80 >> (i % 8))) !== 0,
            );
            facts.keyUsage = new Set(usages);
            break;
        }
        case "2.5.29.14":
            facts.subjectKeyIdentifier = expectTag(value, TAG.OCTET_STRING, "a key id").content;
            break;
        case "2.5.29.31":
            facts.crlDistributionPoints = uris(value);
            break;
    }
}

/** Every uniformResourceIdentifier (`[6]` IA5String) anywhere inside `element`. */
function uris(element: DerElement): string[] {
    if (element.tag === 0x86) return [element.content.toString("latin1")];
    if ((element.tag & 0x20) === 0) return [];
    return children(element).flatMap(uris);
}

const SIGNATURE_HASHES: Record<string, string> = {
    "1.2.840.113549.1.1.5": "sha1",
    "1.2.840.113549.1.1.11": "sha256",
    "1.2.840.113549.1.1.12": "sha384",
    "1.2.840.113549.1.1.13": "sha512",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
};

/**
 * Verifies a signed DER structure `SEQUENCE { signed, AlgorithmIdentifier, BIT STRING }`, the
 * layout of certificates, CRLs and CSRs.
 *
 * @returns whether the signature verifies under `publicKey`.
 * @throws DerError when the structure is malformed or the algorithm unsupported.
 */
export function verifySignedDer(signed: DerElement, publicKey: crypto.KeyObject): boolean {
    const [body, algorithm, signature] = children(
        expectTag(signed, TAG.SEQUENCE, "a signed structure"),
    );
    if (!body || !algorithm || !signature) throw new DerError("incomplete signed structure");
    const oid = readOid(children(algorithm)[0]);
    const hash = SIGNATURE_HASHES[oid];
    if (!hash) throw new DerError(`unsupported signature algorithm ${oid}`);
    try {
        return crypto.verify(hash, body.raw, publicKey, readBitString(signature));
    } catch {
        return false;
    }
}

/** Whether two keys are the same public key (compared as SPKI DER). */
export function samePublicKey(a: crypto.KeyObject, b: crypto.KeyObject): boolean {
    const spki = (k: crypto.KeyObject) =>
        (k.type === "private" ? crypto.createPublicKey(k) : k).export({
            type: "spki",
            format: "der",
        });
    return spki(a).equals(spki(b));
}
