/**
 * Sealed secrets of IBM Confidential Computing Containers (CCCO): a secret value that a pod
 * carries in the clear cluster (a Kubernetes Secret, an environment variable) and only the
 * enclave can open. The contract gives the enclave the two keys it needs, in
 * `confidential-containers.secret` of the workload or env section: `decryptionKey` (the RSA
 * private key the AES key is wrapped for) and `verificationKey` (the RSA public key that
 * verifies the seal).
 *
 * The format, as IBM's tooling writes and the enclave reads it: `sealed.<JWS compact>`, where
 * the JWS is signed with RS512 (RSASSA-PKCS1-v1_5, SHA-512) under the header
 * `{"alg":"RS512","kid":"<section>_verify"}`, and its payload is a JSON envelope (keys in
 * sorted order) holding the secret encrypted with AES-256-GCM (a 12-byte IV, the 16-byte tag
 * after the ciphertext) under a fresh key, which is wrapped with RSA PKCS#1 v1.5.
 */
import * as crypto from "node:crypto";
import { readPrivateKey } from "../crypto/keys";
import { rsaDecrypt, rsaEncrypt } from "../crypto/rsa";
import { sha256Hex } from "../crypto/token";
import { InputError } from "../errors";

/** The contract section whose keys open the secret. */
export type SealedSecretSection = "workload" | "env";

/** What {@link sealSecret} needs. */
export interface SealedSecretInput {
    /** The secret value. */
    readonly secret: string | Buffer;
    /** The section whose `confidential-containers.secret` will hold the keys. */
    readonly section: SealedSecretSection;
    /**
     * The RSA private key (PEM, PKCS#1 or PKCS#8) whose public half wraps the AES key: the
     * `decryptionKey` of the contract. Default: a fresh RSA-2048 key, returned.
     */
    readonly encryptionKey?: string;
    /** The password of an encrypted `encryptionKey`. */
    readonly encryptionKeyPassword?: string;
    /**
     * The RSA private key (PEM) that signs the seal; its public half is the contract's
     * `verificationKey`. Default: a fresh RSA-2048 key, used once and dropped.
     */
    readonly signingKey?: string;
    /** The password of an encrypted `signingKey`. */
    readonly signingKeyPassword?: string;
}

/** A sealed secret and the keys the enclave needs to open it. */
export interface SealedSecret {
    /** `sealed.<header>.<payload>.<signature>`: what the pod carries. Not secret. */
    readonly sealed: string;
    /**
     * The `decryptionKey` for the contract: the encryption private key as unencrypted PKCS#1
     * PEM (`RSA PRIVATE KEY`), whatever form it was given in. Secret: whoever holds it opens
     * the secret.
     */
    readonly decryptionKey: string;
    /** The `verificationKey` for the contract: the signing public key as SPKI PEM. */
    readonly verificationKey: string;
    /** Hex SHA-256 of the secret value. An unsalted hash of the secret: keep it secret. */
    readonly secretSha256: string;
    /** Hex SHA-256 of `sealed`. */
    readonly sealedSha256: string;
    /** Which of the two keys were generated for this seal. */
    readonly generated: { readonly encryptionKey: boolean; readonly signingKey: boolean };
}

/** What {@link openSealedSecret} finds in a sealed secret. */
export interface OpenedSecret {
    readonly secret: Buffer;
    readonly section: SealedSecretSection;
}

const PREFIX = "sealed.";
const GENERATED_BITS = 2048;

function base64url(data: Buffer | string): string {
    return Buffer.from(data).toString("base64url");
}

function generateKey(): Promise<crypto.KeyObject> {
    return new Promise((resolve, reject) =>
        crypto.generateKeyPair("rsa", { modulusLength: GENERATED_BITS }, (err, _pub, priv) =>
            err ? reject(err) : resolve(priv),
        ),
    );
}

/**
 * Seals a secret for a CCCO enclave.
 *
 * @throws InputError when a key cannot be read (naming `encryptionKey` or `signingKey`), or
 *   when the secret is empty.
 */
