import * as assert from "node:assert/strict";
import { countCryptoCalls } from "../../../bench/crypto-calls";
import * as blocks from "../../../provider/dynamic/block-handlers";
import * as handlers from "../../../provider/dynamic/contract-handlers";
import { createTestIdentity } from "../../../provider/trust/test-identity";
import { DIGEST, auths, composeWorkload, envSection } from "../../support/contracts";
import { pem, rsaPair } from "../../support/keys";
import { captureLog } from "../../support/stderr";

const PROVIDER = "exports.handler = () => undefined";

describe("previewing unchanged Contract resources", function () {
    const signer = pem(rsaPair(2048));

    async function contract(days: number) {
        const identity = await createTestIdentity({ bits: 2048, days });
        const news = {
            __provider: PROVIDER,
            resourceName: "fleet-member",
            providerVersion: "1.0.0",
            platform: "hpvs",
            workload: composeWorkload({ web: `us.icr.io/team/app@${DIGEST}` }),
            env: envSection({ auths: auths("us.icr.io") }),
            encryptionCertificate: identity.certificate,
            signingKey: signer.privateKey,
        };
        const state = { ...(await handlers.create(news)).outs, __provider: PROVIDER };
        return { news, state };
    }

    /** check, then diff, as the engine runs them for a resource during a preview. */
    async function preview(news: Record<string, unknown>, state: Record<string, unknown>) {
        const checked = await handlers.check(structuredClone(news), structuredClone(news));
        return { checked, diff: await handlers.diff("id", state, checked.inputs) };
    }

    it("finds no change in 50 resources without one call into the crypto module", async () => {
        const { news, state } = await contract(365);
        const counter = countCryptoCalls();
        let log: string;
        try {
            ({ log } = await captureLog(async () => {
                for (let i = 0; i < 50; i++) {
                    const member = { ...news, resourceName: `m${i}` };
                    const { checked, diff } = await preview(member, state);
                    assert.deepEqual(checked.failures, []);
                    assert.equal(diff.changes, false);
                }
            }));
        } finally {
            counter.restore();
        }
        assert.equal(counter.contractCrypto(), 0, JSON.stringify(counter.packageCounts));
        assert.equal(log, "");
        // What remains are the keyed fingerprints that compare inputs with state: one HMAC per
        // fingerprinted input, a hash and no key, derivation, cipher or signature.
        assert.equal(counter.counts.createHmac, 50 * Object.keys(state.fingerprints).length);
    });

    it("still warns of the certificate's end, judged from the date in state", async () => {
        const { news, state } = await contract(30);
        const { log } = await captureLog(() => preview(news, state));
        const lines = log.trim().split("\n");
        assert.equal(lines.length, 1);
        assert.match(lines[0], /^warning: fleet-member: warning CERTIFICATE_EXPIRING/);
    });

    it("finds no change in unchanged building blocks without one call into the crypto module", async () => {
        const identity = await createTestIdentity({ bits: 2048, days: 365 });
        const common = { __provider: PROVIDER, providerVersion: "1.0.0" };
        const bags: Record<string, unknown>[] = [
            {
                ...common,
                kind: "sealed-workload",
                resourceName: "workload",
                platform: "hpvs",
                workload: composeWorkload({ web: `\${REGISTRY}/app@${DIGEST}` }),
                encryptionCertificate: identity.certificate,
            },
            {
                ...common,
                kind: "encrypted-text",
                resourceName: "text",
                platform: "hpvs",
                text: "a value",
                encryptionCertificate: identity.certificate,
            },
            {
                ...common,
                kind: "sealed-secret",
                resourceName: "secret",
                section: "env",
                secret: "a value",
                encryptionKey: signer.privateKey,
                signingKey: signer.privateKey,
            },
        ];
        const made: { inputs: Record<string, unknown>; state: Record<string, unknown> }[] = [];
        for (const news of bags) {
            const { inputs } = await blocks.check({}, news);
            made.push({ inputs, state: { ...(await blocks.create(inputs)).outs, ...common } });
        }
        const counter = countCryptoCalls();
        try {
            await captureLog(async () => {
                for (let i = 0; i < 20; i++) {
                    for (const { inputs, state } of made) {
                        const checked = await blocks.check(
                            structuredClone(inputs),
                            structuredClone(inputs),
                        );
                        assert.deepEqual(checked.failures, []);
                        const diff = await blocks.diff("id", state, checked.inputs);
                        assert.equal(diff.changes, false);
                    }
                }
            });
        } finally {
            counter.restore();
        }
        assert.equal(counter.contractCrypto(), 0, JSON.stringify(counter.packageCounts));
    });
});
