import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { readEncryptionKey } from "../../../provider/crypto/keys";
import {
    encryptToken,
    encryptTokenWith,
    newTokenKey,
    parseToken,
} from "../../../provider/crypto/token";
import { pem, rsaPair } from "../../support/keys";
import { bash, scratch } from "../../support/tools";

describe("token keys derived ahead of the plaintext", () => {
    const keys = pem(rsaPair(2048));
    const encryptionKey = readEncryptionKey(keys.publicKey);

    it("make tokens that the openssl CLI decrypts", async () => {
        const plaintexts = ["type: workload\n", "", "x".repeat(4097), "é ünïcode\n"];
        const tokenKeys = await Promise.all(plaintexts.map(() => newTokenKey()));
        const tokens = plaintexts.map((p, i) =>
            encryptTokenWith(p, tokenKeys[i], encryptionKey, "contract-basic"),
        );
        const { dir, remove } = scratch();
        try {
            fs.writeFileSync(path.join(dir, "private.pem"), keys.privateKey);
            for (const [i, token] of tokens.entries()) {
                const parts = parseToken(token);
                assert.equal(parts.prefix, "contract-basic");
                fs.writeFileSync(path.join(dir, `${i}.rsa`), parts.encryptedPassword);
                fs.writeFileSync(path.join(dir, `${i}.body`), parts.body);
            }
            bash(
                `for r in *.rsa; do b=\${r%.rsa}; openssl pkeyutl -decrypt -inkey private.pem -in $r -out $b.pw; openssl enc -d -aes-256-cbc -pbkdf2 -pass stdin -in $b.body -out $b.plain < $b.pw; done`,
                dir,
            );
            for (const [i, p] of plaintexts.entries()) {
                assert.equal(fs.readFileSync(path.join(dir, `${i}.plain`), "utf8"), p);
            }
        } finally {
            remove();
        }
    });

    it("refuse to encrypt a second plaintext, which would reuse a key and IV", async () => {
        const tokenKey = await newTokenKey();
        encryptTokenWith("first", tokenKey, encryptionKey, "hyper-protect-basic");
        assert.throws(
            () => encryptTokenWith("second", tokenKey, encryptionKey, "hyper-protect-basic"),
            /serves one token only/,
        );
    });

    it("are fresh for every token: a password and a salt are never drawn twice", async () => {
        const tokens = await Promise.all(
            Array.from({ length: 20 }, () =>
                encryptToken("same", encryptionKey, "hyper-protect-basic"),
            ),
        );
        const salts = new Set(
            tokens.map((t) => parseToken(t).body.subarray(8, 16).toString("hex")),
        );
        const wrapped = new Set(tokens.map((t) => t.split(".")[1]));
        assert.equal(salts.size, tokens.length);
        assert.equal(wrapped.size, tokens.length);
    });
});
