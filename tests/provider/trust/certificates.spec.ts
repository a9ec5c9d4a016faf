import * as assert from "node:assert/strict";
import {
    certificateDocument,
    certificateValidity,
    chooseCertificate,
    formatCertificateDocument,
    readCertificateDocument,
} from "../../../provider/trust/certificates";
import { createTestIdentity } from "../../../provider/trust/test-identity";
import { InputError } from "../../../provider/errors";
import { requireVectors, vectorText } from "../../support/vectors";

const DAY = 86_400_000;

describe("encryption certificate status", () => {
    let cert: string;
    let notAfter: Date;

    before(async () => {
        cert = (await createTestIdentity({ bits: 2048, days: 400 })).certificate;
        notAfter = new Date(certificateValidity(cert).notAfter);
    });

    // [days before the end, status, days left]
    const table: [number, string, number][] = [
        [400, "valid", 400],
        [180, "valid", 180],
        [179.5, "expiring", 179],
        [0.5, "expiring", 0],
        [-0.5, "expired", -1],
        [-30, "expired", -30],
    ];
    for (const [before, status, days] of table) {
        it(`is ${status} with ${days} days left ${before} days before its end`, () => {
            const now = new Date(notAfter.getTime() - before * DAY);
            const v = certificateValidity(cert, now);
            assert.equal(v.status, status);
            assert.equal(v.daysLeft, days);
            assert.equal(v.notAfter, notAfter.toISOString());
        });
    }

    it("refuses text that is not a certificate", () => {
        assert.throws(() => certificateValidity("hello"), InputError);
    });

    describe("IBM's samples", function () {
        before(function () {
            requireVectors(this);
        });

        it("reads active.crt as valid until 2030-11-09 and expired.crt as expired in 2021", () => {
            const now = new Date("2026-09-01T00:00:00Z");
            const active = certificateValidity(
                vectorText("contract-go/samples/encryption-cert/active.crt"),
                now,
            );
            assert.equal(active.status, "valid");
            assert.equal(active.notAfter.slice(0, 10), "2030-11-09");
            const expired = certificateValidity(
                vectorText("contract-go/samples/encryption-cert/expired.crt"),
                now,
            );
            assert.equal(expired.status, "expired");
            assert.equal(expired.notAfter.slice(0, 4), "2021");
        });
    });
});

describe("certificate download documents", () => {
    const pems: Record<string, string> = {};

    before(async () => {
        for (const [version, days] of [
            ["1.0.20", 100],
            ["1.0.21", 300],
            ["1.0.22", 365],
        ] as const) {
            pems[version] = (await createTestIdentity({ bits: 1024, days })).certificate;
        }
    });

    const versions = () => Object.entries(pems).map(([version, pem]) => ({ version, pem }));

    it("maps each version to its certificate, status, days left and ISO end date", () => {
        const doc = certificateDocument(versions());
        assert.deepEqual(Object.keys(doc), ["1.0.20", "1.0.21", "1.0.22"]);
        assert.equal(doc["1.0.20"].status, "expiring");
        assert.equal(doc["1.0.22"].status, "valid");
        assert.equal(doc["1.0.22"].cert, pems["1.0.22"]);
        assert.equal(typeof doc["1.0.22"].expiry_days, "number");
        assert.match(doc["1.0.22"].expiry_date, /^\d{4}-\d\d-\d\dT/);
    });

    for (const format of ["json", "yaml"] as const) {
        it(`reads back what it writes as ${format}`, () => {
            const text = formatCertificateDocument(certificateDocument(versions()), format);
            const read = readCertificateDocument(text);
            assert.deepEqual(Object.keys(read), ["1.0.20", "1.0.21", "1.0.22"]);
            assert.equal(read["1.0.21"].cert, pems["1.0.21"]);
        });
    }

    it("writes text as each certificate after a status line", () => {
        const text = formatCertificateDocument(certificateDocument(versions()), "text");
        assert.match(text, /^# 1\.0\.20: expiring, \d+ days left, until \d{4}-/);
        assert.equal(text.match(/BEGIN CERTIFICATE/g)?.length, 3);
    });

    it("reads IBM's form, whose expiry_days is a string and expiry_date not ISO", () => {
        const ibm = JSON.stringify({
            "1.0.21": {
                cert: pems["1.0.21"],
                expiry_date: "01-01-27 00:00:00 GMT",
                expiry_days: "300",
                status: "valid",
            },
        });
        assert.equal(chooseCertificate(readCertificateDocument(ibm), "*").version, "1.0.21");
    });

    // [range, chosen version]
    const choices: [string, string][] = [
        ["*", "1.0.22"],
        ["> 1.0.20", "1.0.22"],
        ["1.0.21", "1.0.21"],
        ["<1.0.22", "1.0.21"],
        ["~1.0.20 <1.0.21", "1.0.20"],
    ];
    for (const [range, version] of choices) {
        it(`chooses ${version} for "${range}", judging its status afresh`, () => {
            const chosen = chooseCertificate(certificateDocument(versions()), range);
            assert.equal(chosen.version, version);
            assert.equal(chosen.cert, pems[version]);
            const later = new Date(Date.now() + 500 * DAY);
            assert.equal(
                chooseCertificate(certificateDocument(versions()), range, later).validity.status,
                "expired",
            );
        });
    }

    it("says which versions exist when none is in the range", () => {
        assert.throws(
            () => chooseCertificate(certificateDocument(versions()), ">=2"),
            /">=2" matches none of the versions given \(1\.0\.20, 1\.0\.21, 1\.0\.22\)/,
        );
    });

    it("refuses documents whose keys are not versions or whose entries lack a cert", () => {
        assert.throws(
            () => readCertificateDocument(JSON.stringify({ "1.0": { cert: "x" } })),
            /"1\.0".*not a version/,
        );
        assert.throws(() => readCertificateDocument(JSON.stringify({ "1.0.1": {} })), /no cert/);
        assert.throws(() => readCertificateDocument("[1, 2]"), /must map versions/);
    });
});
