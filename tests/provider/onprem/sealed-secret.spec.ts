/**
 * CCCO sealed secrets: the format judged by openssl (the JWS signature, the wrapped AES key),
 * the envelope's exact fields, the keys given or generated, and every kind of damage refused
 * with one InputError that holds nothing of the secret.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../../provider/errors";
import { openSealedSecret, sealSecret } from "../../../provider/onprem/sealed-secret";
import { runCli } from "../../cli/context";
import { pem, rsaPair } from "../../support/keys";
import { openssl, scratch } from "../../support/tools";

const SECRET = "canary-db-password-7f3e\n\0tail";

/** The three base64url parts after `sealed.`. */
function partsOf(sealed: string): [string, string, string] {
    const parts = sealed.slice("sealed.".length).split(".");
    assert.equal(parts.length, 3);
    return parts as [string, string, string];
}

function json(part: string): Record<string, string> {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
}

describe("CCCO sealed secrets", () => {
    const folder = scratch("hpcr-sealed-secret-");
    after(() => folder.remove());

    it("writes the header and envelope the enclave reads, keys in sorted order", async () => {
        for (const section of ["workload", "env"] as const) {
            const sealed = await sealSecret({ secret: SECRET, section });
            const [header, payload] = partsOf(sealed.sealed);
            assert.equal(
                Buffer.from(header, "base64url").toString(),
                `{"alg":"RS512","kid":"${section}_verify"}`,
            );
            const envelope = json(payload);
            assert.deepEqual(Object.keys(envelope), [
                "encrypted_data",
                "encrypted_key",
                "iv",
                "key_id",
                "provider",
                "type",
                "version",
                "wrap_type",
            ]);
            assert.equal(envelope.key_id, `${section}_decrypt`);
            assert.equal(envelope.provider, "ibm-hpcr-contract");
            assert.equal(envelope.type, "kms");
            assert.equal(envelope.version, "0.1.0");
            assert.equal(envelope.wrap_type, "A256GCM");
            assert.equal(Buffer.from(envelope.iv, "base64").length, 12);
            assert.equal(
                Buffer.from(envelope.encrypted_data, "base64").length,
                Buffer.byteLength(SECRET) + 16,
            );
            assert.match(sealed.decryptionKey, /^-----BEGIN RSA PRIVATE KEY-----\n/);
            assert.match(sealed.verificationKey, /^-----BEGIN PUBLIC KEY-----\n/);
            assert.deepEqual(sealed.generated, { encryptionKey: true, signingKey: true });
            assert.equal(
                sealed.secretSha256,
                crypto.createHash("sha256").update(SECRET).digest("hex"),
            );
            assert.equal(
                sealed.sealedSha256,
                crypto.createHash("sha256").update(sealed.sealed).digest("hex"),
            );
            assert.ok(!sealed.sealed.includes(Buffer.from(SECRET).toString("base64")));
        }
    });

    it("is judged by openssl: the RS512 signature verifies and the wrapped key decrypts the secret", async () => {
        const sealed = await sealSecret({ secret: SECRET, section: "env" });
        const [header, payload, signature] = partsOf(sealed.sealed);
        const publicFile = path.join(folder.dir, "verification.pem");
        const signatureFile = path.join(folder.dir, "signature.bin");
        fs.writeFileSync(publicFile, sealed.verificationKey);
        fs.writeFileSync(signatureFile, Buffer.from(signature, "base64url"));
        const verified = openssl(
            ["dgst", "-sha512", "-verify", publicFile, "-signature", signatureFile],
            `${header}.${payload}`,
        );
        assert.match(verified.toString(), /Verified OK/);
        // A test key, generated for this seal: it may sit in the scratch folder.
        const envelope = json(payload);
        const keyFile = path.join(folder.dir, "decryption.pem");
        fs.writeFileSync(keyFile, sealed.decryptionKey, { mode: 0o600 });
        const aesKey = openssl(
            ["pkeyutl", "-decrypt", "-inkey", keyFile, "-pkeyopt", "rsa_padding_mode:pkcs1"],
            Buffer.from(envelope.encrypted_key, "base64"),
        );
        assert.equal(aesKey.length, 32);
        const data = Buffer.from(envelope.encrypted_data, "base64");
        const decipher = crypto.createDecipheriv(
            "aes-256-gcm",
            aesKey,
            Buffer.from(envelope.iv, "base64"),
        );
        decipher.setAuthTag(data.subarray(data.length - 16));
        const plain = Buffer.concat([decipher.update(data.subarray(0, -16)), decipher.final()]);
        assert.equal(plain.toString(), SECRET);
    });

    it("uses the keys it is given, and opens with them", async () => {
        const encryption = pem(rsaPair(2048, "sealed-secret-encryption"));
        const signing = pem(rsaPair(3072, "sealed-secret-signing"));
        const sealed = await sealSecret({
            secret: Buffer.from(SECRET),
            section: "workload",
            encryptionKey: encryption.privateKey,
            signingKey: signing.privateKey,
        });
        // The key given (PKCS#8), written as the enclave's PKCS#1.
        assert.match(sealed.decryptionKey, /^-----BEGIN RSA PRIVATE KEY-----\n/);
        assert.equal(
            crypto.createPublicKey(sealed.decryptionKey).export({ type: "spki", format: "pem" }),
            encryption.publicKey,
        );
        assert.equal(sealed.verificationKey, signing.publicKey);
        assert.deepEqual(sealed.generated, { encryptionKey: false, signingKey: false });
        const opened = openSealedSecret(sealed.sealed, encryption.privateKey, signing.publicKey);
        assert.equal(opened.secret.toString(), SECRET);
        assert.equal(opened.section, "workload");
        // A password-protected key: the contract gets it unencrypted, since the enclave has
        // no password to open it with.
        const locked = rsaPair(2048, "sealed-secret-encryption").privateKey.export({
            type: "pkcs8",
            format: "pem",
            cipher: "aes-256-cbc",
            passphrase: "canary-key-password",
        });
        const fromLocked = await sealSecret({
            secret: SECRET,
            section: "env",
            encryptionKey: locked.toString(),
            encryptionKeyPassword: "canary-key-password",
        });
        assert.match(fromLocked.decryptionKey, /^-----BEGIN RSA PRIVATE KEY-----\n/);
        assert.doesNotMatch(fromLocked.decryptionKey, /ENCRYPTED/);
        assert.equal(
            openSealedSecret(
                fromLocked.sealed,
                fromLocked.decryptionKey,
                fromLocked.verificationKey,
            ).secret.toString(),
            SECRET,
        );
    });

    describe("refuses damage with one InputError that says nothing of the secret", () => {
        const refuses = (fn: () => unknown, field: string, reason: RegExp) =>
            assert.throws(fn, (e: unknown) => {
                assert.ok(InputError.isInstance(e), String(e));
                assert.equal(e.field, field);
                assert.match(e.reason, reason);
                assert.ok(!e.message.includes("canary"), e.message);
                return true;
            });

        it("a changed payload, signature or key", async () => {
            const sealed = await sealSecret({ secret: SECRET, section: "env" });
            const { decryptionKey, verificationKey } = sealed;
            const [header, payload, signature] = partsOf(sealed.sealed);
            const flipped = `${payload.slice(0, 20)}${payload[20] === "A" ? "B" : "A"}${payload.slice(21)}`;
            refuses(
                () =>
                    openSealedSecret(
                        `sealed.${header}.${flipped}.${signature}`,
                        decryptionKey,
                        verificationKey,
                    ),
                "sealed",
                /signature/,
            );
            const other = pem(rsaPair(2048, "sealed-secret-other"));
            refuses(
                () => openSealedSecret(sealed.sealed, decryptionKey, other.publicKey),
                "sealed",
                /signature/,
            );
            refuses(
                () => openSealedSecret(sealed.sealed, other.privateKey, verificationKey),
                "sealed",
                /cannot open/,
            );
            refuses(
                () => openSealedSecret("sealed.a.b", decryptionKey, verificationKey),
                "sealed",
                /base64url/,
            );
            refuses(
                () => openSealedSecret("token.a.b.c", decryptionKey, verificationKey),
                "sealed",
                /sealed\./,
            );
        });

        it("ciphertext changed and signed again: the GCM tag refuses it", async () => {
            const signing = pem(rsaPair(2048, "sealed-secret-signing-2"));
            const sealed = await sealSecret({
                secret: SECRET,
                section: "env",
                signingKey: signing.privateKey,
            });
            const [header, payload] = partsOf(sealed.sealed);
            const envelope = json(payload);
            const data = Buffer.from(envelope.encrypted_data, "base64");
            data[0] ^= 1;
            const forged = Buffer.from(
                JSON.stringify({ ...envelope, encrypted_data: data.toString("base64") }),
            ).toString("base64url");
            const signature = crypto
                .sign("sha512", Buffer.from(`${header}.${forged}`), signing.privateKey)
                .toString("base64url");
            refuses(
                () =>
                    openSealedSecret(
                        `sealed.${header}.${forged}.${signature}`,
                        sealed.decryptionKey,
                        sealed.verificationKey,
                    ),
                "sealed",
                /does not decrypt/,
            );
        });

        it("an empty secret, and keys that are not keys", async () => {
            await assert.rejects(sealSecret({ secret: "", section: "env" }), { field: "secret" });
            await assert.rejects(
                sealSecret({ secret: SECRET, section: "env", encryptionKey: "not a key" }),
                { field: "encryptionKey" },
            );
            await assert.rejects(
                sealSecret({
                    secret: SECRET,
                    section: "env",
                    signingKey: pem(rsaPair()).publicKey,
                }),
                { field: "signingKey" },
            );
        });
    });

    it("is the CLI's sealed-secret, with contract-cli's flags, writing its result as a secret", async () => {
        const cwd = folder.dir;
        fs.writeFileSync(path.join(cwd, "secret.txt"), SECRET);
        const run = await runCli(
            ["sealed-secret", "--in", "secret.txt", "--type", "env", "--out", "sealed.json"],
            { cwd },
        );
        assert.equal(run.code, 0, run.stderr.join("\n"));
        const file = run.files.get(path.join(cwd, "sealed.json"))!;
        assert.equal(file.secret, true);
        const result = JSON.parse(file.content.toString());
        const opened = openSealedSecret(
            result.sealed,
            result.decryptionKey,
            result.verificationKey,
        );
        assert.equal(opened.secret.toString(), SECRET);
        assert.equal(opened.section, "env");
        assert.ok(run.stderr.some((l) => /env\.confidential-containers\.secret/.test(l)));
        assert.ok(!run.stderr.join("\n").includes("canary"));
        const missing = await runCli(["sealed-secret", "--in", "secret.txt"], { cwd });
        assert.equal(missing.code, 2);
    });
});
