import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { readEncryptionKey, readPrivateKey } from "../../../provider/crypto/keys";
import { opensslDecrypt, opensslStdinPassword } from "../../../provider/crypto/openssl-enc";
import { newPassword } from "../../../provider/crypto/password";
import { rsaDecrypt, rsaEncrypt } from "../../../provider/crypto/rsa";
import { decryptToken, encryptToken, isToken, parseToken } from "../../../provider/crypto/token";
import { InputError } from "../../../provider/errors";
import type { TokenPrefix } from "../../../provider/platform";
import { pem, rsaPair, testIdentity } from "../../support/keys";
import type { TestIdentity } from "../../../provider/trust/test-identity";
import { encryptSection } from "../../../provider";
import { bash, scratch } from "../../support/tools";
import { requireVectors, vectorText } from "../../support/vectors";

const PREFIXES: TokenPrefix[] = ["hyper-protect-basic", "contract-basic"];

/** A deterministic stream of random sizes from 1 byte to 60 KiB, biased towards block edges. */
function sizes(count: number, seed: number): number[] {
    let x = seed;
    const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
    const edges = [1, 15, 16, 17, 31, 32, 33, 4095, 4096, 4097, 61440];
    return Array.from({ length: count }, (_, i) =>
        i < edges.length ? edges[i] : 1 + (next() % (60 * 1024)),
    );
}

