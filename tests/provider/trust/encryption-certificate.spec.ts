import * as assert from "node:assert/strict";
import { InputError } from "../../../provider/errors";
import { encryptionCertificateFor } from "../../../provider/trust/encryption-certificate";
import { requireVectors, vectorText } from "../../support/vectors";

describe("the encryption certificate for a version", function () {
    before(function () {
        requireVectors(this);
    });
    const sample = (folder: string, name: string) =>
        vectorText(`contract-go/samples/certificate-chain/${folder}/${name}`);
    // The valid chain's certificate ends on 2027-03-10: judge on fixed days.
    const before2027 = new Date("2026-06-01T00:00:00Z");

    it("chooses the highest version in a range and validates its chain, as of a given day", async () => {
        const got = await encryptionCertificateFor(">=1.0.20", {
            certificates: {
                "1.0.20": sample("expired-chain", "expired_encryption.crt"),
                "1.0.21": { cert: sample("valid-chain", "encryption.crt") },
            },
            chain: {
                intermediates: [sample("valid-chain", "intermediate.crt")],
                root: sample("valid-chain", "root.crt"),
            },
            now: before2027,
        });
        assert.equal(got.version, "1.0.21");
        assert.equal(got.source, "given");
        assert.equal(got.status, "valid");
        assert.equal(got.daysLeft, 282);
        assert.equal(got.notAfter, "2027-03-10T09:58:49.000Z");
        assert.deepEqual(
            got.chain?.map((s) => s.split(",")[0]),
            ["CN=Test Leaf Certificate", "CN=Test Intermediate CA", "CN=Test Root CA"],
        );
    });

    // [what, certificate folder and file, intermediate, day, error]
    const failures: [string, [string, string], [string, string], Date, RegExp][] = [
        [
            "a wrong intermediate",
            ["invalid-chain", "encryption.crt"],
            ["invalid-chain", "wrong_intermediate.crt"],
            before2027,
            /fails its chain at the issuer stage/,
        ],
        [
            "an expired certificate",
            ["expired-chain", "expired_encryption.crt"],
            ["expired-chain", "intermediate.crt"],
            before2027,
            /fails its chain at the dates stage/,
        ],
        [
            "the valid chain after its end",
            ["valid-chain", "encryption.crt"],
            ["valid-chain", "intermediate.crt"],
            new Date("2027-03-11T00:00:00Z"),
            /fails its chain at the dates stage: .*expired on 2027-03-10/,
        ],
    ];
    for (const [what, leaf, intermediate, now, error] of failures) {
        it(`fails with one error naming the version for ${what}`, async () => {
            await assert.rejects(
                encryptionCertificateFor("1.0.21", {
                    certificates: { "1.0.21": sample(...leaf) },
                    chain: {
                        intermediates: [sample(...intermediate)],
                        root: sample(leaf[0], "root.crt"),
                    },
                    now,
                }),
                (e: unknown) =>
                    InputError.isInstance(e) &&
                    e.field === "encryption certificate 1.0.21" &&
                    error.test(e.message),
            );
        });
    }
});
