/**
 * Reading the keys and certificates a contract needs: the enclave's encryption certificate (or
 * bare public key), the signing key, and public keys given as PEM or base64 of PEM.
 */
import * as crypto from "node:crypto";
import { InputError } from "../errors";
import { BoundedMap } from "../memo";
import { pemBlocks } from "./pem";

// A fleet's contracts share their certificate and signing key: each is parsed once per
// process. Certificates are kept by their text (it is public); private keys by a SHA-256 of
// their text and password, so that no secret text is kept as a key.
const encryptionKeys = new BoundedMap<string, EncryptionKey>(16, 1 << 20, (text) => text.length);
const privateKeys = new BoundedMap<string, crypto.KeyObject>(16);
const signingKeys = new WeakMap<crypto.KeyObject, SigningKey>();

/** What an X.509 certificate says about itself, as far as contracts care. */
export interface CertificateInfo {
    /** The certificate in PEM. */
    readonly pem: string;
    /** The subject, one `key=value` a line as Node prints it. */
    readonly subject: string;
    /** The issuer, likewise. */
    readonly issuer: string;
    /** The serial number in upper-case hex. */
    readonly serialNumber: string;
    /** Start of validity. */
    readonly notBefore: Date;
    /** End of validity. */
    readonly notAfter: Date;
    /** Hex SHA-256 of the certificate's DER bytes. */
    readonly fingerprint: string;
}

/** The public key that encrypts contract sections for one enclave image. */
export interface EncryptionKey {
    /** The RSA public key. */
    readonly publicKey: crypto.KeyObject;
    /** The size of the RSA modulus in bits (4096 for IBM's certificates). */
    readonly modulusBits: number;
    /** Hex SHA-256 of the certificate's DER, or of the SPKI DER when a bare key was given. */
    readonly fingerprint: string;
    /** The certificate, when one was given rather than a bare public key. */
    readonly certificate?: CertificateInfo;
}

/** A private key that signs contracts, with what the contract publishes of it. */
export interface SigningKey {
    /** The RSA private key. Never serialised by this package except to node-forge in memory. */
    readonly privateKey: crypto.KeyObject;
    /** The public key as SPKI PEM, exactly as `openssl rsa -pubout` prints it. */
    readonly publicKeyPem: string;
    /** Hex SHA-256 of the public key's SPKI DER. */
    readonly fingerprint: string;
    /** The size of the RSA modulus in bits. */
    readonly modulusBits: number;
}

/** Hex SHA-256 of a public key's SPKI DER bytes: the fingerprint this package reports. */
export function publicKeyFingerprint(key: crypto.KeyObject): string {
    const der = key.export({ type: "spki", format: "der" });
    return crypto.createHash("sha256").update(der).digest("hex");
}

/** The certificate facts of an X.509 certificate in PEM. */
export function certificateInfo(x509: crypto.X509Certificate): CertificateInfo {
    return {
        pem: x509.toString(),
        subject: x509.subject,
        issuer: x509.issuer,
        serialNumber: x509.serialNumber.toUpperCase(),
        notBefore: new Date(x509.validFrom),
        notAfter: new Date(x509.validTo),
        fingerprint: crypto.createHash("sha256").update(x509.raw).digest("hex"),
    };
}

/**
 * A certificate's public key. OpenSSL reads a certificate without decoding its key, so a
 * damaged key shows only here.
 *
 * @throws InputError naming `field` when the key cannot be decoded.
 */
export function certificatePublicKey(
    x509: crypto.X509Certificate,
    field: string,
): crypto.KeyObject {
    try {
        return x509.publicKey;
    } catch {
        throw new InputError(field, "holds a certificate whose public key is damaged");
    }
}

