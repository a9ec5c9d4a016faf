/**
 * The keyed fingerprints that compare a resource's inputs with its state.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { canonicalJson, fingerprint, newFingerprintKey } from "../../../provider/dynamic/common";

describe("fingerprint", function () {
    it("is HMAC-SHA256 of the canonical JSON under the key, whichever key came before", () => {
        const [first, second] = [newFingerprintKey(), newFingerprintKey()];
        const value = { b: [1, "two"], a: null };
        const expected = (key: string) =>
            crypto
                .createHmac("sha256", Buffer.from(key, "base64"))
                .update(canonicalJson(value))
                .digest("hex");
        for (const key of [first, second, first, first, second]) {
            assert.equal(fingerprint(key, value), expected(key));
        }
        assert.notEqual(fingerprint(first, value), fingerprint(second, value));
        assert.equal(fingerprint(first, value), fingerprint(first, { a: null, b: [1, "two"] }));
    });
});
