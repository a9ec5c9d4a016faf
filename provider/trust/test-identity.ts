/**
 * A test enclave identity: an RSA key pair and a self-signed "encryption certificate" for it,
 * so that contracts can be built, decrypted and checked end to end without an IBM image. An
 * enclave never trusts such a certificate; it exists for tests, demos and CI.
 */
import * as crypto from "node:crypto";

/** A locally generated stand-in for an enclave image's encryption identity. */
export interface TestIdentity {
    /** The self-signed certificate (PEM): give it wherever an encryption certificate goes. */
    readonly certificate: string;
    /** The private key (PKCS#8 PEM) that decrypts what the certificate encrypts. Secret. */
    readonly privateKey: string;
}

/** Options for {@link createTestIdentity}. */
export interface TestIdentityOptions {
    /** Modulus size. Default: 4096, as IBM's encryption certificates have. */
    readonly bits?: number;
    /** Validity in days from now. Default: 365. */
    readonly days?: number;
    /** The certificate's common name. Default: `Test Contract Encryption`. */
    readonly commonName?: string;
}

/** Creates a test enclave identity. */
export async function createTestIdentity(options: TestIdentityOptions = {}): Promise<TestIdentity> {
    const forge: typeof import("node-forge") = require("node-forge");
    const { publicKey, privateKey } = await new Promise<crypto.KeyPairKeyObjectResult>(
        (resolve, reject) =>
            crypto.generateKeyPair(
                "rsa",
                { modulusLength: options.bits ?? 4096 },
                (err, pub, priv) =>
                    err ? reject(err) : resolve({ publicKey: pub, privateKey: priv }),
            ),
    );
    const pkcs1 = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const signer = forge.pki.privateKeyFromPem(pkcs1);
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(
        publicKey.export({ type: "spki", format: "pem" }).toString(),
    );
    cert.serialNumber = `01${crypto.randomBytes(15).toString("hex")}`;
    const now = new Date();
    cert.validity.notBefore = new Date(now.getTime() - 60_000);
    cert.validity.notAfter = new Date(now.getTime() + (options.days ?? 365) * 86_400_000);
    const subject = [
        { name: "commonName", value: options.commonName ?? "Test Contract Encryption" },
        { name: "organizationName", value: "pulumi-hyper-protect test identity" },
    ];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", keyEncipherment: true, dataEncipherment: true },
    ]);
    cert.sign(signer, forge.md.sha256.create());
    return {
        certificate: forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n"),
        privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
}
