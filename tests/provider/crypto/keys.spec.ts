import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import {
    readEncryptionKey,
    readPrivateKey,
    readSigningKey,
    publicKeyFingerprint,
} from "../../../provider/crypto/keys";
import { InputError } from "../../../provider/errors";
import { pem, rsaPair, testIdentity } from "../../support/keys";
import { openssl } from "../../support/tools";
import { requireVectors, vector, vectorText } from "../../support/vectors";
import * as fs from "node:fs";

describe("keys and certificates", () => {
    describe("encryption keys", () => {
        it("reads a certificate, with its dates and a fingerprint of its DER", async () => {
            const identity = await testIdentity();
            const key = readEncryptionKey(identity.certificate);
            assert.equal(key.modulusBits, 4096);
            assert.ok(key.certificate);
            const der = openssl(["x509", "-outform", "DER"], identity.certificate);
            assert.equal(key.fingerprint, crypto.createHash("sha256").update(der).digest("hex"));
            assert.ok(key.certificate.notAfter > new Date());
        });

        it("reads a bare public key, in PEM or base64 of PEM", () => {
            const { publicKey } = pem(rsaPair(2048));
            const a = readEncryptionKey(publicKey);
            const b = readEncryptionKey(Buffer.from(publicKey).toString("base64"));
            assert.equal(a.fingerprint, b.fingerprint);
            assert.equal(a.certificate, undefined);
            assert.equal(a.fingerprint, publicKeyFingerprint(rsaPair(2048).publicKey));
        });

        it("refuses text with no key, naming the field", () => {
            assert.throws(
                () => readEncryptionKey("hello"),
                (e: unknown) => {
                    assert.ok(InputError.isInstance(e));
                    assert.equal(e.field, "encryptionCertificate");
                    return true;
                },
            );
        });

        it("refuses a non-RSA key", () => {
            const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
            assert.throws(
                () =>
                    readEncryptionKey(
                        ec.publicKey.export({ type: "spki", format: "pem" }).toString(),
                    ),
                /RSA keys only/,
            );
        });
    });

    describe("private keys", () => {
        const pair = rsaPair(2048);
        const encrypted = pair.privateKey
            .export({
                type: "pkcs8",
                format: "pem",
                cipher: "aes-256-cbc",
                passphrase: "canary-pass-777",
            })
            .toString();

        it("reads a key encrypted with a password", () => {
            const key = readPrivateKey(encrypted, "canary-pass-777");
            assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
        });

        it("asks for the password of an encrypted key", () => {
            assert.throws(
                () => readPrivateKey(encrypted),
                /is encrypted; give its password in signingKeyPassword/,
            );
        });

        it("says a wrong password is wrong, without echoing it", () => {
            assert.throws(
                () => readPrivateKey(encrypted, "not-the-one-888"),
                (e: Error) => {
                    assert.match(e.message, /cannot be decrypted with the password/);
                    assert.doesNotMatch(e.message, /888/);
                    return true;
                },
            );
        });

        it("reads PKCS#1 keys too", () => {
            const pkcs1 = pair.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
            assert.equal(
                readSigningKey(pkcs1).fingerprint,
                readSigningKey(pem(pair).privateKey).fingerprint,
            );
        });
    });

    describe("IBM's vectors", function () {
        before(function () {
            requireVectors(this);
        });

        it("publishes the signing key's SPKI PEM byte for byte as openssl rsa -pubout does", () => {
            const key = readSigningKey(vectorText("contract-go/samples/encrypt/private.pem"));
            assert.equal(key.publicKeyPem, vectorText("contract-go/samples/encrypt/public.pem"));
        });

        it("reads the encrypted sample key with its password", () => {
            const key = readSigningKey(
                vectorText("contract-go/samples/encrypt/private_encrypted.pem"),
                "testpassword",
            );
            assert.equal(
                key.publicKeyPem,
                vectorText("contract-go/samples/encrypt/public_encrypted.pem"),
            );
        });

        it("reads every IBM encryption certificate as a 4096-bit RSA key", () => {
            for (const platform of ["hpvs", "ccrt", "ccrv", "ccco"]) {
                for (const file of fs.readdirSync(vector("contract-go/encryption", platform))) {
                    const key = readEncryptionKey(
                        vectorText("contract-go/encryption", platform, file),
                    );
                    assert.equal(key.modulusBits, 4096, file);
                    assert.ok(key.certificate, file);
                }
            }
        });
    });
});
