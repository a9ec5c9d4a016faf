/**
 * RSAES-PKCS1-v1_5, the padding every contract token uses for its password. Encryption is
 * native. Decryption is native where the runtime allows it (Node 22 and later); Node 20 refuses
 * PKCS#1 v1.5 private decryption since its CVE-2023-46809 hardening, and node-forge serves
 * there.
 */
import * as crypto from "node:crypto";

/** Which implementation decrypts: the runtime's own, or node-forge. */
export type RsaDecryptPath = "native" | "forge";

/** Encrypts `data` for `publicKey` with PKCS#1 v1.5 padding. */
export function rsaEncrypt(publicKey: crypto.KeyObject, data: Buffer): Buffer {
    return crypto.publicEncrypt(
        { key: publicKey, padding: crypto.constants.RSA_PKCS1_PADDING },
        data,
    );
}

let nativeAllowed: boolean | undefined;

/**
 * Whether this runtime decrypts PKCS#1 v1.5 natively. Probed once with a throwaway key, since
 * only an attempt tells (the refusal depends on the Node release, not its major version).
 */
export function nativeRsaDecryptAvailable(): boolean {
    if (nativeAllowed === undefined) {
        const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", {
            modulusLength: 1024,
        });
        try {
            const probe = rsaEncrypt(publicKey, Buffer.from("probe"));
            const padding = crypto.constants.RSA_PKCS1_PADDING;
            nativeAllowed =
                crypto.privateDecrypt({ key: privateKey, padding }, probe).toString() === "probe";
        } catch {
            nativeAllowed = false;
        }
    }
    return nativeAllowed;
}

/** The implementation {@link rsaDecrypt} uses unless told: native where available, else forge. */
export function defaultRsaDecryptPath(): RsaDecryptPath {
    return nativeRsaDecryptAvailable() ? "native" : "forge";
}

const forgeKeys = new WeakMap<crypto.KeyObject, import("node-forge").pki.rsa.PrivateKey>();

/** The node-forge form of a private key, converted once per key object and kept in memory. */
function forgeKey(privateKey: crypto.KeyObject): import("node-forge").pki.rsa.PrivateKey {
    let key = forgeKeys.get(privateKey);
    if (!key) {
        // node-forge is loaded only here, so that the encryption path never pays for it.
        const forge: typeof import("node-forge") = require("node-forge");
        const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
        key = forge.pki.privateKeyFromPem(pem);
        forgeKeys.set(privateKey, key);
    }
    return key;
}

/** Thrown when the RSA block does not decrypt with the key (wrong key, or corrupt data). */
export class RsaDecryptError extends Error {
    constructor() {
        super("the RSA block does not decrypt with this private key");
        this.name = "RsaDecryptError";
    }
}

/**
 * Decrypts a PKCS#1 v1.5 block.
 *
 * Where the runtime decrypts natively it uses implicit rejection (OpenSSL 3.2 and later): a
 * wrong key then yields random bytes instead of an error, and the failure shows one step
 * later, when the AES body does not decrypt. Callers must treat both the same way, and a
 * caller with no later step (a bare RSA block) must force `forge`.
 *
 * @param path Force one implementation (tests compare them). Default: native where available.
 * @throws RsaDecryptError when the padding is invalid.
 */
export function rsaDecrypt(
    privateKey: crypto.KeyObject,
    data: Buffer,
    path: RsaDecryptPath = defaultRsaDecryptPath(),
): Buffer {
    if (path === "native") {
        try {
            return crypto.privateDecrypt(
                { key: privateKey, padding: crypto.constants.RSA_PKCS1_PADDING },
                data,
            );
        } catch {
            throw new RsaDecryptError();
        }
    }
    const key = forgeKey(privateKey);
    try {
        return Buffer.from(key.decrypt(data.toString("binary"), "RSAES-PKCS1-V1_5"), "binary");
    } catch {
        throw new RsaDecryptError();
    }
}
