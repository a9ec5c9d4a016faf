import * as assert from "node:assert/strict";
import * as YAML from "yaml";
import { countCryptoCalls } from "../../../bench/crypto-calls";
import {
    assembleContract,
    buildContract,
    prepareContract,
} from "../../../provider/contract/assemble";
import { parseToken } from "../../../provider/crypto/token";
import { DIGEST, auths, composeWorkload, envSection } from "../../support/contracts";
import { pem, rsaPair, testIdentity } from "../../support/keys";

/** Counts the calls to a module function while `fn` runs. */
async function counting<T>(
    module: Record<string, unknown>,
    name: string,
    fn: () => Promise<T>,
): Promise<{ result: T; calls: number }> {
    const original = module[name] as (...args: unknown[]) => unknown;
    let calls = 0;
    module[name] = function (this: unknown, ...args: unknown[]) {
        calls++;
        return original.apply(this, args);
    };
    try {
        return { result: await fn(), calls };
    } finally {
        module[name] = original;
    }
}

const salt = (token: string) => parseToken(token).body.subarray(8, 16).toString("hex");

describe("a contract's work, done once", function () {
    let certificate: string;
    const signer = pem(rsaPair(2048));

    before(async () => {
        ({ certificate } = await testIdentity(2048));
    });

    const input = (images: Record<string, string> = { web: `us.icr.io/team/app@${DIGEST}` }) => ({
        workload: composeWorkload(images),
        env: envSection({ auths: auths("us.icr.io") }),
        encryptionCertificate: certificate,
        signingKey: signer.privateKey,
    });

    it("starts both sections' key derivations before it validates, and spends them on one contract", async () => {
        const counter = countCryptoCalls();
        let first;
        let second;
        let derivedAhead;
        try {
            const prepared = prepareContract(input());
            derivedAhead = counter.counts.pbkdf2;
            first = await assembleContract(prepared);
            second = await assembleContract(prepared);
        } finally {
            counter.restore();
        }
        assert.equal(derivedAhead, 2);
        assert.equal(counter.counts.pbkdf2, 4, "the second assembly derives keys of its own");
        assert.notEqual(salt(first.workloadToken), salt(second.workloadToken));
        assert.notEqual(salt(first.envToken), salt(second.envToken));
    });

    it("derives no key for a section whose token is kept", async () => {
        const kept = (await buildContract(input())).workloadToken;
        const counter = countCryptoCalls();
        try {
            const options = { reuseWorkloadToken: kept };
            const built = await assembleContract(prepareContract(input(), options), options);
            assert.equal(built.workloadToken, kept);
        } finally {
            counter.restore();
        }
        assert.equal(counter.counts.pbkdf2, 1);
    });

    it("writes each section given as a mapping to YAML once, for its size and its encryption", async () => {
        const yaml = require("yaml") as Record<string, unknown>;
        const { result, calls } = await counting(yaml, "stringify", () => buildContract(input()));
        assert.equal(calls, 2);
        assert.equal(result.size.bytes, Buffer.byteLength(result.userData));
        assert.equal(YAML.parse(result.userData).workload, result.workloadToken);
    });

    it("reads a compose archive once for a fleet of contracts that share it", async () => {
        const fleet = input({ web: `us.icr.io/team/fleet@${DIGEST}` });
        const { calls } = await counting(
            require("node:zlib") as Record<string, unknown>,
            "gunzipSync",
            async () => {
                for (let i = 0; i < 3; i++) await buildContract(structuredClone(fleet));
            },
        );
        assert.equal(calls, 1);
    });
});
