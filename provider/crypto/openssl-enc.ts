/**
 * The body format of `openssl enc -aes-256-cbc -pbkdf2`: `Salted__`, an 8-byte salt, then
 * AES-256-CBC with PKCS#7 padding, key and IV drawn from PBKDF2-HMAC-SHA256 (10,000
 * iterations, 48 bytes) over the password and salt.
 */
import * as crypto from "node:crypto";

const MAGIC = Buffer.from("Salted__", "latin1");
const SALT_LENGTH = 8;
const ITERATIONS = 10_000;

function deriveKeyAndIv(password: Buffer, salt: Buffer): Promise<Buffer> {
    // Async PBKDF2 runs on libuv's thread pool, so two sections derive side by side.
    return new Promise((resolve, reject) =>
        crypto.pbkdf2(password, salt, ITERATIONS, 48, "sha256", (err, key) =>
            err ? reject(err) : resolve(key),
        ),
    );
}

/**
 * The password OpenSSL actually uses when given `password` on `-pass stdin`: the bytes before
 * the first newline or NUL. Tokens from tools that feed raw random bytes depend on this.
 */
export function opensslStdinPassword(password: Buffer): Buffer {
    let end = password.length;
    for (let i = 0; i < password.length; i++) {
        if (password[i] === 0x0a || password[i] === 0x00) {
            end = i;
            break;
        }
    }
    return password.subarray(0, end);
}

/** Encrypts `plaintext` exactly as `openssl enc -aes-256-cbc -pbkdf2 -pass stdin` would. */
export async function opensslEncrypt(plaintext: Buffer, password: Buffer): Promise<Buffer> {
    const salt = crypto.randomBytes(SALT_LENGTH);
    const derived = await deriveKeyAndIv(password, salt);
    const cipher = crypto.createCipheriv(
        "aes-256-cbc",
        derived.subarray(0, 32),
        derived.subarray(32),
    );
    return Buffer.concat([MAGIC, salt, cipher.update(plaintext), cipher.final()]);
}

/** Thrown when a body is not in the `Salted__` format or does not decrypt with the password. */
export class OpensslDecryptError extends Error {
    constructor(reason: string) {
        super(reason);
        this.name = "OpensslDecryptError";
    }
}

/**
 * Decrypts a `Salted__` body with the password as given; apply {@link opensslStdinPassword}
 * first for bodies made through `-pass stdin`.
 *
 * @throws OpensslDecryptError when the body is malformed or the password is wrong.
 */
export async function opensslDecrypt(body: Buffer, password: Buffer): Promise<Buffer> {
    if (body.length < 32 || !body.subarray(0, 8).equals(MAGIC) || (body.length - 16) % 16 !== 0) {
        throw new OpensslDecryptError("the body is not in OpenSSL's salted AES-256-CBC format");
    }
    const derived = await deriveKeyAndIv(password, body.subarray(8, 16));
    const decipher = crypto.createDecipheriv(
        "aes-256-cbc",
        derived.subarray(0, 32),
        derived.subarray(32),
    );
    try {
        return Buffer.concat([decipher.update(body.subarray(16)), decipher.final()]);
    } catch {
        throw new OpensslDecryptError("the body does not decrypt with the token's password");
    }
}