function requireRsa(key: crypto.KeyObject, field: string): number {
    if (key.asymmetricKeyType !== "rsa") {
        throw new InputError(
            field,
            `holds a ${key.asymmetricKeyType ?? "non-RSA"} key; contracts use RSA keys only`,
        );
    }
    return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

/**
 * Reads the key that encrypts contract sections: an X.509 certificate (the enclave image's
 * `…-encrypt.crt`) or a bare RSA public key, in PEM or base64 of PEM. The first certificate in
 * the text wins; a chain may follow it. A text read before gives the same (frozen) result.
 *
 * @param text The PEM text.
 * @param field The input's name, for error messages. Default: `encryptionCertificate`.
 * @throws InputError when the text holds no certificate or public key, or a non-RSA key.
 */
export function readEncryptionKey(text: string, field = "encryptionCertificate"): EncryptionKey {
    const known = encryptionKeys.get(text);
    if (known) return known;
    const key = parseEncryptionKey(text, field);
    if (key.certificate) Object.freeze(key.certificate);
    return encryptionKeys.set(text, Object.freeze(key));
}

function parseEncryptionKey(text: string, field: string): EncryptionKey {
    const blocks = pemBlocks(text);
    const cert = blocks.find((b) => b.label === "CERTIFICATE");
    if (cert) {
        let x509: crypto.X509Certificate;
        try {
            x509 = new crypto.X509Certificate(cert.text);
        } catch {
            throw new InputError(
                field,
                "holds a CERTIFICATE block that is not a valid X.509 certificate",
            );
        }
        const publicKey = certificatePublicKey(x509, field);
        const modulusBits = requireRsa(publicKey, field);
        const certificate = certificateInfo(x509);
        return {
            publicKey,
            modulusBits,
            fingerprint: certificate.fingerprint,
            certificate,
        };
    }
    const publicKey = readPublicKey(text, field);
    return {
        publicKey,
        modulusBits: requireRsa(publicKey, field),
        fingerprint: publicKeyFingerprint(publicKey),
    };
}

/**
 * Reads an RSA public key given as SPKI (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`) PEM, or as
 * base64 of either.
 *
 * @throws InputError when no public key can be read.
 */
export function readPublicKey(text: string, field: string): crypto.KeyObject {
    const block = pemBlocks(text).find(
        (b) => b.label === "PUBLIC KEY" || b.label === "RSA PUBLIC KEY",
    );
    if (!block) {
        throw new InputError(
            field,
            "holds no PEM certificate or public key; give the PEM text (or base64 of it)",
        );
    }
    try {
        const key = crypto.createPublicKey({ key: block.text, format: "pem" });
        requireRsa(key, field);
        return key;
    } catch (e) {
        if (InputError.isInstance(e)) throw e;
        throw new InputError(field, `holds a ${block.label} block that is not a valid key`);
    }
}

const PRIVATE_LABELS = ["PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"];

/**
 * Reads an RSA private key in PEM (PKCS#1, PKCS#8, or either encrypted with a password), or
 * base64 of such PEM. The same text and password read before give the same key object.
 *
 * @param text The PEM text.
 * @param password The key's password, when it is encrypted.
 * @param field The input's name, for error messages. Default: `signingKey`.
 * @throws InputError when the text holds no private key, the key is encrypted and no or the
 *   wrong password is given, or the key is not RSA.
 */
export function readPrivateKey(
    text: string,
    password?: string,
    field = "signingKey",
): crypto.KeyObject {
    const id = crypto
        .createHash("sha256")
        .update(text)
        .update("\0")
        .update(password ?? "")
        .digest("hex");
    return privateKeys.get(id) ?? privateKeys.set(id, parsePrivateKey(text, password, field));
}

function parsePrivateKey(
    text: string,
    password: string | undefined,
    field: string,
): crypto.KeyObject {
    const block = pemBlocks(text).find((b) => PRIVATE_LABELS.includes(b.label));
    if (!block) {
        throw new InputError(
            field,
            "holds no PEM private key; give the PEM text of an RSA private key",
        );
    }
    const encrypted = block.label === "ENCRYPTED PRIVATE KEY" || block.text.includes("ENCRYPTED");
    if (encrypted && !password) {
        throw new InputError(field, `is encrypted; give its password in ${field}Password`);
    }
    let key: crypto.KeyObject;
    try {
        key = crypto.createPrivateKey({ key: block.text, format: "pem", passphrase: password });
    } catch {
        throw new InputError(
            field,
            encrypted
                ? `cannot be decrypted with the password given in ${field}Password`
                : `holds a ${block.label} block that is not a valid key`,
        );
    }
    requireRsa(key, field);
    return key;
}

/**
 * Reads a signing key and derives what the contract publishes of it.
 *
 * @throws InputError as {@link readPrivateKey} does.
 */
export function readSigningKey(text: string, password?: string, field = "signingKey"): SigningKey {
    return signingKeyOf(readPrivateKey(text, password, field));
}

/** The published facts of a private key, worked out once per key object. */
export function signingKeyOf(privateKey: crypto.KeyObject): SigningKey {
    const known = signingKeys.get(privateKey);
    if (known) return known;
    const publicKeyPem = crypto
        .createPublicKey(privateKey)
        .export({ type: "spki", format: "pem" })
        .toString();
    // The DER is the PEM's body: decoding it is cheaper than a second export.
    const der = Buffer.from(publicKeyPem.replace(/-----[^-]+-----|\s/g, ""), "base64");
    const signingKey: SigningKey = Object.freeze({
        privateKey,
        publicKeyPem,
        fingerprint: crypto.createHash("sha256").update(der).digest("hex"),
        modulusBits: privateKey.asymmetricKeyDetails?.modulusLength ?? 0,
    });
    signingKeys.set(privateKey, signingKey);
    return signingKey;
}

/**
 * Generates a fresh RSA signing key, for a contract whose author gave none. Only its public
 * half reaches the contract; the private half is dropped after signing.
 *
 * @param bits Modulus size. Default: 4096, as IBM's tooling generates.
 */
export async function generateSigningKey(bits = 4096): Promise<SigningKey> {
    const { privateKey } = await new Promise<crypto.KeyPairKeyObjectResult>((resolve, reject) =>
        crypto.generateKeyPair("rsa", { modulusLength: bits }, (err, publicKey, privateKey) =>
            err ? reject(err) : resolve({ publicKey, privateKey }),
        ),
    );
    return signingKeyOf(privateKey);
}
