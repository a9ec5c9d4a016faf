import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { readSigningKey } from "../../../provider/crypto/keys";
import {
    readContractSigner,
    signSections,
    verifySections,
} from "../../../provider/crypto/signature";
import { writeUserData } from "../../../provider/contract/user-data";
import { pem, rsaPair } from "../../support/keys";
import { bash, scratch } from "../../support/tools";
import { requireVectors, vectorText } from "../../support/vectors";

describe("contract signatures", () => {
    it("signs the workload value followed by the env value, as openssl dgst -sha256 verifies", async () => {
        const pair = rsaPair(2048);
        const { dir, remove } = scratch();
        try {
            const signature = await signSections(
                "hyper-protect-basic.W.W",
                "hyper-protect-basic.E.E",
                pair.privateKey,
            );
            fs.writeFileSync(path.join(dir, "pub.pem"), pem(pair).publicKey);
            fs.writeFileSync(
                path.join(dir, "data"),
                "hyper-protect-basic.W.Whyper-protect-basic.E.E",
            );
            fs.writeFileSync(path.join(dir, "sig"), Buffer.from(signature, "base64"));
            const out = bash("openssl dgst -sha256 -verify pub.pem -signature sig data", dir);
            assert.match(out, /Verified OK/);
        } finally {
            remove();
        }
    });

    it("verifies its own signatures, and refuses them over other data", async () => {
        const pair = rsaPair(2048);
        const signature = await signSections("w", "e", pair.privateKey);
        assert.ok(verifySections("w", "e", signature, pair.publicKey));
        assert.ok(!verifySections("e", "w", signature, pair.publicKey));
        assert.ok(
            !verifySections(
                "w",
                "e",
                signature,
                crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey,
            ),
        );
    });

    it("reads env.signingKey as PEM, base64 of PEM, or a certificate", () => {
        const { publicKey } = pem(rsaPair(2048));
        assert.ok(readContractSigner(publicKey).publicKey);
        assert.ok(readContractSigner(Buffer.from(publicKey).toString("base64")).publicKey);
        assert.throws(() => readContractSigner("not a key"), /env.signingKey/);
    });

    describe("IBM's vector", function () {
        before(function () {
            requireVectors(this);
        });

        it("reproduces contract-go's signed contract byte for byte", async () => {
            const contract = YAML.parse(vectorText("contract-go/samples/sign/contract.enc.yaml"));
            const key = readSigningKey(vectorText("contract-go/samples/encrypt/private.pem"));
            const signature = await signSections(contract.workload, contract.env, key.privateKey);
            assert.ok(signature.startsWith("C0PdY7bpK6/lzCpA"));
            const out = writeUserData({
                workload: contract.workload,
                env: contract.env,
                envWorkloadSignature: signature,
            });
            const hash = crypto.createHash("sha256").update(out).digest("hex");
            assert.equal(hash, "001e7c38bf6f34c80e0c1f7ca42ef420667f09687038bbe0233badda9cc210af");
        });
    });
});
