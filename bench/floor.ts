/**
 * The floor: the primitives one signed, encrypted contract needs, called one after the other
 * on one thread with keys already parsed. Two sections, each a fresh password, an RSA-4096
 * public encryption of it, a PBKDF2-SHA256 derivation of 10,000 iterations and AES-256-CBC;
 * then one RSA-4096 signature over the two tokens. Nothing a contract can do without.
 */
import * as crypto from "node:crypto";

const MAGIC = Buffer.from("Salted__", "latin1");

/** What the floor works with: parsed keys and the section texts. */
export interface FloorInput {
    readonly encryptionKey: crypto.KeyObject;
    readonly signingKey: crypto.KeyObject;
    readonly workloadText: string;
    readonly envText: string;
    readonly prefix: string;
}

/** Parses the keys of the floor (before any timing starts). */
export function floorInput(
    certificate: string,
    signingKey: string,
    workloadText: string,
    envText: string,
): FloorInput {
    return {
        encryptionKey: new crypto.X509Certificate(certificate).publicKey,
        signingKey: crypto.createPrivateKey(signingKey),
        workloadText,
        envText,
        prefix: "hyper-protect-basic",
    };
}

function floorToken(plaintext: string, input: FloorInput): string {
    const password = Buffer.from(crypto.randomBytes(24).toString("base64"), "latin1");
    const salt = crypto.randomBytes(8);
    const derived = crypto.pbkdf2Sync(password, salt, 10_000, 48, "sha256");
    const cipher = crypto.createCipheriv(
        "aes-256-cbc",
        derived.subarray(0, 32),
        derived.subarray(32),
    );
    const body = Buffer.concat([MAGIC, salt, cipher.update(plaintext, "utf8"), cipher.final()]);
    const wrapped = crypto.publicEncrypt(
        { key: input.encryptionKey, padding: crypto.constants.RSA_PKCS1_PADDING },
        password,
    );
    return `${input.prefix}.${wrapped.toString("base64")}.${body.toString("base64")}`;
}

/** One contract at the floor: its user data. */
export function floorContract(input: FloorInput): string {
    const workload = floorToken(input.workloadText, input);
    const env = floorToken(input.envText, input);
    const signature = crypto
        .sign("sha256", Buffer.from(workload + env, "utf8"), input.signingKey)
        .toString("base64");
    return `env: ${env}\nenvWorkloadSignature: ${signature}\nworkload: ${workload}\n`;
}
