/**
 * The contract signature: `envWorkloadSignature` is base64 of an RSA PKCS#1 v1.5 SHA-256
 * signature over the workload value followed by the env value, as written in the contract,
 * with nothing between them.
 */
import * as crypto from "node:crypto";
import { InputError } from "../errors";
import { certificateInfo, readPublicKey, type CertificateInfo } from "./keys";
import { pemBlocks } from "./pem";

/**
 * Signs a contract's workload and env values.
 *
 * @returns base64 of the signature, with no line breaks.
 */
export function signSections(
    workload: string,
    env: string,
    privateKey: crypto.KeyObject,
): Promise<string> {
    // Written side by side into one buffer: no joined copy of the two tokens on the heap.
    const data = Buffer.allocUnsafe(Buffer.byteLength(workload) + Buffer.byteLength(env));
    data.write(env, data.write(workload, 0, "utf8"), "utf8");
    // The callback form runs on the thread pool, keeping the main thread free.
    return new Promise((resolve, reject) =>
        crypto.sign("sha256", data, privateKey, (err, signature) =>
            err ? reject(err) : resolve(signature.toString("base64")),
        ),
    );
}

/** The key that `env.signingKey` names, with its certificate when it is one. */
export interface ContractSigner {
    /** The public key that verifies `envWorkloadSignature`. */
    readonly publicKey: crypto.KeyObject;
    /** The certificate, when `signingKey` is a certificate (contract expiry). */
    readonly certificate?: CertificateInfo;
}

/**
 * Reads `env.signingKey`: a PEM public key, a PEM certificate, or base64 of either.
 *
 * @throws InputError when it is none of these.
 */
export function readContractSigner(signingKey: string, field = "env.signingKey"): ContractSigner {
    const cert = pemBlocks(signingKey).find((b) => b.label === "CERTIFICATE");
    if (cert) {
        try {
            const x509 = new crypto.X509Certificate(cert.text);
            return { publicKey: x509.publicKey, certificate: certificateInfo(x509) };
        } catch {
            throw new InputError(
                field,
                "holds a CERTIFICATE block that is not a valid certificate",
            );
        }
    }
    return { publicKey: readPublicKey(signingKey, field) };
}

/**
 * Whether `signature` (base64) signs `workload` followed by `env` under `publicKey`.
 */
export function verifySections(
    workload: string,
    env: string,
    signature: string,
    publicKey: crypto.KeyObject,
): boolean {
    const bytes = Buffer.from(signature.replace(/\s+/g, ""), "base64");
    try {
        return crypto.verify("sha256", Buffer.from(workload + env, "utf8"), publicKey, bytes);
    } catch {
        return false;
    }
}
