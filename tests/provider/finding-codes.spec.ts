import * as assert from "node:assert/strict";
import { FINDING_CODES, type FindingCodeInfo } from "../../provider/finding-codes";

/**
 * The enclave boot messages whose cause a contract check can see offline, in full (`yes`) or
 * in part (`partly`), as IBM's catalogue of HPL messages is classified in the project's
 * reference (`hpl-errors.md`, 63 of 109 codes).
 */
const OFFLINE = `HPL01000E HPL01001E HPL01002W HPL01005E HPL01006E HPL01007E HPL01008E HPL01009E
    HPL01011E HPL02003E HPL02007E HPL02121E HPL02123E HPL02125E HPL05000E HPL05001E HPL05002E
    HPL05003E HPL06000E HPL06001E HPL06002E HPL06003E HPL06004E HPL06006E HPL06007E HPL06008E
    HPL06009E HPL06010E HPL07000E HPL07001E HPL07002E HPL07010E HPL07012E HPL07013E HPL07015E
    HPL08000E HPL08001E HPL08002E HPL08003E HPL08004E HPL08005E HPL09000E HPL09001E HPL10000E
    HPL11001E HPL11002E HPL12000E HPL12001E HPL12002E HPL12003E HPL12004E HPL12006E HPL12007E
    HPL14001E HPL14002E HPL15000E HPL15001E HPL15002E HPL15005E HPL15006I HPL16000E HPL16001E
    HPL16002E`.split(/\s+/);

/** Offline causes no check foresees, and why. */
const NOT_FORESEEN: Record<string, string> = {
    HPL02003E:
        "seeds that differ from those that first encrypted the volume: needs the earlier contract",
    HPL07012E: "a kms entry dropped after a change of key: needs the earlier contract",
};

const entries = Object.entries(FINDING_CODES) as [string, FindingCodeInfo][];

describe("the catalogue of finding codes", () => {
    it("lists the enclave messages by their catalogue form, each once per code", () => {
        for (const [code, info] of entries) {
            const all = [...info.hpl, ...(info.alsoSeenAs ?? [])];
            for (const hpl of all) assert.match(hpl, /^HPL\d{5}[EWI]$/, code);
            assert.equal(new Set(all).size, all.length, code);
            if (info.alsoSeenAs) assert.ok(info.hpl.length > 0, `${code} has aliases only`);
        }
    });

    it("foresees every enclave message whose cause is visible offline, but for the listed few", () => {
        const named = new Set<string>(
            entries.flatMap(([, i]) => [...i.hpl, ...(i.alsoSeenAs ?? [])]),
        );
        assert.equal(OFFLINE.length, 63);
        const missing = OFFLINE.filter((hpl) => !named.has(hpl));
        assert.deepEqual(missing.sort(), Object.keys(NOT_FORESEEN).sort());
    });

    it("has a summary and at least one severity for every code", () => {
        for (const [code, info] of entries) {
            assert.ok(info.summary.length > 10, code);
            assert.ok(info.severities.length > 0, code);
        }
    });
});
