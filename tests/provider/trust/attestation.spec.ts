import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { buildContract } from "../../../provider/contract/assemble";
import { decryptContract } from "../../../provider/contract/decrypt";
import { ContractValidationError } from "../../../provider/findings";
import { sealWorkload } from "../../../provider/contract/seal";
import { readPrivateKey } from "../../../provider/crypto/keys";
import { sha256Hex } from "../../../provider/crypto/token";
import { InputError } from "../../../provider/errors";
import {
    parseAttestationRecords,
    readAttestationRecords,
    recordsSignatureVerifies,
} from "../../../provider/trust/attestation";
import {
    verifyAttestation,
    type AttestationVerdict,
} from "../../../provider/trust/attestation-verdict";
import {
    BASE_IMAGE,
    encryptRecords,
    enclaveRecords as records,
    signRecords,
} from "../../support/attestation";
import { composeWorkload, envSection } from "../../support/contracts";
import { pem, rsaPair, testIdentity } from "../../support/keys";
import { requireVectors, vector, vectorText } from "../../support/vectors";
import { createPki, type TestPki } from "./pki";

const verdicts = (v: AttestationVerdict) =>
    Object.fromEntries(v.comparisons.map((c) => [c.name, c.verdict]));

describe("attestation records", () => {
    describe("reading", () => {
        // [line, name, subject]
        const names: [string, string, string][] = [
            ["workload", "workload", "workload"],
            ["contract:env", "contract:env", "env"],
            [
                "contract: attestationPublicKey",
                "contract: attestationPublicKey",
                "attestationPublicKey",
            ],
            [
                "contract:envWorkloadSignature  ",
                "contract:envWorkloadSignature",
                "envWorkloadSignature",
            ],
            ["cidata/user-data", "cidata/user-data", "cidata/user-data"],
            ["AP(1):secret", "AP(1):secret", "AP(1):secret"],
        ];
        for (const [line, name, subject] of names) {
            it(`reads "${line}" as ${subject}`, () => {
                const records = parseAttestationRecords(`26.7.1\n${"0a".repeat(32)} ${line}\n`);
                assert.deepEqual(records.entries, [{ sha256: "0a".repeat(32), name, subject }]);
            });
        }

        it("reads the version, header lines and records of any layout, CRLF included", () => {
            const text = `25.11.0\r\nMachine Type/Plant/Serial: 9175/02/C25B8\r\nImage age: 3 days since creation.\r\n${"AB".repeat(32)} baseimage\r\n`;
            const records = parseAttestationRecords(text);
            assert.equal(records.version, "25.11.0");
            assert.deepEqual(records.header, [
                { key: "Machine Type/Plant/Serial", value: "9175/02/C25B8" },
                { key: "Image age", value: "3 days since creation." },
            ]);
            assert.equal(records.entries[0].sha256, "ab".repeat(32));
            assert.ok(records.bytes.equals(Buffer.from(text)));
        });

        it("refuses text with no record line", () => {
            assert.throws(() => parseAttestationRecords("24.3.3\nhello\n"), /still encrypted/);
        });
    });

    describe("an HPCR 24.3.3 record", function () {
        before(function () {
            requireVectors(this);
        });

        it("decrypts to the version, the machine and nine records", async () => {
            const records = await readAttestationRecords(
                vectorText("contract-go/samples/attestation/se-checksums.txt.enc"),
                vectorText("contract-go/samples/attestation/private.pem"),
            );
            assert.equal(records.version, "24.3.3");
            assert.deepEqual(records.header, [
                { key: "Machine Type/Plant/Serial", value: "8562/02/4C598" },
            ]);
            assert.deepEqual(
                records.entries.map((e) => e.name),
                [
                    "root.tar.gz",
                    "baseimage",
                    "/dev/disk/by-label/cidata",
                    "cidata/meta-data",
                    "cidata/user-data",
                    "cidata/vendor-data",
                    "attestationPublicKey",
                    "env",
                    "workload",
                ],
            );
            assert.equal(
                records.entries.find((e) => e.name === "workload")?.sha256,
                "9b10f72e8704f4e2e652251a6c8da5d922722fcb03bc58e1aa7a6a787517cd74",
            );
        });

        it("fails with a clear error under a wrong key, and without one", async () => {
            const enc = vectorText("contract-go/samples/attestation/se-checksums.txt.enc");
            await assert.rejects(
                readAttestationRecords(enc, pem(rsaPair(4096)).privateKey),
                (e: unknown) =>
                    InputError.isInstance(e) && /^records: .*does not decrypt/.test(e.message),
            );
            await assert.rejects(readAttestationRecords(enc), /privateKey: is required/);
        });

        it("finds its attestationPublicKey line equal to the hash of the auditor's public key PEM", async () => {
            const verdict = await verifyAttestation({
                encryptedRecords: vectorText(
                    "contract-go/samples/attestation/se-checksums.txt.enc",
                ),
                privateKey: vectorText("contract-go/samples/attestation/private.pem"),
                userData: `attestationPublicKey: hyper-protect-basic.e.f\nenv: hyper-protect-basic.c.d\nworkload: hyper-protect-basic.a.b\n`,
            });
            const line = verdict.comparisons.find((c) => c.name === "attestationPublicKey")!;
            assert.equal(line.verdict, "matching");
            assert.equal(
                line.sha256,
                sha256Hex(vectorText("contract-go/samples/attestation/public.pem")),
            );
            assert.match(line.reason, /attestation private key's public half/);
        });

        it("compares it with other user data: the user data differs, encrypted sections and enclave lines are unknown", async () => {
            const verdict = await verifyAttestation({
                encryptedRecords: vectorText(
                    "contract-go/samples/attestation/se-checksums.txt.enc",
                ),
                privateKey: vectorText("contract-go/samples/attestation/private.pem"),
                userData: "workload: hyper-protect-basic.a.b\nenv: hyper-protect-basic.c.d\n",
            });
            const v = verdicts(verdict);
            assert.equal(v["cidata/user-data"], "differing");
            assert.equal(v.workload, "unknown");
            assert.equal(v.attestationPublicKey, "differing");
            assert.equal(v.baseimage, "unknown");
            assert.equal(verdict.ok, false);
            const workload = verdict.comparisons.find((c) => c.name === "workload")!;
            assert.match(workload.reason, /measures workload after decrypting it/);
        });
    });

    describe("terraform-provider-hpcr's signed record", function () {
        const dir = "terraform-provider-hpcr/examples/datasources/hpcr_attestation/cert";
        before(function () {
            requireVectors(this);
        });
        const signature = () => fs.readFileSync(vector(dir, "se-signature.bin"));
        const records = () => fs.readFileSync(vector(dir, "se-checksums.txt"));

        it("reads its plain record: version, seven header lines, contract:* names", () => {
            const read = parseAttestationRecords(records());
            assert.equal(read.version, "25.11.0");
            assert.equal(read.header.length, 7);
            assert.deepEqual(
                read.entries.slice(-3).map((e) => [e.name, e.subject]),
                [
                    ["contract:workload", "workload"],
                    ["contract:env", "env"],
                    ["contract:attestationPublicKey", "attestationPublicKey"],
                ],
            );
        });

        it("decrypts its encrypted record, whose names read contract: workload", async () => {
            const read = await readAttestationRecords(
                vectorText(dir, "se-checksums.txt.enc"),
                vectorText(dir, "private.pem"),
            );
            assert.equal(read.version, "0.0.0");
            assert.deepEqual(
                read.entries.slice(-3).map((e) => e.subject),
                ["workload", "attestationPublicKey", "env"],
            );
        });

        it("finds its attestationPublicKey line equal to the hash of the public key PEM trimmed, as contract-go encrypts it", async () => {
            const verdict = await verifyAttestation({
                encryptedRecords: vectorText(dir, "se-checksums.txt.enc"),
                privateKey: vectorText(dir, "private.pem"),
                userData: "attestationPublicKey: hyper-protect-basic.e.f\n",
            });
            const line = verdict.comparisons.find((c) => c.subject === "attestationPublicKey")!;
            assert.equal(line.verdict, "matching");
            assert.equal(line.sha256, sha256Hex(vectorText(dir, "public.pem").trimEnd()));
        });

        it("accepts the signature as base64 text, as Terraform's data source takes it", () => {
            const cert = vectorText(dir, "attestation.crt");
            const base64 = signature().toString("base64");
            assert.equal(recordsSignatureVerifies(records(), base64, cert), true);
            assert.equal(recordsSignatureVerifies(records(), Buffer.from(base64), cert), true);
        });

        it("verifies se-signature.bin, and fails once one byte of the record flips", () => {
            const cert = vectorText(dir, "attestation.crt");
            assert.equal(recordsSignatureVerifies(records(), signature(), cert), true);
            const flipped = records();
            flipped[100] ^= 0x01;
            assert.equal(recordsSignatureVerifies(flipped, signature(), cert), false);
            const badSignature = signature();
            badSignature[7] ^= 0x80;
            assert.equal(recordsSignatureVerifies(records(), badSignature, cert), false);
        });
    });

    describe("records of a contract built here", () => {
        let pki: TestPki;
        let certificate: string;
        let enclaveKey: string;
        const attestationKey = pem(rsaPair(2048));

        before(async () => {
            pki = createPki();
            ({ certificate, privateKey: enclaveKey } = await testIdentity());
        });
        after(() => pki.remove());

        const build = (env = envSection()) =>
            buildContract({
                workload: composeWorkload(),
                env,
                encryptionCertificate: certificate,
                attestationPublicKey: attestationKey.publicKey,
                signingKey: pem(rsaPair(2048)).privateKey,
            });

        /** The records an enclave would write for the contract, encrypted and signed. */
        const enclaveRecords = async (userData: string) => {
            const text = await records(userData, enclaveKey);
            return {
                encrypted: await encryptRecords(text, attestationKey.publicKey),
                signature: signRecords(text, pki.key("leaf")),
            };
        };

        it("finds every line matching, with a valid signature and chain", async () => {
            const built = await build();
            const { encrypted, signature } = await enclaveRecords(built.userData);
            const verdict = await verifyAttestation({
                encryptedRecords: encrypted,
                privateKey: attestationKey.privateKey,
                signature,
                attestationCertificate: pki.cert("leaf"),
                chain: {
                    intermediates: [pki.cert("ibm"), pki.cert("digicert")],
                    root: pki.cert("root"),
                },
                userData: built.userData,
                plaintextSha256: built.plaintextSha256,
                expected: { baseimage: BASE_IMAGE },
            });
            assert.deepEqual(verdicts(verdict), {
                baseimage: "matching",
                "cidata/user-data": "matching",
                "contract:workload": "matching",
                "contract:env": "matching",
                "contract:attestationPublicKey": "matching",
            });
            assert.equal(verdict.signature?.verified, true);
            assert.equal(verdict.chain?.valid, true);
            assert.equal(verdict.ok, true);
        });

        it("finds the env and the user data differing once env changes, the workload still matching", async () => {
            const built = await build();
            const changed = await build(envSection({ env: { MODE: "changed" } }));
            const { encrypted } = await enclaveRecords(built.userData);
            const verdict = await verifyAttestation({
                encryptedRecords: encrypted,
                privateKey: attestationKey.privateKey,
                userData: changed.userData,
                plaintextSha256: changed.plaintextSha256,
            });
            const v = verdicts(verdict);
            assert.equal(v["contract:env"], "differing");
            assert.equal(v["contract:workload"], "matching");
            assert.equal(v["cidata/user-data"], "differing");
            assert.equal(v.baseimage, "unknown");
            assert.equal(verdict.ok, false);
            const line = verdict.comparisons.find((c) => c.subject === "env")!;
            assert.equal(line.expected, changed.plaintextSha256.env);
        });

        it("leaves encrypted sections unknown without their plaintext hashes, and still binds the user data", async () => {
            const built = await build();
            const { encrypted } = await enclaveRecords(built.userData);
            const verdict = await verifyAttestation({
                encryptedRecords: encrypted,
                privateKey: attestationKey.privateKey,
                userData: built.userData,
            });
            const v = verdicts(verdict);
            assert.equal(v["cidata/user-data"], "matching");
            assert.equal(v["contract:workload"], "unknown");
            assert.equal(v["contract:env"], "unknown");
            assert.equal(v["contract:attestationPublicKey"], "matching");
            assert.equal(verdict.ok, true);
        });

        it("matches a line that hashes a token as written, should an image do so", async () => {
            const built = await build();
            const text = `${sha256Hex(built.envToken)} contract:env\n`;
            const verdict = await verifyAttestation({ records: text, userData: built.userData });
            assert.equal(verdicts(verdict)["contract:env"], "matching");
            assert.match(verdict.comparisons[0].reason, /token as written/);
        });

        it("proves plaintextSha256 is what an enclave measures after decrypting", async () => {
            const built = await build();
            const plain = await decryptContract(built.userData, readPrivateKey(enclaveKey));
            assert.deepEqual(built.plaintextSha256, {
                workload: sha256Hex(plain.workload!),
                env: sha256Hex(plain.env!),
                attestationPublicKey: sha256Hex(plain.attestationPublicKey!),
            });
        });

        it("verifies the workload line of a two-party contract with the sealed workload's hash", async () => {
            const sealed = await sealWorkload({
                workload: composeWorkload(),
                encryptionCertificate: certificate,
            });
            const contract = (workload: unknown) =>
                buildContract({
                    workload: workload as never,
                    env: envSection(),
                    encryptionCertificate: certificate,
                    attestationPublicKey: attestationKey.publicKey,
                    signingKey: pem(rsaPair(2048)).privateKey,
                });
            const built = await contract(sealed);
            const plain = await decryptContract(built.userData, readPrivateKey(enclaveKey));
            assert.equal(built.plaintextSha256.workload, sha256Hex(plain.workload!));
            const text = await records(built.userData, enclaveKey);
            const verdict = await verifyAttestation({
                records: text,
                userData: built.userData,
                plaintextSha256: built.plaintextSha256,
            });
            assert.equal(verdicts(verdict)["contract:workload"], "matching");
            assert.equal(verdicts(verdict)["contract:env"], "matching");
            // Without the hash (a sealing made before it was kept) the line stays unknown.
            const bare = await contract({ token: sealed.token, manifest: sealed.manifest });
            assert.equal(bare.plaintextSha256.workload, undefined);
            // A malformed hash is refused, naming the field.
            await assert.rejects(contract({ ...sealed, plaintextSha256: "abc" }), (e: Error) =>
                /workload\.plaintextSha256.*64 lowercase hex/.test(
                    (e as ContractValidationError).findings
                        .map((f) => `${f.path} ${f.message}`)
                        .join("\n"),
                ),
            );
        });

        it("reports a tampered signature as not verifying", async () => {
            const built = await build();
            const { encrypted, signature } = await enclaveRecords(built.userData);
            signature[signature.length - 1] ^= 0x01;
            const verdict = await verifyAttestation({
                encryptedRecords: encrypted,
                privateKey: attestationKey.privateKey,
                signature,
                attestationCertificate: pki.cert("leaf"),
                userData: built.userData,
            });
            assert.equal(verdict.signature?.verified, false);
            assert.match(verdict.signature!.reason, /does not verify/);
            assert.equal(verdict.ok, false);
        });

        it("needs a certificate for a signature, and the right key for the records", async () => {
            const built = await build();
            const { encrypted, signature } = await enclaveRecords(built.userData);
            await assert.rejects(
                verifyAttestation({
                    encryptedRecords: encrypted,
                    privateKey: attestationKey.privateKey,
                    signature,
                    userData: "",
                }),
                /attestationCertificate: is required/,
            );
            await assert.rejects(
                verifyAttestation({
                    encryptedRecords: encrypted,
                    privateKey: pem(rsaPair(1024)).privateKey,
                    userData: "",
                }),
                /records: .*does not decrypt|records: was encrypted for a 2048-bit key/,
            );
        });
    });
});
