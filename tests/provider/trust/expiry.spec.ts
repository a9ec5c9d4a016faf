import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { decryptContract } from "../../../provider/contract/decrypt";
import { ContractValidationError } from "../../../provider/findings";
import { readPrivateKey, readSigningKey } from "../../../provider/crypto/keys";
import { InputError } from "../../../provider/errors";
import { createSigningRequest, readSigningRequest } from "../../../provider/trust/csr";
import {
    buildContractWithExpiry,
    issueSigningCertificate,
    type SigningCertificateInput,
} from "../../../provider/trust/expiry";
import { expiryNeedsRenewal } from "../../../provider/trust/renewal";
import { composeWorkload, envSection } from "../../support/contracts";
import { pem, rsaPair, testIdentity } from "../../support/keys";
import { bash, scratch } from "../../support/tools";
import { requireVectors, vectorText } from "../../support/vectors";

const DAY = 86_400_000;
const CA_PASSWORD = "canary-ca-password-0006";
const PARAMS = {
    country: "IN",
    state: "Karnataka",
    location: "Bangalore",
    org: "IBM",
    unit: "ISDL",
    domain: "HPVS",
    mail: "someone@example.com",
};

describe("contract expiry", function () {
    let dir: string;
    let remove: () => void;
    const signingPem = pem(rsaPair(2048));
    const signer = readSigningKey(signingPem.privateKey);
    const file = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");

    before(() => {
        ({ dir, remove } = scratch());
        bash(
            `openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj "/C=DE/O=Test/CN=Test Personal CA" 2>/dev/null
             openssl pkey -in ca.key -aes256 -passout pass:${CA_PASSWORD} -out ca.enc.key
             openssl req -x509 -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.crt -days 30 -subj "/CN=Not a CA" -addext "basicConstraints=critical,CA:FALSE" 2>/dev/null
             openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt -days 30 -subj "/CN=Other CA" 2>/dev/null`,
            dir,
        );
    });
    after(() => remove());

    const ca = (over: Partial<SigningCertificateInput> = {}): SigningCertificateInput => ({
        caCertificate: file("ca.crt"),
        caKey: file("ca.key"),
        csrParameters: PARAMS,
        days: 10,
        ...over,
    });

    /** Runs openssl on the issued certificate beside the test CA. */
    const judge = (certificate: string, args: string) => {
        fs.writeFileSync(path.join(dir, "issued.crt"), certificate);
        return bash(`openssl ${args}`, dir);
    };

    describe("issuing the signing certificate", () => {
        it("issues a v3 certificate for the signing key that openssl verifies against the CA", () => {
            const now = new Date();
            const cert = issueSigningCertificate(ca({ days: 90 }), signer, now);
            assert.match(judge(cert.pem, "verify -CAfile ca.crt issued.crt"), /issued.crt: OK/);
            const subject = judge(cert.pem, "x509 -in issued.crt -noout -subject -nameopt RFC2253");
            // CN is the domain exactly: no letter appended.
            assert.match(
                subject,
                /^subject=emailAddress=someone@example.com,CN=HPVS,OU=ISDL,O=IBM,L=Bangalore,ST=Karnataka,C=IN\n$/,
            );
            const text = judge(cert.pem, "x509 -in issued.crt -noout -text");
            assert.match(text, /Version: 3 \(0x2\)/);
            assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
            assert.match(text, /X509v3 Key Usage: critical\n\s+Digital Signature\n/);
            assert.match(text, /Issuer: C = DE, O = Test, CN = Test Personal CA/);
            const pub = judge(cert.pem, "x509 -in issued.crt -noout -pubkey");
            assert.equal(pub, signingPem.publicKey);
            const dates = judge(cert.pem, "x509 -in issued.crt -noout -dates");
            const notBefore = new Date(/notBefore=(.*)/.exec(dates)![1]);
            const notAfter = new Date(/notAfter=(.*)/.exec(dates)![1]);
            assert.equal(notAfter.getTime() - notBefore.getTime(), 90 * DAY);
            assert.ok(Math.abs(notBefore.getTime() - now.getTime()) < 1000);
            assert.equal(cert.notAfter.getTime(), notAfter.getTime());
        });

        it("draws a positive random serial each time", () => {
            const serials = [1, 2, 3].map(() => issueSigningCertificate(ca(), signer).serialNumber);
            assert.equal(new Set(serials).size, 3);
            for (const s of serials) {
                const value = BigInt(`0x${s}`);
                assert.ok(value > 0n && value < 2n ** 127n, s);
            }
        });

        it("makes the request with the signing key, carrying its key, as openssl verifies", () => {
            const csr = createSigningRequest({ domain: "only.example" }, signer);
            fs.writeFileSync(path.join(dir, "made.csr"), csr);
            assert.match(
                bash("openssl req -in made.csr -noout -verify -subject 2>&1", dir),
                /verify OK[\s\S]*subject=CN = only.example/,
            );
            assert.equal(
                bash("openssl req -in made.csr -noout -pubkey", dir),
                signingPem.publicKey,
            );
        });

        it("accepts a password-protected CA key, and never repeats the password", () => {
            const cert = issueSigningCertificate(
                ca({ caKey: file("ca.enc.key"), caKeyPassword: CA_PASSWORD }),
                signer,
            );
            assert.match(judge(cert.pem, "verify -CAfile ca.crt issued.crt"), /OK/);
            for (const password of [undefined, "wrong-password"]) {
                assert.throws(
                    () =>
                        issueSigningCertificate(
                            ca({ caKey: file("ca.enc.key"), caKeyPassword: password }),
                            signer,
                        ),
                    (e: unknown) =>
                        InputError.isInstance(e) &&
                        e.field === "caKey" &&
                        /caKeyPassword/.test(e.message) &&
                        !e.message.includes(CA_PASSWORD) &&
                        !e.message.includes("wrong-password"),
                );
            }
        });

        // [what, input change, error]
        const refusals: [string, () => Partial<SigningCertificateInput>, RegExp][] = [
            [
                "a wrong CA key",
                () => ({ caKey: file("other.key") }),
                /^caKey: is not the key of caCertificate/,
            ],
            [
                "a CA certificate that is no CA",
                () => ({ caCertificate: file("leaf.crt"), caKey: file("leaf.key") }),
                /is not a CA certificate/,
            ],
            [
                "a CSR of another key",
                () => ({
                    csrParameters: undefined,
                    csr: createSigningRequest(
                        { domain: "x" },
                        readSigningKey(pem(rsaPair(1024)).privateKey),
                    ),
                }),
                /^csr: carries another public key than the signing key/,
            ],
            [
                "a tampered CSR",
                () => ({
                    csrParameters: undefined,
                    csr: tamper(createSigningRequest(PARAMS, signer)),
                }),
                /^csr: has a signature that does not verify/,
            ],
            [
                "a truncated CSR",
                () => ({
                    csrParameters: undefined,
                    csr: truncate(createSigningRequest(PARAMS, signer)),
                }),
                /^csr: is not a valid certificate request/,
            ],
            [
                "both a CSR and its parameters",
                () => ({ csr: createSigningRequest(PARAMS, signer) }),
                /either csrParameters or csr/,
            ],
            [
                "neither a CSR nor its parameters",
                () => ({ csrParameters: undefined }),
                /either csrParameters or csr/,
            ],
            ["zero days", () => ({ days: 0 }), /^days: must be a positive whole number/],
            ["a fraction of days", () => ({ days: 1.5 }), /^days: must be a positive whole number/],
            ["negative days", () => ({ days: -3 }), /^days: must be a positive whole number/],
        ];
        for (const [what, change, error] of refusals) {
            it(`refuses ${what}`, () => {
                assert.throws(
                    () => issueSigningCertificate(ca(change()), signer),
                    (e: unknown) => InputError.isInstance(e) && error.test(e.message),
                );
            });
        }

        it("refuses a CA certificate that has not begun, or has ended", () => {
            assert.throws(
                () => issueSigningCertificate(ca(), signer, new Date(Date.now() - 2 * DAY)),
                /caCertificate: is not valid before/,
            );
            assert.throws(
                () => issueSigningCertificate(ca(), signer, new Date(Date.now() + 31 * DAY)),
                /caCertificate: expired on .* \(CA expired\)/,
            );
        });

        describe("contract-go's sample", function () {
            before(function () {
                requireVectors(this);
            });
            const sample = (name: string) =>
                vectorText("contract-go/samples/contract-expiry", name);

            it("issues from its CSR, which carries the public key of its private.pem", () => {
                const key = readSigningKey(sample("private.pem"));
                const cert = issueSigningCertificate(
                    ca({ csrParameters: undefined, csr: sample("csr.pem") }),
                    key,
                );
                assert.match(judge(cert.pem, "verify -CAfile ca.crt issued.crt"), /OK/);
                assert.match(
                    cert.subject,
                    /^emailAddress=Sashwat\.K@ibm\.com, CN=HPVS, OU=ISDL, O=IBM, L=Bangalore, ST=Karnataka, C=IN$/,
                );
                assert.equal(readSigningRequest(sample("csr.pem")).subject, cert.subject);
            });

            it("refuses its personal CA, which expired in 2025, saying so", () => {
                assert.throws(
                    () =>
                        issueSigningCertificate(
                            {
                                caCertificate: sample("personal_ca.crt"),
                                caKey: sample("personal_ca.pem"),
                                csr: sample("csr.pem"),
                                days: 30,
                            },
                            readSigningKey(sample("private.pem")),
                        ),
                    /caCertificate: expired on 2025-03-20 \(CA expired\)/,
                );
            });

            it("refuses its CSR for another signing key", () => {
                assert.throws(
                    () =>
                        issueSigningCertificate(
                            ca({ csrParameters: undefined, csr: sample("csr.pem") }),
                            signer,
                        ),
                    /csr: carries another public key/,
                );
            });
        });
    });

    describe("building a contract that expires", () => {
        let certificate: string;
        let enclaveKey: string;
        before(async () => {
            ({ certificate, privateKey: enclaveKey } = await testIdentity());
        });
        const input = () => ({
            workload: composeWorkload(),
            env: envSection(),
            encryptionCertificate: certificate,
            signingKey: signingPem.privateKey,
        });

        it("writes base64 of the certificate once into env.signingKey, and signs with its key", async () => {
            const built = await buildContractWithExpiry(input(), ca({ days: 60 }));
            const env = YAML.parse(
                (await decryptContract(built.userData, readPrivateKey(enclaveKey, undefined, "k")))
                    .env!,
            );
            const certPem = Buffer.from(env.signingKey, "base64").toString("utf8");
            assert.equal(certPem, built.signingCertificate);
            assert.match(certPem, /^-----BEGIN CERTIFICATE-----\n/);
            const values = YAML.parse(built.userData);
            fs.writeFileSync(path.join(dir, "signed"), values.workload + values.env);
            fs.writeFileSync(
                path.join(dir, "sig"),
                Buffer.from(values.envWorkloadSignature, "base64"),
            );
            fs.writeFileSync(path.join(dir, "signing.crt"), certPem);
            assert.match(
                bash(
                    "openssl x509 -in signing.crt -noout -pubkey > signing.pub && openssl dgst -sha256 -verify signing.pub -signature sig signed",
                    dir,
                ),
                /Verified OK/,
            );
            assert.equal(built.expiresAt, new Date(judgeEnd(certPem)).toISOString());
            assert.equal(built.issued, true);
            assert.ok(!built.findings.some((f) => f.code === "CONTRACT_EXPIRING"));
        });

        const judgeEnd = (certPem: string) =>
            /notAfter=(.*)/.exec(judge(certPem, "x509 -in issued.crt -noout -enddate"))![1];

        it("warns when the contract expires within 30 days", async () => {
            const built = await buildContractWithExpiry(input(), ca({ days: 10 }));
            const warning = built.findings.find((f) => f.code === "CONTRACT_EXPIRING");
            assert.equal(warning?.hpl, "HPL12006E");
            assert.equal(warning?.path, "env.signingKey");
        });

        it("reuses an earlier certificate, and refuses it once its expiry has passed", async () => {
            const first = await buildContractWithExpiry(input(), ca({ days: 40 }));
            const again = await buildContractWithExpiry(input(), {
                signingCertificate: first.signingCertificate,
            });
            assert.equal(again.issued, false);
            assert.equal(again.expiresAt, first.expiresAt);
            await assert.rejects(
                buildContractWithExpiry(
                    input(),
                    { signingCertificate: first.signingCertificate },
                    { now: new Date(Date.now() + 41 * DAY) },
                ),
                (e: unknown) =>
                    e instanceof ContractValidationError &&
                    e.findings.some((f) => f.code === "CONTRACT_EXPIRED" && f.hpl === "HPL12007E"),
            );
            await assert.rejects(
                buildContractWithExpiry(
                    { ...input(), signingKey: pem(rsaPair(1024)).privateKey },
                    { signingCertificate: first.signingCertificate },
                ),
                /signingCertificate: is not a certificate for the signing key/,
            );
        });

        it("needs the signing key and the CA inputs", async () => {
            await assert.rejects(
                buildContractWithExpiry({ ...input(), signingKey: undefined }, ca()),
                /signingKey: is required for contract expiry/,
            );
            await assert.rejects(
                buildContractWithExpiry(input(), { days: 3 }),
                /needs caCertificate, caKey/,
            );
        });
    });

    describe("renewal", () => {
        const now = new Date("2026-06-01T00:00:00Z");
        // [days left, renew window, renew?]
        const table: [number, number, boolean][] = [
            [40, 30, false],
            [30, 30, false],
            [29.9, 30, true],
            [1, 0, false],
            [0, 0, true],
            [-1, 0, true],
            [-1, 30, true],
        ];
        for (const [left, window, renew] of table) {
            it(`${renew ? "renews" : "keeps"} a certificate with ${left} days left in a ${window}-day window`, () => {
                const notAfter = new Date(now.getTime() + left * DAY);
                assert.equal(expiryNeedsRenewal(notAfter, now, window), renew);
                assert.equal(expiryNeedsRenewal(notAfter.toISOString(), now, window), renew);
            });
        }
        it("refuses a negative window and a date that is no date", () => {
            assert.throws(() => expiryNeedsRenewal(now, now, -1), /renewWindowDays/);
            assert.throws(() => expiryNeedsRenewal("soon", now, 1), /notAfter/);
        });
    });
});

/** Changes one letter of the subject inside the request, keeping the DER well-formed. */
function tamper(csrPem: string): string {
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\s+/g, ""), "base64");
    const at = der.indexOf(Buffer.from("HPVS"));
    der[at] = "X".charCodeAt(0);
    return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString("base64")}\n-----END CERTIFICATE REQUEST-----\n`;
}

/** Cuts the request short. */
function truncate(csrPem: string): string {
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\s+/g, ""), "base64");
    return `-----BEGIN CERTIFICATE REQUEST-----\n${der.subarray(0, der.length - 40).toString("base64")}\n-----END CERTIFICATE REQUEST-----\n`;
}
