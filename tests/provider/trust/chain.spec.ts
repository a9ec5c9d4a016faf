import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { validateChain, type ChainInput } from "../../../provider/trust/chain";
import { readRevocationList, revocationDate } from "../../../provider/trust/crl";
import { readCertificate } from "../../../provider/trust/x509";
import { InputError } from "../../../provider/errors";
import { openssl } from "../../support/tools";
import { requireVectors, vectorText } from "../../support/vectors";
import { createPki, type TestPki } from "./pki";

const DAY = 86_400_000;

describe("certificate chains", () => {
    describe("contract-go's sample chains", function () {
        before(function () {
            requireVectors(this);
        });
        // The valid chain's certificate ends on 2027-03-10: judge on a fixed day.
        const now = new Date("2026-06-01T00:00:00Z");
        const sample = (folder: string, leaf: string, intermediate: string): ChainInput => ({
            certificate: vectorText(`contract-go/samples/certificate-chain/${folder}/${leaf}`),
            intermediates: [
                vectorText(`contract-go/samples/certificate-chain/${folder}/${intermediate}`),
            ],
            root: vectorText(`contract-go/samples/certificate-chain/${folder}/root.crt`),
            now,
        });

        it("accepts the valid chain", () => {
            const verdict = validateChain(
                sample("valid-chain", "encryption.crt", "intermediate.crt"),
            );
            assert.equal(verdict.valid, true, verdict.reason);
            assert.deepEqual(
                verdict.chain.map((l) => l.subject.split(",")[0]),
                ["CN=Test Leaf Certificate", "CN=Test Intermediate CA", "CN=Test Root CA"],
            );
            assert.equal(verdict.chain[0].notAfter, "2027-03-10T09:58:49.000Z");
        });

        it("fails the valid chain on its dates after 2027-03-10", () => {
            const input = { ...sample("valid-chain", "encryption.crt", "intermediate.crt") };
            const verdict = validateChain({ ...input, now: new Date("2027-03-11T00:00:00Z") });
            assert.equal(verdict.stage, "dates");
            assert.match(verdict.reason!, /expired on 2027-03-10/);
        });

        it("fails the chain with the wrong intermediate at the issuer stage", () => {
            const verdict = validateChain(
                sample("invalid-chain", "encryption.crt", "wrong_intermediate.crt"),
            );
            assert.equal(verdict.valid, false);
            assert.equal(verdict.stage, "issuer");
            assert.match(verdict.reason!, /names CN=Test Intermediate CA.* as its issuer/);
        });

        it("fails the expired chain on dates", () => {
            const verdict = validateChain(
                sample("expired-chain", "expired_encryption.crt", "intermediate.crt"),
            );
            assert.equal(verdict.stage, "dates");
            assert.match(verdict.subject!, /Expired Leaf Certificate/);
        });
    });

    describe("a PKI shaped like IBM's", () => {
        let pki: TestPki;
        before(() => {
            pki = createPki();
        });
        after(() => pki.remove());

        const chain = (over: Partial<ChainInput> = {}): ChainInput => ({
            certificate: pki.cert("leaf"),
            intermediates: [pki.cert("ibm"), pki.cert("digicert")],
            root: pki.cert("root"),
            ...over,
        });

        it("accepts the four-level chain, as openssl verify does", () => {
            assert.equal(validateChain(chain()).valid, true);
            fs.writeFileSync(
                path.join(pki.dir, "untrusted.pem"),
                pki.cert("ibm") + pki.cert("digicert"),
            );
            const out = openssl([
                "verify",
                "-CAfile",
                path.join(pki.dir, "root.crt"),
                "-untrusted",
                path.join(pki.dir, "untrusted.pem"),
                path.join(pki.dir, "leaf.crt"),
            ]).toString();
            assert.match(out, /OK/);
        });

        // [what, input change, stage, reason]
        const failures: [string, () => Partial<ChainInput>, string, RegExp][] = [
            [
                "intermediates in the wrong order",
                () => ({ intermediates: [pki.cert("digicert"), pki.cert("ibm")] }),
                "issuer",
                /names CN=Test Intermediate.* as its issuer/,
            ],
            [
                "a missing IBM intermediate",
                () => ({ intermediates: [pki.cert("digicert")] }),
                "issuer",
                /as its issuer/,
            ],
            [
                "an issuer whose basicConstraints deny it is a CA",
                () => ({
                    certificate: pki.cert("underNotCa"),
                    intermediates: [pki.cert("notCa"), pki.cert("digicert")],
                }),
                "ca",
                /its basicConstraints say it is not a CA/,
            ],
            [
                "a root that is not self-signed",
                () => ({ intermediates: [pki.cert("ibm")], root: pki.cert("digicert") }),
                "root",
                /not self-signed/,
            ],
            [
                "a day before the chain begins",
                () => ({ now: new Date(Date.now() - 2 * DAY) }),
                "dates",
                /is not valid before/,
            ],
            [
                "a day after the certificate ends",
                () => ({ now: new Date(Date.now() + 400 * DAY) }),
                "dates",
                /Test Contract Encryption|expired on/,
            ],
        ];
        for (const [what, change, stage, reason] of failures) {
            it(`fails at the ${stage} stage for ${what}`, () => {
                const verdict = validateChain(chain(change()));
                assert.equal(verdict.valid, false);
                assert.equal(verdict.stage, stage);
                assert.match(verdict.reason!, reason);
            });
        }

        it("throws for inputs that are no certificates", () => {
            assert.throws(
                () => validateChain(chain({ intermediates: ["nonsense"] })),
                (e: unknown) => InputError.isInstance(e) && e.field === "intermediate 1",
            );
        });

        describe("revocation", () => {
            it("passes a certificate that the IBM intermediate's list does not revoke", () => {
                const crl = pki.crl("ibm", { revoke: ["other"] });
                const verdict = validateChain(chain({ crls: [crl] }));
                assert.equal(verdict.valid, true, verdict.reason);
                assert.deepEqual(
                    verdict.revocation.map((r) => r.status),
                    ["good"],
                );
            });

            it("fails a revoked certificate, matching serials exactly", () => {
                // leaf and other have consecutive serials: only the revoked one may fail.
                const crl = pki.crl("ibm", { revoke: ["leaf"] });
                const leaf = readCertificate(pki.cert("leaf"), "leaf");
                const other = readCertificate(pki.cert("other"), "other");
                const list = readRevocationList(crl);
                assert.ok(revocationDate(list, leaf.serialNumber));
                assert.equal(revocationDate(list, other.serialNumber), undefined);
                const verdict = validateChain(chain({ crls: [crl] }));
                assert.equal(verdict.stage, "revoked");
                assert.match(verdict.reason!, new RegExp(`serial ${leaf.serialNumber}`));
                assert.equal(
                    validateChain(chain({ certificate: pki.cert("other"), crls: [crl] })).valid,
                    true,
                );
            });

            it("reads DER lists as well as PEM, and checks every issuer's list", () => {
                const verdict = validateChain(
                    chain({
                        crls: [
                            pki.crl("ibm", { der: true }),
                            pki.crl("digicert", { revoke: ["ibm"], der: true }),
                        ],
                    }),
                );
                assert.equal(verdict.stage, "revoked");
                assert.match(verdict.subject!, /Test Intermediate/);
            });

            it("agrees with openssl on the revoked serials", () => {
                const crl = pki.crl("ibm", { revoke: ["leaf", "other"] });
                const text = openssl(["crl", "-noout", "-text"], crl).toString();
                const serials = [...text.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) =>
                    m[1].replace(/^0+(?=.)/, ""),
                );
                assert.deepEqual(
                    [...readRevocationList(crl).revoked.keys()].sort(),
                    serials.sort(),
                );
            });

            // [what, list, reason]
            const unusable: [string, () => Buffer, RegExp][] = [
                [
                    "a stale list",
                    () =>
                        pki.crl("ibm", {
                            lastUpdate: "20250101000000Z",
                            nextUpdate: "20250201000000Z",
                        }),
                    /stale: its next update was due on 2025-02-01/,
                ],
                [
                    "a list from the future",
                    () =>
                        pki.crl("ibm", {
                            lastUpdate: "20990101000000Z",
                            nextUpdate: "20990201000000Z",
                        }),
                    /not valid before 2099-01-01/,
                ],
                [
                    "a list whose signature was altered",
                    () => {
                        const der = pki.crl("ibm", { der: true });
                        der[der.length - 5] ^= 0x01;
                        return der;
                    },
                    /signature that does not verify/,
                ],
            ];
            for (const [what, list, reason] of unusable) {
                it(`refuses ${what}`, () => {
                    const verdict = validateChain(chain({ crls: [list()] }));
                    assert.equal(verdict.stage, "crl");
                    assert.match(verdict.reason!, reason);
                });
            }

            it("checks the root's list against the DigiCert intermediate", () => {
                const verdict = validateChain(chain({ crls: [pki.crl("root")] }));
                assert.equal(verdict.valid, true, verdict.reason);
                assert.match(verdict.revocation[0].subject, /Test Code Signing CA/);
            });

            it("refuses a list signed by a stranger under the same issuer name", () => {
                const stranger = createPki();
                try {
                    const verdict = validateChain(chain({ crls: [stranger.crl("ibm")] }));
                    assert.equal(verdict.stage, "crl");
                    assert.match(verdict.reason!, /signature that does not verify/);
                } finally {
                    stranger.remove();
                }
            });

            it("refuses a list by no issuer of the chain", () => {
                const verdict = validateChain(chain({ crls: [pki.crl("leaf")] }));
                assert.equal(verdict.stage, "crl");
                assert.match(verdict.reason!, /no issuer of this chain/);
            });

            it("refuses bytes that are no list", () => {
                assert.throws(
                    () => readRevocationList(Buffer.from([0x30, 0x03, 0x02, 0x01])),
                    /not a valid CRL/,
                );
                assert.throws(() => readRevocationList("hello"), /holds no CRL/);
            });
        });
    });
});
