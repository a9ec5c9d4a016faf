import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { readEncryptionKey } from "../../../provider/crypto/keys";
import { opensslEncrypt, opensslStdinPassword } from "../../../provider/crypto/openssl-enc";
import {
    defaultRsaDecryptPath,
    nativeRsaDecryptAvailable,
    rsaEncrypt,
} from "../../../provider/crypto/rsa";
import { encryptToken, parseToken } from "../../../provider/crypto/token";
import { pem, rsaPair } from "../../support/keys";
import { openssl, scratch } from "../../support/tools";
import { haveVectors, requireVectors, vector, vectorText } from "../../support/vectors";
import {
    REFUSED,
    plaintextOutcome,
    runCases,
    type CaseTable,
    type DecryptCase,
    type PathReport,
} from "./rsa-cases";

const b64 = (data: Buffer) => data.toString("base64");

/** A token decrypted by the openssl CLI alone, as IBM documents it: the independent judge. */
function opensslDecryptToken(token: string, keyFile: string): Buffer {
    const { encryptedPassword, body } = parseToken(token);
    const password = openssl(["pkeyutl", "-decrypt", "-inkey", keyFile], encryptedPassword);
    const { dir, remove } = scratch();
    try {
        fs.writeFileSync(path.join(dir, "body"), body);
        const args = ["enc", "-d", "-aes-256-cbc", "-pbkdf2", "-pass", "stdin"];
        return openssl([...args, "-in", path.join(dir, "body")], password);
    } finally {
        remove();
    }
}

/** 32 random bytes with `byte` at `offset` and no newline or NUL before it. */
function rawPassword(offset: number, byte: number): Buffer {
    const password = crypto.randomBytes(32);
    for (let i = 0; i < offset; i++) if (password[i] === 0x0a || password[i] === 0) password[i] = 1;
    password[offset] = byte;
    return password;
}

/** Cases from fresh keys: every one decrypts, so no path may differ on any of them. */
async function generatedCases(): Promise<DecryptCase[]> {
    const pair = rsaPair(2048);
    const key = readEncryptionKey(pem(pair).publicKey);
    const cases: DecryptCase[] = [];
    const common = { kind: "token", key: "generated" } as const;
    for (const [i, size] of [1, 15, 16, 17, 32, 100, 1000, 4097].entries()) {
        const plaintext = crypto.randomBytes(size);
        const prefix = i % 2 ? "contract-basic" : "hyper-protect-basic";
        const input = await encryptToken(plaintext, key, prefix);
        cases.push({
            ...common,
            name: `${prefix} token of ${size} bytes`,
            input,
            expected: plaintextOutcome(plaintext),
        });
    }
    // Raw random passwords, as IBM's Go library draws them: the AES password is the RSA
    // plaintext cut before its first newline or NUL, so the RSA bytes must agree exactly.
    for (const [offset, byte] of [
        [1, 0x0a],
        [14, 0x0a],
        [5, 0x00],
        [31, 0x00],
    ]) {
        const password = rawPassword(offset, byte);
        const plaintext = crypto.randomBytes(64);
        const body = await opensslEncrypt(plaintext, opensslStdinPassword(password));
        const block = rsaEncrypt(pair.publicKey, password);
        const name = `raw password with 0x${byte.toString(16).padStart(2, "0")} at offset ${offset}`;
        const input = `hyper-protect-basic.${b64(block)}.${b64(body)}`;
        cases.push({
            ...common,
            name: `token of a ${name}`,
            input,
            expected: plaintextOutcome(plaintext),
        });
        cases.push({
            ...common,
            kind: "rsa",
            name: `RSA block of a ${name}`,
            input: b64(block),
            expected: plaintextOutcome(password),
        });
    }
    // The empty message, and the longest a 2048-bit key takes (256 - 11 bytes).
    for (const size of [0, 1, 128, 245]) {
        const message = crypto.randomBytes(size);
        const input = b64(rsaEncrypt(pair.publicKey, message));
        cases.push({
            ...common,
            kind: "rsa",
            name: `RSA block of ${size} bytes`,
            input,
            expected: plaintextOutcome(message),
        });
    }
    const secret = Buffer.from("a short secret");
    const bare = b64(rsaEncrypt(pair.publicKey, secret));
    cases.push({
        ...common,
        name: "bare RSA block",
        input: bare,
        expected: plaintextOutcome(secret),
    });
    return cases;
}

/**
 * Cases from IBM's vectors, whose keys are fixed: a wrong key or a damaged block gives the
 * same outcome on every run, also where implicit rejection turns it into random bytes.
 */
