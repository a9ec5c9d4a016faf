/**
 * Hostile certificates, revocation lists, signing requests and certificate documents: damaged
 * DER, damaged PEM and text that is neither end in one InputError naming the input, or in a
 * verdict, and never in a crash of the DER reader.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { readSigningKey } from "../../../provider/crypto/keys";
import { certificateValidity, readCertificateDocument } from "../../../provider/trust/certificates";
import { validateChain } from "../../../provider/trust/chain";
import { readRevocationList } from "../../../provider/trust/crl";
import { createSigningRequest, readSigningRequest } from "../../../provider/trust/csr";
import { DerError, readOid, readOne } from "../../../provider/trust/der";
import { formatName, readCertificate } from "../../../provider/trust/x509";
import { damaged, damagedText, fuzzParameters, resultOrClearError } from "../../support/fuzz";
import { pem, rsaPair } from "../../support/keys";
import { createPki, type TestPki } from "./pki";

const derOf = (pemText: string) =>
    Buffer.from(pemText.replace(/-----[^-]+-----|\s+/g, ""), "base64");
const pemOf = (label: string, der: Buffer) =>
    `-----BEGIN ${label}-----\n${der.toString("base64")}\n-----END ${label}-----\n`;

describe("certificates, revocation lists and signing requests under fuzzing", function () {
    let pki: TestPki;
    let leafDer: Buffer;
    let crlDer: Buffer;
    let csrDer: Buffer;

    before(() => {
        pki = createPki();
        leafDer = derOf(pki.cert("leaf"));
        crlDer = pki.crl("ibm", { revoke: ["other"], der: true });
        const signer = readSigningKey(pem(rsaPair(2048)).privateKey);
        csrDer = derOf(
            createSigningRequest({ domain: "contracts.example.com", org: "Example" }, signer),
        );
    });
    after(() => pki?.remove());

    it("reads a damaged certificate, as DER or PEM, into its facts or one InputError", () => {
        fc.assert(
            fc.property(damaged(leafDer), fc.boolean(), (der, asPem) => {
                const input = asPem ? pemOf("CERTIFICATE", der) : der;
                const facts = resultOrClearError(
                    () => readCertificate(input, "certificate"),
                    ["certificate"],
                );
                if (facts) {
                    assert.ok(facts.notBefore.getTime() <= Number.MAX_SAFE_INTEGER);
                    assert.equal(typeof facts.subject, "string");
                    resultOrClearError(() => certificateValidity(input), ["certificate"]);
                }
            }),
            fuzzParameters(0.5),
        );
    });

    it("judges a chain with a damaged link: a verdict, or an InputError naming the link", () => {
        const links = ["certificate", "intermediate 1", "intermediate 2", "root", "crl 1"];
        fc.assert(
            fc.property(damaged(leafDer), damaged(crlDer), (leaf, crl) => {
                const verdict = resultOrClearError(
                    () =>
                        validateChain({
                            certificate: leaf,
                            intermediates: [pki.cert("ibm"), pki.cert("digicert")],
                            root: pki.cert("root"),
                            crls: [crl],
                        }),
                    links,
                );
                if (verdict && !verdict.valid) assert.ok(verdict.stage && verdict.reason);
            }),
            fuzzParameters(0.3),
        );
    });

    it("reads a damaged revocation list into its entries or one InputError naming crl", () => {
        fc.assert(
            fc.property(damaged(crlDer), fc.boolean(), (der, asPem) => {
                const input = asPem ? pemOf("X509 CRL", der) : der;
                const crl = resultOrClearError(() => readRevocationList(input), ["crl"]);
                if (crl) assert.ok(crl.revoked instanceof Map);
            }),
            fuzzParameters(),
        );
    });

    it("reads a damaged signing request, or names csr", () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    damaged(csrDer).map((der) => pemOf("CERTIFICATE REQUEST", der)),
                    damagedText(pemOf("CERTIFICATE REQUEST", csrDer)),
                ),
                (text) => {
                    const request = resultOrClearError(() => readSigningRequest(text), ["csr"]);
                    if (request) assert.equal(request.publicKey.asymmetricKeyType, "rsa");
                },
            ),
            fuzzParameters(0.5),
        );
    });

    it("reads a certificate document in JSON or YAML, or names --in", () => {
        const sample = JSON.stringify({ "1.0.22": { cert: pki.cert("leaf"), status: "valid" } });
        const entries = fc.dictionary(
            fc.oneof(fc.constantFrom("1.0.22", "v1.2.3", "1.0"), fc.string()),
            fc.oneof(fc.record({ cert: fc.string() }), fc.jsonValue()),
        );
        fc.assert(
            fc.property(
                fc.oneof(
                    damagedText(sample),
                    entries.map((e) => JSON.stringify(e)),
                ),
                (text) => {
                    const document = resultOrClearError(() => readCertificateDocument(text));
                    if (document) {
                        for (const entry of Object.values(document))
                            assert.equal(typeof entry.cert, "string");
                    }
                },
            ),
            fuzzParameters(),
        );
    });

    describe("found by fuzzing", () => {
        it("reads a request whose PEM holds a stray character that base64 skips", () => {
            const text = pemOf("CERTIFICATE REQUEST", csrDer).replace(/\n(.{20})/, "\n$1*");
            assert.equal(readSigningRequest(text).subject, "CN=contracts.example.com, O=Example");
        });

        it("refuses a request whose public key is damaged, with the same error on Node 20 and 22", () => {
            const der = Buffer.from(csrDer);
            const at = der.indexOf(Buffer.from([0x03, 0x82, 0x01, 0x0f, 0x00, 0x30, 0x82]));
            assert.ok(at > 0);
            der[at + 5] = 0x31;
            assert.throws(() => readSigningRequest(pemOf("CERTIFICATE REQUEST", der)), {
                message: "csr: is not a valid certificate request (damaged or truncated)",
            });
        });

        it("refuses a name attribute without a value, and a cut object identifier", () => {
            // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3 } } }: a common name with no value.
            const name = readOne(Buffer.from("3009310730050603550403", "hex"));
            assert.throws(() => formatName(name), DerError);
            assert.throws(() => readOid(readOne(Buffer.from("060182", "hex"))), DerError);
        });

        it("reads a BMPString name, and refuses one of an odd number of bytes", () => {
            // SEQUENCE { SET { SEQUENCE { OID 2.5.4.11, BMPString } } }.
            const unit = (bmp: string) => {
                const attribute = `060355040b1e${(bmp.length / 2).toString(16).padStart(2, "0")}${bmp}`;
                const sequence = `30${(attribute.length / 2).toString(16).padStart(2, "0")}${attribute}`;
                const set = `31${(sequence.length / 2).toString(16).padStart(2, "0")}${sequence}`;
                return readOne(
                    Buffer.from(`30${(set.length / 2).toString(16).padStart(2, "0")}${set}`, "hex"),
                );
            };
            assert.equal(formatName(unit("004f004b")), "OU=OK");
            assert.throws(() => formatName(unit("004f00")), /odd number of bytes/);
        });

        it("reads a certificate document without printing warnings that quote it", () => {
            const warnings: string[] = [];
            const listen = (w: Error) => warnings.push(w.message);
            process.on("warning", listen);
            try {
                for (const text of ["%secret-directive\n", "!secret-tag x", "*alias:"]) {
                    resultOrClearError(() => readCertificateDocument(text), ["--in"]);
                }
            } finally {
                process.off("warning", listen);
            }
            return new Promise<void>((resolve) =>
                setImmediate(() => {
                    assert.deepEqual(warnings, []);
                    resolve();
                }),
            );
        });
    });
});
