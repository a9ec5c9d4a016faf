import * as assert from "node:assert/strict";
import { formatFinding } from "../../../provider/findings";
import { signatureRules } from "../../../provider/contract/rules-keys";
import { validateContract } from "../../../provider/contract/validate";
import { signSections } from "../../../provider/crypto/signature";
import { composeWorkload, envSection } from "../../support/contracts";
import { pem, rsaPair } from "../../support/keys";

describe("rules on an existing signature", () => {
    const W = "hyper-protect-basic.V09SSw==.V09SSw==";
    const E = "hyper-protect-basic.RU5W.RU5W";
    const signer = rsaPair(2048);
    const signingKey = Buffer.from(pem(signer).publicKey).toString("base64");
    let signature: string;
    before(async () => {
        signature = await signSections(W, E, signer.privateKey);
    });

    it("passes a signature over the workload then the env value, made with env.signingKey", () => {
        assert.deepEqual(signatureRules(W, E, signature, signingKey, true), []);
    });

    it("passes a contract with neither a signature nor a signing key", () => {
        assert.deepEqual(signatureRules(W, E, undefined, undefined, true), []);
    });

    it('reports a signature without env.signingKey as "SIGNATURE_INCOMPLETE" (HPL12004E)', () => {
        const [f] = signatureRules(W, E, signature, undefined, true);
        assert.equal(formatFinding(f).split(":")[0], "error SIGNATURE_INCOMPLETE env.signingKey");
        assert.equal(f.hpl, "HPL12004E");
    });

    it("reports env.signingKey without a signature as SIGNATURE_INCOMPLETE", () => {
        const [f] = signatureRules(W, E, undefined, signingKey, true);
        assert.equal(f.code, "SIGNATURE_INCOMPLETE");
        assert.equal(f.path, "envWorkloadSignature");
    });

    it('reports a signature over other values as "SIGNATURE_INVALID" (HPL12001E)', () => {
        for (const [w, e] of [
            [E, W],
            [W, `${E}x`],
        ]) {
            const [f] = signatureRules(w, e, signature, signingKey, true);
            assert.equal(f.code, "SIGNATURE_INVALID");
            assert.equal(f.path, "envWorkloadSignature");
            assert.equal(f.hpl, "HPL12001E");
        }
    });

    it("reports a signature by another key as SIGNATURE_INVALID", () => {
        const other = Buffer.from(pem(rsaPair(1024)).publicKey).toString("base64");
        assert.equal(signatureRules(W, E, signature, other, true)[0]?.code, "SIGNATURE_INVALID");
    });

    it("says nothing while env is encrypted, since its signingKey cannot be read", () => {
        assert.deepEqual(signatureRules(W, E, "AAAA", undefined, false), []);
    });
});

describe("rules on tokens", () => {
    it("reports a damaged attestation token as a finding rather than throwing", () => {
        const result = validateContract({
            workload: composeWorkload(),
            env: envSection(),
            attestationPublicKey: "hyper-protect-basic.QUJ.QUJD",
        });
        const f = result.findings.find((x) => x.path === "attestationPublicKey");
        assert.equal(f?.code, "TOKEN_INVALID");
        assert.equal(f?.hpl, "HPL11001E");
    });
});
