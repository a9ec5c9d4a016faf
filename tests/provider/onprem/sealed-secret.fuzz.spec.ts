/**
 * Sealed secrets under fuzzing: a damaged seal ends in one InputError that holds nothing of the
 * secret, and never opens to another value than the one sealed.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import {
    openSealedSecret,
    sealSecret,
    type SealedSecret,
} from "../../../provider/onprem/sealed-secret";
import { damagedText, fuzzParameters, resultOrClearError } from "../../support/fuzz";

const SECRET = "canary-sealed-secret-4b1d";

describe("sealed secrets under fuzzing", () => {
    let sample: SealedSecret;
    before(async () => {
        sample = await sealSecret({ secret: SECRET, section: "workload" });
    });

    it("opens a damaged seal into the sealed value or one InputError naming it", () => {
        fc.assert(
            fc.property(damagedText(sample.sealed), (text) => {
                const opened = resultOrClearError(
                    () => openSealedSecret(text, sample.decryptionKey, sample.verificationKey),
                    ["sealed"],
                    [SECRET],
                );
                // A damage the signature does not cover (the unused bits of its last
                // character, space around it) leaves the same seal.
                if (opened) assert.equal(opened.secret.toString(), SECRET);
            }),
            fuzzParameters(0.2),
        );
    });
});
