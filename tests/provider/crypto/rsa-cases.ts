/**
 * A table of decryption cases run through one RSA path of `provider/crypto/rsa.ts`, so that a
 * test can compare the paths on any runtime.
 */
import * as crypto from "node:crypto";
import { readPrivateKey } from "../../../provider/crypto/keys";
import {
    defaultRsaDecryptPath,
    nativeRsaDecryptAvailable,
    rsaDecrypt,
    type RsaDecryptPath,
} from "../../../provider/crypto/rsa";
import { decryptToken } from "../../../provider/crypto/token";
import { InputError } from "../../../provider/errors";

/** A private key as PEM text, with its password when it is encrypted. */
export interface CaseKey {
    readonly pem: string;
    readonly password?: string;
}

/**
 * One case: a token or bare block for `decryptToken` (`token`), or a base64 RSA block for
 * `rsaDecrypt` alone (`rsa`), decrypted with the key named `key`.
 */
export interface DecryptCase {
    readonly name: string;
    readonly kind: "token" | "rsa";
    readonly key: string;
    readonly input: string;
    /** What every path must give: see {@link plaintextOutcome} and {@link REFUSED}. */
    readonly expected: string;
}

/** The cases and the keys they name. */
export interface CaseTable {
    readonly keys: Readonly<Record<string, CaseKey>>;
    readonly cases: readonly DecryptCase[];
}

/** What one run of a table gave, and on which runtime. */
export interface PathReport {
    readonly node: string;
    readonly nativeAvailable: boolean;
    readonly defaultPath: RsaDecryptPath;
    /** The outcome of each case, by name. */
    readonly outcomes: Readonly<Record<string, string>>;
}

/** The outcome of a refusal because the key does not fit the data. */
export const REFUSED = "refused: does not decrypt with this private key";

/** The outcome of a decryption that gave `data`. */
export function plaintextOutcome(data: Buffer): string {
    return `plaintext ${data.length} bytes, sha256 ${crypto.createHash("sha256").update(data).digest("hex")}`;
}

function errorOutcome(e: unknown): string {
    if (InputError.isInstance(e)) {
        return /does not decrypt with this private key/.test(e.reason)
            ? REFUSED
            : `refused: ${e.reason}`;
    }
    return `error: ${e instanceof Error ? e.message : String(e)}`;
}

/** Runs every case of `table` through `path` in this process. */
export async function runCases(table: CaseTable, path: RsaDecryptPath): Promise<PathReport> {
    const keys = new Map(
        Object.entries(table.keys).map(([name, k]) => [name, readPrivateKey(k.pem, k.password)]),
    );
    const outcomes: Record<string, string> = {};
    for (const c of table.cases) {
        const key = keys.get(c.key);
        if (!key) throw new Error(`case ${c.name} names the unknown key ${c.key}`);
        try {
            const out =
                c.kind === "token"
                    ? await decryptToken(c.input, key, "token", path)
                    : rsaDecrypt(key, Buffer.from(c.input, "base64"), path);
            outcomes[c.name] = plaintextOutcome(out);
        } catch (e) {
            outcomes[c.name] = errorOutcome(e);
        }
    }
    return {
        node: process.version,
        nativeAvailable: nativeRsaDecryptAvailable(),
        defaultPath: defaultRsaDecryptPath(),
        outcomes,
    };
}
