/**
 * Section tokens: `<prefix>.<base64 RSA-encrypted password>.<base64 openssl enc body>`, the
 * form every encrypted contract value takes.
 */
import * as crypto from "node:crypto";
import { InputError } from "../errors";
import type { TokenPrefix } from "../platform";
import type { EncryptionKey } from "./keys";
import {
    deriveOpensslKey,
    opensslDecrypt,
    opensslEncryptWith,
    opensslStdinPassword,
    OpensslDecryptError,
    type OpensslKey,
} from "./openssl-enc";
import { newPassword } from "./password";
import { rsaDecrypt, rsaEncrypt, RsaDecryptError, type RsaDecryptPath } from "./rsa";

/** The token prefixes, and the platforms that expect each. */
export const TOKEN_PREFIXES: readonly TokenPrefix[] = ["hyper-protect-basic", "contract-basic"];

/** A token split into its parts. */
export interface TokenParts {
    /** The first field. */
    readonly prefix: TokenPrefix;
    /** The RSA-encrypted password. */
    readonly encryptedPassword: Buffer;
    /** The `Salted__` body. */
    readonly body: Buffer;
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const TOKEN_SHAPE = /^([a-z-]+)\.([^.\s]+)\.([^.\s]+)$/;

/**
 * Decodes padded base64 of the standard alphabet; a character outside it is an error rather
 * than silently skipped. The unused bits of a last character are ignored, as decoders do.
 */
export function strictBase64(text: string): Buffer | undefined {
    return text.length > 0 && STRICT_BASE64.test(text) ? Buffer.from(text, "base64") : undefined;
}

/** Whether a value looks like a section token (three dot-separated fields, a known prefix). */
export function isToken(value: unknown): value is string {
    if (typeof value !== "string") return false;
    const m = TOKEN_SHAPE.exec(value.trim());
    return m !== null && (TOKEN_PREFIXES as readonly string[]).includes(m[1]);
}

/**
 * Splits a token into its parts.
 *
 * @param field The input's name, for error messages. Default: `token`.
 * @throws InputError when the token is not `<prefix>.<base64>.<base64>` with a known prefix.
 */
export function parseToken(token: string, field = "token"): TokenParts {
    const m = TOKEN_SHAPE.exec(token.trim());
    if (!m) {
        throw new InputError(
            field,
            "is not a section token; expected hyper-protect-basic.<base64>.<base64> or contract-basic.<base64>.<base64>",
        );
    }
    if (!(TOKEN_PREFIXES as readonly string[]).includes(m[1])) {
        throw new InputError(
            field,
            `has the unknown prefix "${m[1]}"; expected ${TOKEN_PREFIXES.join(" or ")}`,
        );
    }
    const encryptedPassword = strictBase64(m[2]);
    const body = strictBase64(m[3]);
    if (!encryptedPassword || !body) {
        throw new InputError(
            field,
            `has a field that is not canonical base64; the token is damaged`,
        );
    }
    return { prefix: m[1] as TokenPrefix, encryptedPassword, body };
}

/**
 * A token's password with its AES key already derived: the slow half of a token, which needs
 * no plaintext, so that it can run on the thread pool while the plaintext is still being
 * validated. Each serves exactly one token.
 */
export interface TokenKey {
    /** The fresh password that the token's RSA block carries. Secret. */
    readonly password: Buffer;
    /** The salt and the AES key and IV derived from the password. Secret. */
    readonly body: OpensslKey;
}

/** Draws a fresh password and salt and derives the AES key from them on the thread pool. */
export async function newTokenKey(): Promise<TokenKey> {
    const password = newPassword();
    return { password, body: await deriveOpensslKey(password) };
}

const spent = new WeakSet<TokenKey>();

/**
 * Encrypts a plaintext into a token with a key from {@link newTokenKey}; synchronous, since
 * the slow part is done.
 *
 * @throws Error when the key has served a token already: a password and salt used twice would
 *   encrypt two plaintexts under one key and IV.
 */
export function encryptTokenWith(
    plaintext: string | Buffer,
    tokenKey: TokenKey,
    key: EncryptionKey,
    prefix: TokenPrefix,
): string {
    if (spent.has(tokenKey)) throw new Error("a token key serves one token only");
    spent.add(tokenKey);
    const body = opensslEncryptWith(plaintext, tokenKey.body);
    const wrapped = rsaEncrypt(key.publicKey, tokenKey.password);
    return `${prefix}.${wrapped.toString("base64")}.${body.toString("base64")}`;
}

/**
 * Encrypts a section (or any text) into a token for an enclave's encryption key. Each call
 * draws a fresh password and salt, so the same plaintext gives a different token every time.
 *
 * @param plaintext The section text (or bytes), encrypted exactly as given.
 * @param key The enclave's encryption key (see `readEncryptionKey`).
 * @param prefix `hyper-protect-basic` (hpvs, ccco) or `contract-basic` (ccrt, ccrv).
 */
export async function encryptToken(
    plaintext: string | Buffer,
    key: EncryptionKey,
    prefix: TokenPrefix,
): Promise<string> {
    return encryptTokenWith(plaintext, await newTokenKey(), key, prefix);
}

/**
 * Decrypts a token with the private key that matches its encryption key. Also accepts a bare
 * base64 RSA block (no dots), which some tools emit for short secrets.
 *
 * The password is cut before its first newline or NUL before key derivation, as OpenSSL's
 * `-pass stdin` does, so tokens made by shell recipes and by IBM's Go library decrypt; the
 * binary parts are never trimmed.
 *
 * @param rsaPath Force the RSA implementation (tests compare them). Default: native where the
 *   runtime allows raw RSA.
 * @throws InputError naming `field` when the token is malformed or does not decrypt with the
 *   key; the message never holds any part of the plaintext.
 */
export async function decryptToken(
    token: string,
    privateKey: crypto.KeyObject,
    field = "token",
    rsaPath?: RsaDecryptPath,
): Promise<Buffer> {
    const trimmed = token.trim();
    const modulusBytes = (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    if (!trimmed.includes(".")) {
        const block = strictBase64(trimmed);
        if (!block)
            throw new InputError(field, "is neither a section token nor base64 of an RSA block");
        return rsaDecryptFor(privateKey, block, modulusBytes, field, rsaPath);
    }
    const parts = parseToken(trimmed, field);
    const password = rsaDecryptFor(
        privateKey,
        parts.encryptedPassword,
        modulusBytes,
        field,
        rsaPath,
    );
    try {
        return await opensslDecrypt(parts.body, opensslStdinPassword(password));
    } catch (e) {
        if (e instanceof OpensslDecryptError) {
            throw new InputError(
                field,
                `does not decrypt with this private key: ${e.message} (a wrong key, or a damaged token)`,
            );
        }
        throw e;
    }
}

function rsaDecryptFor(
    privateKey: crypto.KeyObject,
    block: Buffer,
    modulusBytes: number,
    field: string,
    rsaPath?: RsaDecryptPath,
): Buffer {
    if (modulusBytes > 0 && block.length !== modulusBytes) {
        throw new InputError(
            field,
            `was encrypted for a ${block.length * 8}-bit key, but the private key has ${modulusBytes * 8} bits`,
        );
    }
    try {
        return rsaDecrypt(privateKey, block, rsaPath);
    } catch (e) {
        if (e instanceof RsaDecryptError) {
            throw new InputError(
                field,
                "does not decrypt with this private key (a wrong key, or a damaged token)",
            );
        }
        throw e;
    }
}

/** Hex SHA-256 of a text's UTF-8 bytes: how tokens and user data are fingerprinted. */
export function sha256Hex(text: string | Buffer): string {
    return crypto.createHash("sha256").update(text).digest("hex");
}