export async function sealSecret(input: SealedSecretInput): Promise<SealedSecret> {
    const secret = Buffer.isBuffer(input.secret) ? input.secret : Buffer.from(input.secret);
    if (secret.length === 0) throw new InputError("secret", "is empty; give the value to seal");
    if (input.section !== "workload" && input.section !== "env") {
        throw new InputError("section", 'must be "workload" or "env"');
    }
    const [encryptionKey, signingKey] = await Promise.all([
        input.encryptionKey !== undefined
            ? readPrivateKey(input.encryptionKey, input.encryptionKeyPassword, "encryptionKey")
            : generateKey(),
        input.signingKey !== undefined
            ? readPrivateKey(input.signingKey, input.signingKeyPassword, "signingKey")
            : generateKey(),
    ]);
    const aesKey = crypto.randomBytes(32);
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", aesKey, iv);
    const encrypted = Buffer.concat([cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
    const wrapped = rsaEncrypt(crypto.createPublicKey(encryptionKey), aesKey);
    aesKey.fill(0);
    // The envelope's keys in sorted order, as IBM's tooling writes them.
    const payload = JSON.stringify({
        encrypted_data: encrypted.toString("base64"),
        encrypted_key: wrapped.toString("base64"),
        iv: iv.toString("base64"),
        key_id: `${input.section}_decrypt`,
        provider: "ibm-hpcr-contract",
        type: "kms",
        version: "0.1.0",
        wrap_type: "A256GCM",
    });
    const header = JSON.stringify({ alg: "RS512", kid: `${input.section}_verify` });
    const signingInput = `${base64url(header)}.${base64url(payload)}`;
    const signature = await new Promise<Buffer>((resolve, reject) =>
        crypto.sign("sha512", Buffer.from(signingInput), signingKey, (err, sig) =>
            err ? reject(err) : resolve(sig),
        ),
    );
    const sealed = `${PREFIX}${signingInput}.${base64url(signature)}`;
    return {
        sealed,
        decryptionKey: encryptionKey.export({ type: "pkcs1", format: "pem" }).toString(),
        verificationKey: crypto
            .createPublicKey(signingKey)
            .export({ type: "spki", format: "pem" })
            .toString(),
        secretSha256: sha256Hex(secret),
        sealedSha256: sha256Hex(sealed),
        generated: {
            encryptionKey: input.encryptionKey === undefined,
            signingKey: input.signingKey === undefined,
        },
    };
}

/**
 * Opens a sealed secret as the enclave does: checks the seal's signature with the
 * verification key, unwraps the AES key with the decryption key and decrypts.
 *
 * @throws InputError naming `sealed` when the text is not a sealed secret, its signature does
 *   not verify, or it does not decrypt with the key; the message never holds the secret.
 */
export function openSealedSecret(
    sealed: string,
    decryptionKey: string,
    verificationKey: string,
    decryptionKeyPassword?: string,
): OpenedSecret {
    const bad = (reason: string) => new InputError("sealed", reason);
    const text = sealed.trim();
    if (!text.startsWith(PREFIX)) throw bad('is not a sealed secret; it must start with "sealed."');
    const parts = text.slice(PREFIX.length).split(".");
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
        throw bad("is not sealed.<header>.<payload>.<signature> in base64url");
    }
    const [header, payload, signature] = parts;
    let verifier: crypto.KeyObject;
    try {
        verifier = crypto.createPublicKey(verificationKey);
    } catch {
        throw new InputError("verificationKey", "is not a PEM public key");
    }
    const signed = crypto.verify(
        "sha512",
        Buffer.from(`${header}.${payload}`),
        verifier,
        Buffer.from(signature, "base64url"),
    );
    if (!signed) throw bad("has a signature that the verification key does not verify");
    let head: { alg?: unknown; kid?: unknown };
    let envelope: Record<string, unknown>;
    try {
        head = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
        envelope = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
        throw bad("has a header or payload that is not JSON");
    }
    const section = envelope?.key_id === "env_decrypt" ? "env" : "workload";
    if (
        head?.alg !== "RS512" ||
        head?.kid !== `${section}_verify` ||
        envelope?.key_id !== `${section}_decrypt` ||
        envelope.wrap_type !== "A256GCM"
    ) {
        throw bad("has a header or envelope of another kind than RS512 and A256GCM");
    }
    const field = (name: string) => {
        const value = envelope[name];
        if (typeof value !== "string") throw bad(`has no ${name} in its envelope`);
        return Buffer.from(value, "base64");
    };
    const key = readPrivateKey(decryptionKey, decryptionKeyPassword, "decryptionKey");
    const wrapped = field("encrypted_key");
    const data = field("encrypted_data");
    const iv = field("iv");
    let unwrapped: Buffer;
    try {
        unwrapped = rsaDecrypt(key, wrapped);
    } catch {
        throw bad("has a wrapped key that the decryption key cannot open");
    }
    if (unwrapped.length !== 32 || iv.length !== 12 || data.length < 16) {
        unwrapped.fill(0);
        throw bad("has a wrapped key or IV of the wrong size for AES-256-GCM");
    }
    try {
        const decipher = crypto.createDecipheriv("aes-256-gcm", unwrapped, iv);
        decipher.setAuthTag(data.subarray(data.length - 16));
        const secret = Buffer.concat([
            decipher.update(data.subarray(0, data.length - 16)),
            decipher.final(),
        ]);
        return { secret, section };
    } catch {
        throw bad("does not decrypt: its data or tag was changed");
    } finally {
        unwrapped.fill(0);
    }
}