describe("section tokens", () => {
    describe("round trip through the openssl CLI", function () {
        // The judge is IBM's documented recipe: `openssl pkeyutl -decrypt` for the password,
        // then `openssl enc -d -aes-256-cbc -pbkdf2 -pass stdin` for the body. One shell runs a
        // batch of tokens, so that the count stays high and the run time reasonable.
        const BATCH = 250;
        let dir: string;
        let remove: () => void;
        let identity: TestIdentity;
        let bareKey: string;
        const pair = rsaPair(2048);
        const keys = pem(pair);

        before(async () => {
            ({ dir, remove } = scratch());
            identity = await testIdentity(2048);
            bareKey = crypto
                .createPublicKey(identity.privateKey)
                .export({ type: "spki", format: "pem" })
                .toString();
            fs.writeFileSync(path.join(dir, "enclave.pem"), identity.privateKey);
            fs.writeFileSync(path.join(dir, "private.pem"), keys.privateKey);
            fs.writeFileSync(path.join(dir, "public.pem"), keys.publicKey);
        });
        after(() => remove());

        /** Runs `script` once per batch of case numbers, with `$N` set to the list. */
        function inBatches(count: number, script: string): void {
            for (let from = 0; from < count; from += BATCH) {
                const numbers = Array.from(
                    { length: Math.min(BATCH, count - from) },
                    (_, i) => from + i,
                ).join(" ");
                bash(`for n in ${numbers}; do ${script}; done`, dir);
            }
        }

        it("openssl decrypts 1,000 of our tokens of random sections (1 byte to 60 KiB), 500 per prefix", async () => {
            // Both prefixes, each from a certificate and from a bare public key.
            const platforms = ["hpvs", "ccrt"] as const;
            const cases = sizes(1000, 7).map((size, i) => ({
                plaintext: crypto.randomBytes(size),
                platform: platforms[i % 2],
                viaCertificate: i % 4 < 2,
            }));
            fs.mkdirSync(path.join(dir, "ours"));
            const perPrefix = new Map<string, number>();
            for (const [i, c] of cases.entries()) {
                const token = await encryptSection(c.plaintext, {
                    encryptionCertificate: c.viaCertificate ? identity.certificate : bareKey,
                    platform: c.platform,
                });
                const parts = parseToken(token);
                assert.equal(parts.prefix, c.platform === "hpvs" ? PREFIXES[0] : PREFIXES[1]);
                perPrefix.set(parts.prefix, (perPrefix.get(parts.prefix) ?? 0) + 1);
                fs.writeFileSync(path.join(dir, "ours", `${i}.rsa`), parts.encryptedPassword);
                fs.writeFileSync(path.join(dir, "ours", `${i}.body`), parts.body);
            }
            assert.deepEqual(Object.fromEntries(perPrefix), {
                "hyper-protect-basic": 500,
                "contract-basic": 500,
            });
            inBatches(
                cases.length,
                "openssl pkeyutl -decrypt -inkey enclave.pem -in ours/$n.rsa -out ours/$n.pw && openssl enc -d -aes-256-cbc -pbkdf2 -pass stdin -in ours/$n.body -out ours/$n.plain < ours/$n.pw",
            );
            for (const [i, c] of cases.entries()) {
                const out = fs.readFileSync(path.join(dir, "ours", `${i}.plain`));
                assert.ok(
                    out.equals(c.plaintext),
                    `case ${i} (${c.plaintext.length} bytes) differs`,
                );
            }
        });

        it("decrypts 400 sections that openssl encrypted with raw random passwords, 200 per prefix", async () => {
            const cases = sizes(400, 11).map((size, i) => ({
                plaintext: crypto.randomBytes(size),
                prefix: PREFIXES[i % 2],
            }));
            fs.mkdirSync(path.join(dir, "theirs"));
            // Raw random passwords, as IBM's Go library uses (`openssl rand 32`): about one in
            // five holds a newline or NUL, which -pass stdin cuts at. A leading one leaves an
            // empty password that openssl refuses, so those are drawn again.
            cases.forEach((c, i) => {
                let pw = crypto.randomBytes(32);
                while (pw[0] === 0x0a || pw[0] === 0x00) pw = crypto.randomBytes(32);
                fs.writeFileSync(path.join(dir, "theirs", `${i}.plain`), c.plaintext);
                fs.writeFileSync(path.join(dir, "theirs", `${i}.pw`), pw);
            });
            inBatches(
                cases.length,
                "openssl pkeyutl -encrypt -pubin -inkey public.pem -pkeyopt rsa_padding_mode:pkcs1 -in theirs/$n.pw -out theirs/$n.rsa && openssl enc -aes-256-cbc -pbkdf2 -pass stdin -in theirs/$n.plain -out theirs/$n.body < theirs/$n.pw",
            );
            let truncated = 0;
            for (const [i, c] of cases.entries()) {
                const file = (ext: string) =>
                    fs.readFileSync(path.join(dir, "theirs", `${i}.${ext}`));
                if (opensslStdinPassword(file("pw")).length < 32) truncated++;
                const token = `${c.prefix}.${file("rsa").toString("base64")}.${file("body").toString("base64")}`;
                const out = await decryptToken(token, pair.privateKey);
                assert.ok(
                    out.equals(c.plaintext),
                    `case ${i} (${c.plaintext.length} bytes) differs`,
                );
            }
            assert.ok(
                truncated > 0,
                "the sample should include passwords that -pass stdin truncates",
            );
        });
    });

    describe("format", () => {
        const pair = rsaPair(2048);
        const key = readEncryptionKey(pem(pair).publicKey);

        it("draws a fresh 32-character printable password for every token", () => {
            const seen = new Set<string>();
            for (let i = 0; i < 200; i++) {
                const pw = newPassword();
                assert.equal(pw.length, 32);
                assert.match(pw.toString("latin1"), /^[A-Za-z0-9+/]{32}$/);
                seen.add(pw.toString());
            }
            assert.equal(seen.size, 200);
        });

        it("gives a different token each time for the same plaintext", async () => {
            const a = await encryptToken("same", key, "hyper-protect-basic");
            const b = await encryptToken("same", key, "hyper-protect-basic");
            assert.notEqual(a, b);
            assert.ok(isToken(a) && isToken(b));
        });

        it("never trims binary data: plaintexts made of whitespace survive", async () => {
            for (const text of [" ", "\n", "\t\r\n ", " x \n"]) {
                const token = await encryptToken(text, key, "contract-basic");
                assert.equal((await decryptToken(token, pair.privateKey)).toString(), text);
            }
        });

        const malformed: [string, RegExp][] = [
            ["hyper-protect-basic.onlytwo", /not a section token/],
            ["other-prefix.QUJD.QUJD", /unknown prefix "other-prefix"/],
            ["hyper-protect-basic.QUJD.QUJ", /not canonical base64/],
            ["hyper-protect-basic.QU*D.QUJD", /not canonical base64/],
            ["a.b.c.d", /not a section token/],
        ];
        for (const [token, message] of malformed) {
            it(`refuses the malformed token ${JSON.stringify(token)} with one clear error`, async () => {
                await assert.rejects(decryptToken(token, pair.privateKey), (e: unknown) => {
                    assert.ok(InputError.isInstance(e));
                    assert.match(e.message, message);
                    return true;
                });
            });
        }

        it("names a key of the wrong size", async () => {
            const token = await encryptToken("x", key, "hyper-protect-basic");
            await assert.rejects(
                decryptToken(token, rsaPair(1024).privateKey),
                /2048-bit key, but the private key has 1024 bits/,
            );
        });

        it("refuses a wrong key of the right size without revealing anything", async () => {
            const other = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
            const token = await encryptToken("secret-canary-3141", key, "hyper-protect-basic");
            await assert.rejects(decryptToken(token, other.privateKey), (e: Error) => {
                assert.match(e.message, /does not decrypt with this private key/);
                assert.doesNotMatch(e.message, /canary/);
                return true;
            });
        });

        it("refuses a bare RSA block under a wrong key on every runtime, instead of returning random bytes", async () => {
            const other = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
            const block = rsaEncrypt(pair.publicKey, Buffer.from("secret-canary-2718"));
            await assert.rejects(
                decryptToken(block.toString("base64"), other.privateKey),
                (e: unknown) => InputError.isInstance(e) && /does not decrypt/.test(e.message),
            );
        });
    });

    describe("IBM's vectors", function () {
        before(function () {
            requireVectors(this);
        });

        it("decrypts a token whose raw password has a newline at offset 14, by OpenSSL's rule", async () => {
            const key = readPrivateKey(vectorText("contract-go/samples/decrypt/private.key"));
            const token = vectorText("contract-go/samples/decrypt/encrypt.txt");
            assert.equal((await decryptToken(token, key)).toString(), "hello-world");
        });

        it("fails on that token when all 32 password bytes are used, proving the rule matters", async () => {
            const key = readPrivateKey(vectorText("contract-go/samples/decrypt/private.key"));
            const { encryptedPassword, body } = parseToken(
                vectorText("contract-go/samples/decrypt/encrypt.txt"),
            );
            const raw = rsaDecrypt(key, encryptedPassword, "forge");
            assert.equal(raw.length, 32);
            assert.equal(raw.indexOf(0x0a), 14);
            await assert.rejects(opensslDecrypt(body, raw), /does not decrypt/);
            assert.equal(
                (await opensslDecrypt(body, opensslStdinPassword(raw))).toString(),
                "hello-world",
            );
        });

        it("reports the corrupted token clearly", async () => {
            const key = readPrivateKey(vectorText("contract-go/samples/decrypt/private.key"));
            await assert.rejects(
                decryptToken(vectorText("contract-go/samples/decrypt/encrypt.invalid.txt"), key),
                (e: unknown) => InputError.isInstance(e) && /damaged/.test(e.message),
            );
        });

        it("decrypts a bare RSA block with a PKCS#8 key encrypted with a password", async () => {
            const key = readPrivateKey(
                vectorText("contract-go/samples/decrypt/private_encrypted.key"),
                "decryptpass",
            );
            const out = await decryptToken(
                vectorText("contract-go/samples/decrypt/encrypt_encrypted.txt"),
                key,
            );
            assert.equal(out.toString(), "Test encrypted data\n");
        });

        it("decrypts the attestation record written by an HPCR 24.3.3 instance", async () => {
            const key = readPrivateKey(vectorText("contract-go/samples/attestation/private.pem"));
            const lines = (
                await decryptToken(
                    vectorText("contract-go/samples/attestation/se-checksums.txt.enc"),
                    key,
                )
            )
                .toString()
                .trimEnd()
                .split("\n");
            assert.equal(lines.length, 11);
            assert.equal(lines[0], "24.3.3");
            assert.match(lines[1], /^Machine Type\/Plant\/Serial: /);
            assert.deepEqual(
                lines.slice(-3).map((l) => l.split(" ")[1]),
                ["attestationPublicKey", "env", "workload"],
            );
        });
    });
});
