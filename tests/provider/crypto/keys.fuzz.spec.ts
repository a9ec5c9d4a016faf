/**
 * Hostile PEM: keys and certificates that are damaged, cut short, wrapped in base64 or not PEM
 * at all end in one InputError naming the input, and never in a message that quotes the key
 * or its password.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fc from "fast-check";
import {
    readEncryptionKey,
    readPrivateKey,
    readPublicKey,
    readSigningKey,
} from "../../../provider/crypto/keys";
import { pemBlocks } from "../../../provider/crypto/pem";
import { readContractSigner } from "../../../provider/crypto/signature";
import { createTestIdentity } from "../../../provider/trust/test-identity";
import { readCertificate } from "../../../provider/trust/x509";
import { CANARY } from "../../support/contracts";
import { damagedText, fuzzParameters, resultOrClearError } from "../../support/fuzz";
import { pem, rsaPair } from "../../support/keys";

/** A PEM block with its body's base64 replaced, so the armour stays and the content is junk. */
const forgedBlock = fc
    .tuple(
        fc.constantFrom(
            "CERTIFICATE",
            "PUBLIC KEY",
            "RSA PUBLIC KEY",
            "PRIVATE KEY",
            "RSA PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
        ),
        fc.uint8Array({ maxLength: 600 }),
    )
    .map(
        ([label, body]) =>
            `-----BEGIN ${label}-----\n${Buffer.from(body).toString("base64")}\n-----END ${label}-----\n`,
    );

/** A slice from the middle of a key's base64 body: if a message holds it, the key leaked. */
function keyMaterial(pemText: string): string {
    const body = pemText.replace(/-----[^-]+-----|\s+/g, "");
    return body.slice(body.length / 2, body.length / 2 + 24);
}

describe("keys and certificates under fuzzing", function () {
    const pair = pem(rsaPair(2048));
    const encrypted = rsaPair(2048)
        .privateKey.export({
            type: "pkcs8",
            format: "pem",
            cipher: "aes-256-cbc",
            passphrase: CANARY.signingKeyPassword,
        })
        .toString();
    const ec = crypto
        .generateKeyPairSync("ec", { namedCurve: "P-256" })
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString();
    let certificate: string;

    before(async () => {
        certificate = (await createTestIdentity({ bits: 2048 })).certificate;
    });

    const asBase64 = (text: string) => Buffer.from(text).toString("base64");

    it("finds PEM blocks in any text without throwing", () => {
        fc.assert(
            fc.property(damagedText(certificate, asBase64(pair.publicKey)), (text) => {
                for (const block of pemBlocks(text)) assert.match(block.text, /^-----BEGIN /);
            }),
            fuzzParameters(),
        );
    });

    it("reads an encryption certificate or key, or names encryptionCertificate", () => {
        const samples = [certificate, asBase64(certificate), pair.publicKey, asBase64(ec)];
        fc.assert(
            fc.property(fc.oneof(damagedText(...samples), forgedBlock), (text) => {
                const key = resultOrClearError(
                    () => readEncryptionKey(text),
                    ["encryptionCertificate"],
                );
                if (key) assert.equal(key.publicKey.asymmetricKeyType, "rsa");
            }),
            fuzzParameters(0.5),
        );
    });

    it("reads a public key or a contract signer, or names the field", () => {
        fc.assert(
            fc.property(fc.oneof(damagedText(pair.publicKey, certificate), forgedBlock), (text) => {
                resultOrClearError(
                    () => readPublicKey(text, "attestationPublicKey"),
                    ["attestationPublicKey"],
                );
                resultOrClearError(() => readContractSigner(text), ["env.signingKey"]);
            }),
            fuzzParameters(0.5),
        );
    });

    it("reads a signing key, or names signingKey without quoting the key or its password", () => {
        const secrets = [CANARY.signingKeyPassword, keyMaterial(pair.privateKey)];
        fc.assert(
            fc.property(
                fc.oneof(damagedText(pair.privateKey, encrypted, ec), forgedBlock),
                fc.option(fc.constantFrom(CANARY.signingKeyPassword, "wrong", ""), {
                    nil: undefined,
                }),
                (text, password) => {
                    const key = resultOrClearError(
                        () => readSigningKey(text, password),
                        ["signingKey"],
                        secrets,
                    );
                    if (key) assert.equal(key.privateKey.asymmetricKeyType, "rsa");
                },
            ),
            fuzzParameters(0.2),
        );
    });

    it("refuses a wrong password without echoing either password", () => {
        for (const password of [undefined, "", CANARY.caKeyPassword]) {
            assert.throws(
                () => readPrivateKey(encrypted, password, "signingKey"),
                (e: Error) =>
                    e.name === "InputError" &&
                    !e.message.includes(CANARY.caKeyPassword) &&
                    !e.message.includes(CANARY.signingKeyPassword),
            );
        }
    });

    describe("found by fuzzing", () => {
        /** The certificate with its RSA key's SEQUENCE tag turned into a SET: OpenSSL reads
         * the certificate, and fails only when asked for the key. */
        const damagedKey = (pemText: string) => {
            const der = Buffer.from(pemText.replace(/-----[^-]+-----|\s+/g, ""), "base64");
            const at = der.indexOf(Buffer.from([0x03, 0x82, 0x01, 0x0f, 0x00, 0x30, 0x82]));
            assert.ok(at > 0);
            der[at + 5] = 0x31;
            return `-----BEGIN CERTIFICATE-----\n${der.toString("base64")}\n-----END CERTIFICATE-----\n`;
        };

        it("refuses a certificate whose public key is damaged, naming the input", () => {
            const text = damagedKey(certificate);
            assert.throws(() => readEncryptionKey(text), {
                name: "InputError",
                message: "encryptionCertificate: holds a certificate whose public key is damaged",
            });
            assert.throws(() => readCertificate(text, "attestationCertificate"), {
                name: "InputError",
                field: "attestationCertificate",
            });
        });
    });
});