function vectorCases(): DecryptCase[] {
    const decrypt = vectorText("contract-go/samples/decrypt/encrypt.txt").trim();
    const record = vectorText("contract-go/samples/attestation/se-checksums.txt.enc").trim();
    const bare = vectorText("contract-go/samples/decrypt/encrypt_encrypted.txt").trim();
    const [prefix, block, body] = decrypt.split(".");
    const flipped = Buffer.from(block, "base64");
    flipped[100] ^= 0x01;
    const recordPlaintext = opensslDecryptToken(
        record,
        vector("contract-go/samples/attestation/private.pem"),
    );
    const token = { kind: "token" } as const;
    return [
        {
            ...token,
            name: "IBM's token",
            key: "ibm-decrypt",
            input: decrypt,
            expected: plaintextOutcome(Buffer.from("hello-world")),
        },
        {
            ...token,
            name: "IBM's token with one RSA byte flipped",
            key: "ibm-decrypt",
            input: `${prefix}.${b64(flipped)}.${body}`,
            expected: REFUSED,
        },
        {
            ...token,
            name: "IBM's bare block",
            key: "ibm-decrypt-encrypted",
            input: bare,
            expected: plaintextOutcome(Buffer.from("Test encrypted data\n")),
        },
        {
            ...token,
            name: "IBM's bare block under another 2048-bit key",
            key: "ibm-decrypt",
            input: bare,
            expected: REFUSED,
        },
        {
            ...token,
            name: "HPCR 24.3.3 attestation record",
            key: "ibm-attestation",
            input: record,
            expected: plaintextOutcome(recordPlaintext),
        },
        {
            ...token,
            name: "HPCR 24.3.3 attestation record under another 4096-bit key",
            key: "ibm-encrypt",
            input: record,
            expected: REFUSED,
        },
    ];
}

async function caseTable(): Promise<CaseTable> {
    const generated = { pem: pem(rsaPair(2048)).privateKey };
    if (!haveVectors()) return { keys: { generated }, cases: await generatedCases() };
    const samples = (file: string) => vectorText("contract-go/samples", file);
    return {
        keys: {
            generated,
            "ibm-decrypt": { pem: samples("decrypt/private.key") },
            "ibm-decrypt-encrypted": {
                pem: samples("decrypt/private_encrypted.key"),
                password: "decryptpass",
            },
            "ibm-attestation": { pem: samples("attestation/private.pem") },
            "ibm-encrypt": { pem: samples("encrypt/private.pem") },
        },
        cases: [...(await generatedCases()), ...vectorCases()],
    };
}

describe("RSA decryption paths", function () {
    let table: CaseTable;
    let forge: PathReport;

    before(async () => {
        table = await caseTable();
        forge = await runCases(table, "forge");
    });

    it(`decrypts natively by default, as raw RSA with a strict padding check (here: Node ${process.version})`, () => {
        assert.equal(nativeRsaDecryptAvailable(), true);
        assert.equal(defaultRsaDecryptPath(), "native");
    });

    it("gives every case its expected result through node-forge", () => {
        const expected = Object.fromEntries(table.cases.map((c) => [c.name, c.expected]));
        assert.deepEqual(forge.outcomes, expected);
    });

    it("gives every case the same result through the native path", async () => {
        const native = await runCases(table, "native");
        assert.equal(native.defaultPath, "native");
        assert.deepEqual(native.outcomes, forge.outcomes);
    });

    it("refuses 100 tokens under a wrong key of the right size, the same way on both paths", async () => {
        const right = rsaPair(1024);
        const key = readEncryptionKey(pem(right).publicKey);
        const cases: DecryptCase[] = [];
        for (let i = 0; i < 100; i++) {
            const secret = crypto.randomBytes(1 + (i % 40));
            const common = { key: "wrong", expected: REFUSED } as const;
            const token = await encryptToken(secret, key, "hyper-protect-basic");
            cases.push({ ...common, kind: "token", name: `token ${i}`, input: token });
            // A bare block has no AES body: a wrong key is refused by the padding check alone,
            // which random bytes pass once in about 65,000 tries, so only agreement is asserted.
            const block = b64(rsaEncrypt(right.publicKey, secret));
            cases.push({ ...common, kind: "rsa", name: `bare block ${i}`, input: block });
        }
        const wrongTable: CaseTable = {
            keys: { wrong: { pem: pem(rsaPair(1024, "another")).privateKey } },
            cases,
        };
        const native = (await runCases(wrongTable, "native")).outcomes;
        assert.deepEqual(native, (await runCases(wrongTable, "forge")).outcomes);
        for (const c of cases.filter((c) => c.kind === "token")) {
            assert.equal(native[c.name], REFUSED, c.name);
        }
    });

    it("covers IBM's vectors: their fixed keys make wrong-key outcomes repeatable", function () {
        requireVectors(this);
        const names = table.cases.filter((c) => c.key.startsWith("ibm-")).map((c) => c.name);
        assert.equal(names.length, 6);
    });
});
