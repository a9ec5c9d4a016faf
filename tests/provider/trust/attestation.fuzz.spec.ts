/**
 * Hostile attestation records: text of any layout, encrypted records that are damaged, record
 * names that collide with what every object inherits, and user data that is not a contract.
 * Each ends in a verdict or one InputError naming the input; nothing echoes the private key.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { readEncryptionKey } from "../../../provider/crypto/keys";
import { encryptToken } from "../../../provider/crypto/token";
import {
    parseAttestationRecords,
    readAttestationRecords,
    verifyAttestation,
} from "../../../provider/trust";
import { CANARY } from "../../support/contracts";
import {
    damagedText,
    fuzzParameters,
    resultOrClearError,
    resultOrClearErrorAsync,
} from "../../support/fuzz";
import { pem, rsaPair } from "../../support/keys";

const hash = fc.stringMatching(/^[0-9a-fA-F]{64}$/);
const NAMES = [
    "cidata/user-data",
    "contract:workload",
    "contract:env",
    "contract:attestationPublicKey",
    "contract:envWorkloadSignature",
    "baseimage",
    "root.tar.gz",
    "toString",
    "constructor",
    "__proto__",
    "hasOwnProperty",
];
const line = fc.oneof(
    fc
        .tuple(
            hash,
            fc.constantFrom(" ", "  ", "\t"),
            fc.oneof(fc.constantFrom(...NAMES), fc.string()),
        )
        .map((parts) => parts.join("")),
    fc.constantFrom("24.3.3", "Machine Type/Plant/Serial: 3931/02/8A018", "", "\r"),
    fc.string({ maxLength: 80 }),
);
const records = fc.array(line, { maxLength: 12 }).map((lines) => lines.join("\n"));

const userData = fc.oneof(
    fc.constantFrom(
        "workload: hyper-protect-basic.AAAA.BBBB\nenv: hyper-protect-basic.CCCC.DDDD\n",
        "workload:\n  type: workload\nenv: x\n",
    ),
    fc.string({ maxLength: 200 }),
);
const expected = fc.dictionary(
    fc.oneof(fc.constantFrom(...NAMES), fc.string()),
    fc.oneof(hash, fc.string()),
    {
        maxKeys: 4,
    },
);

describe("attestation records under fuzzing", function () {
    const keys = pem(rsaPair(2048));
    const encrypted = rsaPair(2048)
        .privateKey.export({
            type: "pkcs8",
            format: "pem",
            cipher: "aes-256-cbc",
            passphrase: CANARY.attestationKeyPassword,
        })
        .toString();
    let token: string;

    before(async () => {
        token = await encryptToken(
            `${"ab".repeat(32)} cidata/user-data\n`,
            readEncryptionKey(keys.publicKey),
            "hyper-protect-basic",
        );
    });

    it("reads any text as records, or names records", () => {
        fc.assert(
            fc.property(
                fc.oneof(records, damagedText(`${"cd".repeat(32)} baseimage\n`)),
                (text) => {
                    const read = resultOrClearError(
                        () => parseAttestationRecords(text),
                        ["records"],
                    );
                    if (read) assert.ok(read.entries.length > 0);
                },
            ),
            fuzzParameters(),
        );
    });

    it("compares records of any layout with any user data and expectations into a verdict", async () => {
        await fc.assert(
            fc.asyncProperty(records, userData, expected, async (text, data, want) => {
                const verdict = await resultOrClearErrorAsync(
                    () => verifyAttestation({ records: text, userData: data, expected: want }),
                    ["records"],
                );
                for (const c of verdict?.comparisons ?? []) {
                    assert.ok(["matching", "differing", "unknown"].includes(c.verdict));
                    assert.equal(typeof c.reason, "string");
                }
            }),
            fuzzParameters(),
        );
    });

    it("decrypts damaged records into an InputError that holds nothing of the key", async () => {
        const secrets = [CANARY.attestationKeyPassword];
        await fc.assert(
            fc.asyncProperty(
                damagedText(token),
                fc.constantFrom(keys.privateKey, encrypted),
                fc.constantFrom(CANARY.attestationKeyPassword, undefined, "wrong"),
                async (text, key, password) => {
                    await resultOrClearErrorAsync(
                        () => readAttestationRecords(text, key, password),
                        ["records", "privateKey"],
                        secrets,
                    );
                },
            ),
            fuzzParameters(0.1),
        );
    });

    describe("found by fuzzing", () => {
        it("compares a record named toString like any other", async () => {
            const verdict = await verifyAttestation({
                records: `${"ab".repeat(32)} toString\n`,
                userData: "workload: a\nenv: b\n",
            });
            assert.equal(verdict.comparisons[0].verdict, "unknown");
        });
    });
});
