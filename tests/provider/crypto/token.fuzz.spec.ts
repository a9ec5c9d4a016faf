/**
 * Hostile section tokens: whatever text arrives where a token is expected, reading it ends in
 * a token or in one InputError naming the input, and decrypting it never returns a crash.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fc from "fast-check";
import { readEncryptionKey, readPrivateKey } from "../../../provider/crypto/keys";
import { decryptToken, encryptToken, isToken, parseToken } from "../../../provider/crypto/token";
import { readSection } from "../../../provider/contract/section";
import { CANARY } from "../../support/contracts";
import {
    assertClearFindings,
    damagedText,
    fuzzParameters,
    resultOrClearError,
    resultOrClearErrorAsync,
} from "../../support/fuzz";
import { pem, rsaPair } from "../../support/keys";

/** Whether two texts read as the same token: the same prefix and the same decoded bytes. */
function sameToken(a: string, b: string): boolean {
    const decoded = (text: string) => {
        const p = parseToken(text);
        return `${p.prefix}.${p.encryptedPassword.toString("hex")}.${p.body.toString("hex")}`;
    };
    try {
        return decoded(a) === decoded(b);
    } catch {
        return false;
    }
}

const base64Of = (bytes: number) =>
    fc
        .uint8Array({ minLength: bytes, maxLength: bytes })
        .map((b) => Buffer.from(b).toString("base64"));

/** Tokens that are well formed on the outside: a prefix and two base64 fields of any content. */
const shapedToken = fc
    .tuple(
        fc.constantFrom("hyper-protect-basic", "contract-basic", "basic", "hyper-protect"),
        fc.oneof(base64Of(256), base64Of(128), base64Of(512), fc.base64String()),
        fc.oneof(base64Of(48), base64Of(32), base64Of(17), fc.base64String()),
    )
    .map(([prefix, password, body]) => `${prefix}.${password}.${body}`);

describe("section tokens under fuzzing", function () {
    const keys = pem(rsaPair(2048));
    const privateKey = readPrivateKey(keys.privateKey);
    let sample: string;

    before(async () => {
        sample = await encryptToken(
            `iamApiKey: ${CANARY.iamApiKey}\n`,
            readEncryptionKey(keys.publicKey),
            "hyper-protect-basic",
        );
    });

    it("tells tokens from other values without ever throwing", () => {
        fc.assert(
            fc.property(fc.anything(), (value) => {
                const verdict = isToken(value);
                assert.equal(typeof verdict, "boolean");
            }),
            fuzzParameters(),
        );
    });

    it("parses any text into a token's parts or one InputError naming the field", () => {
        fc.assert(
            fc.property(fc.oneof(damagedText(sample), shapedToken), (text) => {
                const parts = resultOrClearError(() => parseToken(text, "env"), ["env"]);
                if (parts) {
                    assert.ok(parts.encryptedPassword.length > 0 && parts.body.length > 0);
                    assert.ok(isToken(text));
                }
            }),
            fuzzParameters(),
        );
    });

    it("decrypts damaged and forged tokens into an InputError that says nothing of the plaintext", async () => {
        await fc.assert(
            fc.asyncProperty(fc.oneof(damagedText(sample), shapedToken), async (text) => {
                const plain = await resultOrClearErrorAsync(
                    () => decryptToken(text, privateKey, "env"),
                    ["env"],
                    [CANARY.iamApiKey],
                );
                // A forged body can pass padding by chance; it never yields the sample's text.
                // Damage that leaves the decoded token as it was (surrounding space, a last
                // base64 character differing only in its unused bits) is the sample still, and
                // decrypts as the enclave would decrypt it.
                if (plain !== undefined && !sameToken(text, sample)) {
                    assert.ok(!plain.toString("latin1").includes(CANARY.iamApiKey));
                }
            }),
            fuzzParameters(0.1),
        );
    });

    it("refuses a token whose password block was encrypted for another key", async () => {
        const other = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
        const token = await encryptToken(
            "x",
            readEncryptionKey(other.publicKey.export({ type: "spki", format: "pem" }).toString()),
            "contract-basic",
        );
        await assert.rejects(decryptToken(token, privateKey, "workload"), {
            name: "InputError",
            field: "workload",
        });
    });

    it("reads any string given as a section into a section or findings, never a throw", () => {
        fc.assert(
            fc.property(
                fc.oneof(damagedText(sample, "type: env\n"), shapedToken),
                fc.constantFrom("workload" as const, "env" as const),
                (text, name) => {
                    const read = readSection(name, text);
                    assertClearFindings(read.findings);
                    assert.ok((read.section === undefined) === read.findings.length > 0);
                },
            ),
            fuzzParameters(),
        );
    });
});
