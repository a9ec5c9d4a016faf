import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { buildContract } from "../../provider/contract/assemble";
import { sha256Hex } from "../../provider/crypto/token";
import { createTestIdentity, type TestIdentity } from "../../provider/trust/test-identity";
import {
    getEncryptionCertificate,
    getHyperProtectImage,
    verifyAttestationRecords,
} from "../../sdk/trust";
import { composeWorkload, envSection } from "../support/contracts";
import { testIdentity } from "../support/keys";
import { scratch } from "../support/tools";
import { requireVectors, vectorText } from "../support/vectors";
import { createPki } from "../provider/trust/pki";
import { startCertificateServer, type CertificateServer } from "../provider/trust/server";

/** The value of an Output, or its failure. */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve, reject) => {
        output.apply((v) => resolve(v));
        // An apply that throws rejects the Output's inner promise.
        (output as unknown as { promise(): Promise<T> }).promise().catch(reject);
    });
}

describe("the trust functions of the SDK", function () {
    before(() => {
        pulumi.runtime.setMocks(
            {
                newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
                call: (args) => args.inputs,
            },
            "project",
            "stack",
            false,
        );
    });

    describe("getHyperProtectImage", function () {
        before(function () {
            requireVectors(this);
        });
        const list = (shape: string) =>
            JSON.parse(vectorText(`contract-go/samples/image/${shape}_image.json`));

        for (const shape of ["terraform", "cli", "api"]) {
            it(`picks the newest image of the ${shape} list`, async () => {
                const newest = await valueOf(getHyperProtectImage({ images: list(shape) }));
                assert.equal(newest.id, "r006-2b8ba093-c8a3-4ed9-9b73-f6f0bb18d6f9");
                assert.equal(newest.version, "1.0.22");
            });
        }

        for (const shape of ["terraform", "cli"]) {
            it(`picks 1.0.21 of the ${shape} list for a range given as an Output`, async () => {
                const older = await valueOf(
                    getHyperProtectImage({
                        images: pulumi.output(list(shape)),
                        version: pulumi.output("~1.0.21 <1.0.22"),
                    }),
                );
                assert.equal(older.version, "1.0.21");
            });
        }

        it("reads Pulumi's IBM provider shape, whose operating system list is operatingSystems", async () => {
            const images = list("terraform").map((image: Record<string, unknown>) => {
                const { operating_system: os, architecture: _a, os: _o, ...rest } = image;
                return { ...rest, operatingSystems: os };
            });
            const chosen = await valueOf(getHyperProtectImage({ images }));
            assert.equal(chosen.id, "r006-2b8ba093-c8a3-4ed9-9b73-f6f0bb18d6f9");
        });

        it("fails with the versions found when none is in the range", async () => {
            await assert.rejects(
                valueOf(getHyperProtectImage({ images: list("api"), version: "2.x" })),
                /images: hold no public, available Hyper Protect image in "2.x" \(versions found: 1\.0\.22\)/,
            );
        });
    });

    describe("getEncryptionCertificate", () => {
        let server: CertificateServer;
        let identities: TestIdentity[];
        let cache: { dir: string; remove: () => void };

        before(async () => {
            identities = [
                await createTestIdentity({ bits: 1024, days: 400 }),
                await createTestIdentity({ bits: 1024, days: 100 }),
            ];
            server = await startCertificateServer(
                new Map([
                    [28, identities[0].certificate],
                    [29, identities[1].certificate],
                ]),
            );
            cache = scratch("hpcr-cache-");
        });
        after(async () => {
            await server.close();
            cache.remove();
        });

        it("downloads the highest version of a range from the loopback server, with its status", async () => {
            const got = await valueOf(
                getEncryptionCertificate({
                    version: ">=1.0.28",
                    template: server.template(),
                    cacheDir: cache.dir,
                }),
            );
            assert.equal(got.version, "1.0.29");
            assert.equal(got.certificate, identities[1].certificate);
            assert.equal(got.status, "expiring");
            assert.ok(got.daysLeft >= 98 && got.daysLeft <= 100, String(got.daysLeft));
            assert.equal(got.source, "download");
            assert.match(got.url!, /^http:\/\/127\.0\.0\.1:\d+\/s390x-29\//);
        });

        it("serves the exact version it was given from the cache the second time", async () => {
            const dir = `${cache.dir}/exact`;
            const args = { version: "1.0.28", template: server.template(), cacheDir: dir };
            assert.equal((await valueOf(getEncryptionCertificate(args))).source, "download");
            const requests = server.requests.length;
            const again = await valueOf(getEncryptionCertificate(args));
            assert.equal(again.source, "cache");
            assert.equal(again.status, "valid");
            assert.equal(server.requests.length, requests);
        });

        it("chooses among certificates given, such as download-certificate's output", async () => {
            const got = await valueOf(
                getEncryptionCertificate({
                    version: "~1.0",
                    certificates: {
                        "1.0.28": identities[0].certificate,
                        "1.0.29": { cert: identities[1].certificate },
                    },
                }),
            );
            assert.equal(got.version, "1.0.29");
            assert.equal(got.source, "given");
        });

        it("validates the chain when one is given, and fails the Output when it breaks", async () => {
            const pki = createPki();
            try {
                const args = (intermediates: string[]) => ({
                    version: "1.0.29",
                    certificates: { "1.0.29": pki.cert("leaf") },
                    chain: { intermediates, root: pki.cert("root"), crls: [] },
                });
                const got = await valueOf(
                    getEncryptionCertificate(args([pki.cert("ibm"), pki.cert("digicert")])),
                );
                assert.equal(got.chain?.length, 4);
                await assert.rejects(
                    valueOf(
                        getEncryptionCertificate(args([pki.cert("digicert"), pki.cert("ibm")])),
                    ),
                    /encryption certificate 1\.0\.29: fails its chain at the issuer stage/,
                );
            } finally {
                pki.remove();
            }
        });

        it("reads contract-go's expired certificate as expired", async function () {
            requireVectors(this);
            const got = await valueOf(
                getEncryptionCertificate({
                    version: "1.0.1",
                    certificates: {
                        "1.0.1": vectorText("contract-go/samples/encryption-cert/expired.crt"),
                    },
                }),
            );
            assert.equal(got.status, "expired");
            assert.ok(got.daysLeft < 0);
        });

        it("fails naming the version when no certificate is in the range", async () => {
            await assert.rejects(
                valueOf(
                    getEncryptionCertificate({
                        version: "1.0.30",
                        template: server.template(),
                        cacheDir: false,
                    }),
                ),
                /version 1\.0\.30: no certificate at http:\/\/127\.0\.0\.1:\d+\/s390x-30\/.*HTTP 404/,
            );
        });
    });

    describe("verifyAttestationRecords", () => {
        let userData: string;
        let plaintextSha256: Record<string, string>;
        let text: string;
        let signer: TestIdentity;

        before(async () => {
            const { certificate } = await testIdentity();
            const built = await buildContract({
                workload: composeWorkload(),
                env: envSection(),
                encryptionCertificate: certificate,
            });
            userData = built.userData;
            plaintextSha256 = built.plaintextSha256 as Record<string, string>;
            text = [
                "26.7.1",
                `${sha256Hex(userData)} cidata/user-data`,
                `${plaintextSha256.workload} contract:workload`,
                `${plaintextSha256.env} contract:env`,
                "",
            ].join("\n");
            signer = await createTestIdentity({ bits: 2048, commonName: "Attestation" });
        });
        const sign = (records: string) =>
            crypto.sign("sha256", Buffer.from(records), signer.privateKey).toString("base64");

        it("returns the verdict per line for user data and its plaintext hashes", async () => {
            const verdict = await valueOf(
                verifyAttestationRecords({
                    records: text,
                    signature: sign(text),
                    attestationCertificate: signer.certificate,
                    userData,
                    plaintextSha256,
                }),
            );
            assert.equal(verdict.ok, true);
            assert.equal(verdict.version, "26.7.1");
            assert.equal(verdict.signatureVerified, true);
            assert.deepEqual(
                verdict.lines.map((l) => l.verdict),
                ["matching", "matching", "matching"],
            );
        });

        it("fails with one clear error under requireMatch for a tampered signature", async () => {
            const signature = Buffer.from(sign(text), "base64");
            signature[3] ^= 0x01;
            await assert.rejects(
                valueOf(
                    verifyAttestationRecords({
                        records: text,
                        signature: signature.toString("base64"),
                        attestationCertificate: signer.certificate,
                        userData,
                        requireMatch: true,
                    }),
                ),
                /^Error: attestation records do not match: signature does not verify with the attestation certificate's key/,
            );
        });

        it("fails under requireMatch for a line that differs, naming it", async () => {
            const changed = text.replace(plaintextSha256.env, sha256Hex("another env"));
            await assert.rejects(
                valueOf(
                    verifyAttestationRecords({
                        records: changed,
                        userData,
                        plaintextSha256,
                        requireMatch: true,
                    }),
                ),
                /attestation records do not match: contract:env differs from the SHA-256 of env's plaintext/,
            );
        });

        it("fails for encrypted records without their key, and without user data", async () => {
            await assert.rejects(
                valueOf(
                    verifyAttestationRecords({
                        records: "hyper-protect-basic.AAAA.BBBB",
                        userData,
                    }),
                ),
                /privateKey: is required: the records are encrypted/,
            );
            assert.throws(
                () => verifyAttestationRecords({ records: text }),
                /give contract or userData/,
            );
        });
    });
});
