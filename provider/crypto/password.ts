/**
 * Fresh passwords for section tokens.
 */
import * as crypto from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * A new 32-character password of printable characters (192 bits of entropy). Printable, so
 * that no decryptor's newline or NUL handling can change what PBKDF2 sees, whichever tool
 * decrypts it.
 */
export function newPassword(): Buffer {
    const random = crypto.randomBytes(32);
    const out = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) {
        // 64 symbols: masking a byte to six bits keeps the choice uniform.
        out[i] = ALPHABET.charCodeAt(random[i] & 63);
    }
    return out;
}
