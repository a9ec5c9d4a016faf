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
 * A fresh salt and the AES key and IV that PBKDF2 draws from it and a password: the slow half
 * of {@link opensslEncrypt}, which needs no plaintext and can run ahead of it.
 */
export interface OpensslKey {
    readonly salt: Buffer;
    /** The 32-byte AES key followed by the 16-byte IV. */
    readonly derived: Buffer;
}

/** Draws a salt and derives the key and IV for `password` on the thread pool. */
export async function deriveOpensslKey(password: Buffer): Promise<OpensslKey> {
    const salt = crypto.randomBytes(SALT_LENGTH);
    return { salt, derived: await deriveKeyAndIv(password, salt) };
}

/**
 * Encrypts `plaintext` with a key from {@link deriveOpensslKey}, as `openssl enc -aes-256-cbc
 * -pbkdf2` would with that salt. A key must encrypt one plaintext only: its salt is the only
 * thing that makes two bodies under one password differ.
 */
export function opensslEncryptWith(plaintext: string | Buffer, key: OpensslKey): Buffer {
    const cipher = crypto.createCipheriv(
        "aes-256-cbc",
        key.derived.subarray(0, 32),
        key.derived.subarray(32),
    );
    // A string goes to the cipher as it is: no UTF-8 copy of a large section on the heap.
    const middle =
        typeof plaintext === "string" ? cipher.update(plaintext, "utf8") : cipher.update(plaintext);
    return Buffer.concat([MAGIC, key.salt, middle, cipher.final()]);
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
    return opensslEncryptWith(plaintext, await deriveOpensslKey(password));
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
