/**
 * Counting calls into `node:crypto` and into the package's own crypto module
 * (`provider/crypto`), to show what a code path costs in cryptography. Compiled modules read
 * both through live bindings, so replacing a function on a module object is seen by every
 * caller until {@link CryptoCounter.restore}.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The functions of a contract's cryptography: key derivation, ciphers, RSA, signatures,
 * randomness, and the parsing of keys and certificates.
 */
export const CONTRACT_CRYPTO = [
    "pbkdf2",
    "pbkdf2Sync",
    "createCipheriv",
    "createDecipheriv",
    "publicEncrypt",
    "privateDecrypt",
    "sign",
    "verify",
    "createSign",
    "createVerify",
    "randomBytes",
    "createPublicKey",
    "createPrivateKey",
    "generateKeyPair",
    "generateKeyPairSync",
    "X509Certificate",
] as const;

/** Hashes: the keyed fingerprints that compare inputs with state, and digests. */
export const HASHES = ["createHmac", "createHash"] as const;

/** A running count of calls. */
export interface CryptoCounter {
    /** Calls into `node:crypto` so far, by function name. */
    readonly counts: Readonly<Record<string, number>>;
    /** Calls into the package's `provider/crypto` so far, by `module.function`. */
    readonly packageCounts: Readonly<Record<string, number>>;
    /** The calls to {@link CONTRACT_CRYPTO} functions and to `provider/crypto` so far. */
    contractCrypto(): number;
    /** Puts the original functions back. */
    restore(): void;
}

const isClass = (fn: unknown) =>
    typeof fn === "function" && /^class\b/.test(Function.prototype.toString.call(fn));

/** Wraps every plain function that a compiled `provider/crypto` module exports. */
function countPackageCrypto(counts: Record<string, number>): () => void {
    const folder = path.join(__dirname, "..", "provider", "crypto");
    const undo: (() => void)[] = [];
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith(".js"))) {
        const exports = require(path.join(folder, file)) as Record<string, unknown>;
        for (const name of Object.keys(exports)) {
            const descriptor = Object.getOwnPropertyDescriptor(exports, name);
            const original = descriptor?.value as ((...args: unknown[]) => unknown) | undefined;
            // index.js re-exports through getters, which reach the wrapped functions.
            if (typeof original !== "function" || isClass(original) || !descriptor?.writable) {
                continue;
            }
            const label = `${path.basename(file, ".js")}.${name}`;
            counts[label] = 0;
            exports[name] = function (this: unknown, ...args: unknown[]) {
                counts[label]++;
                return original.apply(this, args);
            };
            undo.push(() => (exports[name] = original));
        }
    }
    return () => undo.forEach((u) => u());
}

/**
 * Starts counting calls to {@link CONTRACT_CRYPTO} and {@link HASHES} in `node:crypto`, and
 * to every function of `provider/crypto`.
 */
export function countCryptoCalls(): CryptoCounter {
    const module = require("node:crypto") as Record<string, unknown>;
    const counts: Record<string, number> = {};
    const packageCounts: Record<string, number> = {};
    const restorePackage = countPackageCrypto(packageCounts);
    const originals = new Map<string, unknown>();
    for (const name of [...CONTRACT_CRYPTO, ...HASHES]) {
        const original = module[name] as (...args: unknown[]) => unknown;
        originals.set(name, original);
        counts[name] = 0;
        if (name === "X509Certificate") {
            const Original = original as unknown as typeof crypto.X509Certificate;
            module[name] = class extends Original {
                constructor(buffer: crypto.BinaryLike) {
                    counts[name]++;
                    super(buffer);
                }
            };
        } else {
            module[name] = function (this: unknown, ...args: unknown[]) {
                counts[name]++;
                return original.apply(this, args);
            };
        }
    }
    const sum = (record: Record<string, number>, names: readonly string[]) =>
        names.reduce((total, name) => total + record[name], 0);
    return {
        counts,
        packageCounts,
        contractCrypto: () =>
            sum(counts, CONTRACT_CRYPTO) + sum(packageCounts, Object.keys(packageCounts)),
        restore: () => {
            for (const [name, original] of originals) module[name] = original;
            restorePackage();
        },
    };
}
