import * as assert from "node:assert/strict";
import { REPO_ROOT } from "../support/vectors";
import { pem, rsaPair } from "../support/keys";

describe("the library API from the package main", () => {
    // The package main, as a user's program loads it.
    const main: typeof import("../../sdk") = require(REPO_ROOT);

    it("exports buildContract, validateContract, effectiveView, encryptSection and decryptSection", () => {
        for (const name of [
            "buildContract",
            "validateContract",
            "effectiveView",
            "encryptSection",
            "decryptSection",
            "formatFinding",
        ] as const) {
            assert.equal(typeof main[name], "function", name);
        }
        assert.ok(main.FINDING_CODES.SEED_INVALID.hpl.includes("HPL07001E"));
    });

    it("encrypts a section with the platform's prefix and decrypts it, encrypted key included", async () => {
        const pair = rsaPair(2048);
        const password = "a key password";
        const privateKey = pair.privateKey
            .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: password })
            .toString();
        for (const [platform, prefix] of [
            ["hpvs", "hyper-protect-basic."],
            ["ccco", "hyper-protect-basic."],
            ["ccrt", "contract-basic."],
            ["ccrv", "contract-basic."],
        ] as const) {
            const token = await main.encryptSection(" type: env\n", {
                encryptionCertificate: pem(pair).publicKey,
                platform,
            });
            assert.ok(token.startsWith(prefix), platform);
            assert.equal(
                await main.decryptSection(token, { privateKey, password }),
                " type: env\n",
            );
        }
    });
});
