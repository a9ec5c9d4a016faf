/**
 * Hostile CSR parameters (`--csrParam` JSON): anything that is not an object of known string
 * keys with a common name ends in one InputError naming the input; anything accepted makes a
 * signing request that reads back with its subject.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { readSigningKey } from "../../../provider/crypto/keys";
import {
    createSigningRequest,
    readCsrParameters,
    readSigningRequest,
} from "../../../provider/trust";
import { damagedText, fuzzParameters, resultOrClearError } from "../../support/fuzz";
import { openssl } from "../../support/tools";
import { pem, rsaPair } from "../../support/keys";

const KEYS = ["country", "state", "location", "org", "unit", "domain", "mail"];

/** Objects near the real shape: known keys (and a few others), values of any JSON type. */
const nearParameters = fc.dictionary(
    fc.oneof(fc.constantFrom(...KEYS, "__proto__", "toString", "CN"), fc.string({ maxLength: 8 })),
    fc.oneof(
        { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
        { weight: 1, arbitrary: fc.constantFrom("US", "de", "USA", "", " ") },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    ),
    { maxKeys: 8 },
);

/** Parameters of the real shape whose values are any text: quotes, controls, any script. */
const wellShaped = fc.record(
    Object.fromEntries(
        KEYS.map((k) => [
            k,
            fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: "binary", maxLength: 30 })),
        ]),
    ),
    { requiredKeys: ["domain"] },
);

describe("CSR parameters under fuzzing", function () {
    const signer = readSigningKey(pem(rsaPair(2048)).privateKey);
    const sample = JSON.stringify({
        country: "US",
        org: "Example",
        domain: "contracts.example.com",
    });

    it("reads any text or value into parameters or one InputError naming the input", () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    damagedText(sample),
                    nearParameters.map((p) => JSON.stringify(p)),
                    fc.jsonValue(),
                ),
                (input) => {
                    const params = resultOrClearError(
                        () => readCsrParameters(input, "--csrParam"),
                        ["--csrParam"],
                    );
                    if (params) assert.ok(params.domain.trim().length > 0);
                },
            ),
            fuzzParameters(),
        );
    });

    it("makes a request that reads back with its common name from any accepted parameters", () => {
        fc.assert(
            fc.property(fc.oneof(wellShaped, nearParameters), (raw) => {
                const params = resultOrClearError(() => readCsrParameters(JSON.stringify(raw)));
                if (!params) return;
                const made = resultOrClearError(
                    () => createSigningRequest(params, signer),
                    ["csrParameters"],
                );
                if (made) {
                    const back = readSigningRequest(made);
                    assert.ok(back.subject.includes(`CN=${params.domain}`), back.subject);
                }
            }),
            fuzzParameters(0.1),
        );
    });

    describe("found by fuzzing", () => {
        it("writes a non-ASCII subject once encoded, as openssl reads it", () => {
            const params = {
                domain: "contracts.example.com",
                location: "Böblingen",
                org: "Société",
            };
            const request = createSigningRequest(params, signer);
            const subject = openssl(
                ["req", "-noout", "-subject", "-nameopt", "utf8,sep_comma_plus"],
                request,
            )
                .toString("utf8")
                .trim();
            assert.equal(subject, "subject=L=Böblingen,O=Société,CN=contracts.example.com");
        });

        it("refuses a non-ASCII mail address, which an IA5String cannot hold", () => {
            assert.throws(() => readCsrParameters({ domain: "x", mail: "jörg@example.com" }), {
                message: "csrParameters: mail must be an ASCII email address",
            });
        });

        it("names a few unknown keys, not every one", () => {
            const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, "v"]));
            assert.throws(() => readCsrParameters({ ...many, domain: "x" }), {
                message:
                    'csrParameters: "k0", "k1", "k2" and 497 more are not keys (use country, state, location, org, unit, domain, mail)',
            });
        });
    });
});
