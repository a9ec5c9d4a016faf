import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { countCryptoCalls } from "../../../bench/crypto-calls";
import {
    publicKeyFingerprint,
    readEncryptionKey,
    readPrivateKey,
    readSigningKey,
} from "../../../provider/crypto/keys";
import { rsaPair, testIdentity } from "../../support/keys";

describe("keys and certificates read once per process", () => {
    it("parses a certificate text once, and gives the same frozen result again", async () => {
        const { certificate } = await testIdentity(2048);
        // A text of its own, so that no earlier test has read it.
        const text = `${certificate}\n`;
        const counter = countCryptoCalls();
        let first;
        let second;
        try {
            first = readEncryptionKey(text);
            second = readEncryptionKey(text);
        } finally {
            counter.restore();
        }
        assert.equal(counter.counts.X509Certificate, 1);
        assert.equal(first, second);
        assert.ok(Object.isFrozen(first) && Object.isFrozen(first.certificate));
    });

    it("parses a private key once per text and password, and derives its public half once", () => {
        const pair = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 });
        const text = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
        const counter = countCryptoCalls();
        try {
            const a = readSigningKey(text);
            const b = readSigningKey(text);
            assert.equal(a, b);
            assert.equal(readPrivateKey(text), a.privateKey);
        } finally {
            counter.restore();
        }
        assert.equal(counter.counts.createPrivateKey, 1);
        assert.equal(counter.counts.createPublicKey, 1);
        const published = readSigningKey(text);
        assert.equal(
            published.fingerprint,
            publicKeyFingerprint(crypto.createPublicKey(pair.privateKey)),
        );
    });

    it("still asks for the password of an encrypted key it has read before", () => {
        const pair = rsaPair(2048);
        const text = pair.privateKey
            .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw-1" })
            .toString();
        assert.ok(readPrivateKey(text, "pw-1"));
        assert.throws(() => readPrivateKey(text), /is encrypted/);
        assert.throws(() => readPrivateKey(text, "pw-2"), /cannot be decrypted/);
    });
});
