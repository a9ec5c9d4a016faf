/**
 * RSAES-PKCS1-v1_5, the padding every contract token uses for its password. Encryption is
 * native. Decryption is native too, as raw RSA followed by a strict check of the padding here:
 * Node 20 refuses PKCS#1 v1.5 private decryption since its CVE-2023-46809 hardening, and Node 22
 * and later answer a wrong key with random bytes (implicit rejection) instead of an error, which
 * would hand a wrong key's garbage back as a secret. Raw RSA gives every runtime the same exact
 * answer; node-forge serves where a runtime refuses raw RSA as well.
 */
import * as crypto from "node:crypto";

/** Which implementation decrypts: the runtime's raw RSA with our padding check, or node-forge. */
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
 * Whether this runtime performs raw RSA private decryption. Probed once with a throwaway key,
 * since only an attempt tells (a FIPS build may refuse unpadded RSA).
 */
export function nativeRsaDecryptAvailable(): boolean {
    if (nativeAllowed === undefined) {
        const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", {
            modulusLength: 1024,
        });
        try {
            const probe = rsaEncrypt(publicKey, Buffer.from("probe"));
            nativeAllowed = unpad(rawDecrypt(privateKey, probe))?.toString() === "probe";
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

function rawDecrypt(privateKey: crypto.KeyObject, data: Buffer): Buffer {
    return crypto.privateDecrypt(
        { key: privateKey, padding: crypto.constants.RSA_NO_PADDING },
        data,
    );
}

/**
 * The message of an encoded block `00 02 PS 00 M` (RFC 8017 §7.2.2), where PS is at least eight
 * non-zero bytes; undefined when the block is not so encoded. Timing does not matter here: the
 * tool decrypts its user's own data and answers no one else.
 */
function unpad(block: Buffer): Buffer | undefined {
    if (block.length < 11 || block[0] !== 0x00 || block[1] !== 0x02) return undefined;
    const separator = block.indexOf(0x00, 2);
    if (separator < 10) return undefined;
    return block.subarray(separator + 1);
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
 * Decrypts a PKCS#1 v1.5 block. Both implementations check the padding exactly, so a wrong key
 * or a damaged block is refused the same way on every runtime.
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
        let message: Buffer | undefined;
        try {
            message = unpad(rawDecrypt(privateKey, data));
        } catch {
            // data longer than the modulus, or numerically not below it
        }
        if (!message) throw new RsaDecryptError();
        return message;
    }
    const key = forgeKey(privateKey);
    try {
        return Buffer.from(key.decrypt(data.toString("binary"), "RSAES-PKCS1-V1_5"), "binary");
    } catch {
        throw new RsaDecryptError();
    }
}
