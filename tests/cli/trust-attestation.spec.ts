import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { buildContract } from "../../provider/contract/assemble";
import { createTestIdentity } from "../../provider/trust/test-identity";
import { encryptRecords, enclaveRecords, signRecords } from "../support/attestation";
import { composeWorkload, envSection } from "../support/contracts";
import { pem, rsaPair, testIdentity } from "../support/keys";
import { scratch } from "../support/tools";
import { REPO_ROOT, requireVectors, vector } from "../support/vectors";
import { runCli } from "./context";

describe("hpcr-contract attestation and images", function () {
    let dir: string;
    let remove: () => void;
    const attestationKey = pem(rsaPair(2048));

    before(async () => {
        ({ dir, remove } = scratch());
        const { certificate, privateKey: enclaveKey } = await testIdentity();
        const signingIdentity = await createTestIdentity({
            bits: 2048,
            commonName: "Test Attestation",
        });
        const write = (name: string, content: string | Buffer) =>
            fs.writeFileSync(path.join(dir, name), content);
        write("attestation.pem", attestationKey.privateKey);
        write("attestation.crt", signingIdentity.certificate);
        write("encryption.crt", certificate);
        write("signing.pem", pem(rsaPair(2048)).privateKey);
        const contract = {
            workload: composeWorkload(),
            env: envSection(),
            attestationPublicKey: attestationKey.publicKey,
        };
        write("contract.yaml", YAML.stringify(contract));
        // The contract as deployed, with the hashes an attestation record should show.
        const encrypted = await runCli(
            [
                ...["encrypt", "--in", "contract.yaml", "--cert", "encryption.crt"],
                ...["--priv", "signing.pem", "--out", "user-data.yaml", "--hashes", "hashes.json"],
            ],
            { cwd: dir, writeToDisk: true },
        );
        assert.equal(encrypted.code, 0, encrypted.stderr.join("\n"));
        assert.equal(encrypted.files.get(path.join(dir, "hashes.json"))?.secret, true);
        const userData = fs.readFileSync(path.join(dir, "user-data.yaml"), "utf8");
        // The same workload token, a changed env: as after an env-only update.
        const changed = await buildContract(
            {
                ...contract,
                env: envSection({ env: { MODE: "changed" } }),
                encryptionCertificate: certificate,
            },
            { reuseWorkloadToken: YAML.parse(userData).workload },
        );
        write("changed.yaml", changed.userData);
        write("changed-hashes.json", JSON.stringify(changed.plaintextSha256));
        const records = await enclaveRecords(userData, enclaveKey);
        write("se-checksums.txt", records);
        write("se-checksums.txt.enc", await encryptRecords(records, attestationKey.publicKey));
        const signature = signRecords(records, signingIdentity.privateKey);
        write("se-signature.bin", signature);
        signature[0] ^= 0x01;
        write("tampered.bin", signature);
    });
    after(() => remove());

    const run = (...argv: string[]) => runCli(argv, { cwd: dir });
    const signed = ["--signature", "se-signature.bin", "--attestation-cert", "attestation.crt"];
    /** verify-attestation of the decrypted records. */
    const verifyPlain = (...argv: string[]) =>
        run("verify-attestation", "--in", "se-checksums.txt", ...argv);

    describe("decrypt-attestation", () => {
        it("prints the records and verifies their signature", async () => {
            const r = await run(
                "decrypt-attestation",
                "--in",
                "se-checksums.txt.enc",
                "--priv",
                "attestation.pem",
                ...signed,
            );
            assert.equal(r.code, 0, r.stderr.join("\n"));
            assert.equal(r.stdout, fs.readFileSync(path.join(dir, "se-checksums.txt"), "utf8"));
            assert.match(r.stderr.join("\n"), /signature: verified/);
        });

        it("exits 1 on a tampered signature and 2 on a signature without its certificate", async () => {
            const tampered = await run(
                "decrypt-attestation",
                "--in",
                "se-checksums.txt.enc",
                "--priv",
                "attestation.pem",
                "--signature",
                "tampered.bin",
                "--attestation-cert",
                "attestation.crt",
            );
            assert.equal(tampered.code, 1);
            assert.match(tampered.stderr.join("\n"), /--signature: does not verify/);
            const alone = await run(
                "decrypt-attestation",
                "--in",
                "se-checksums.txt.enc",
                "--priv",
                "attestation.pem",
                "--signature",
                "se-signature.bin",
            );
            assert.equal(alone.code, 2);
        });

        it("decrypts the HPCR 24.3.3 record, and exits 1 under a wrong key", async function () {
            requireVectors(this);
            const sample = (name: string) => vector("contract-go/samples/attestation", name);
            const r = await run(
                "decrypt-attestation",
                "--in",
                sample("se-checksums.txt.enc"),
                "--priv",
                sample("private.pem"),
            );
            assert.equal(r.code, 0);
            assert.match(r.stdout, /^24\.3\.3\nMachine Type\/Plant\/Serial: 8562\/02\/4C598\n/);
            const wrong = await run(
                "decrypt-attestation",
                "--in",
                sample("se-checksums.txt.enc"),
                "--priv",
                "attestation.pem",
            );
            assert.equal(wrong.code, 1);
            assert.match(wrong.stderr.join("\n"), /records: was encrypted for a 4096-bit key/);
        });
    });

    describe("verify-attestation", () => {
        it("finds every contract line matching the deployed user data and encrypt's --hashes", async () => {
            const r = await run(
                "verify-attestation",
                "--in",
                "se-checksums.txt.enc",
                "--priv",
                "attestation.pem",
                ...signed,
                "--contract",
                "user-data.yaml",
                "--expected",
                "hashes.json",
            );
            assert.equal(r.code, 0, r.stdout + r.stderr.join("\n"));
            const lines = r.stdout.trim().split("\n");
            assert.match(lines[0], /^unknown\s+baseimage/);
            for (const name of [
                "cidata/user-data",
                "contract:workload",
                "contract:env",
                "contract:attestationPublicKey",
            ]) {
                assert.ok(
                    lines.some((l) => new RegExp(`^matching\\s+${name}\\s`).test(l)),
                    name,
                );
            }
            assert.match(r.stdout, /signature: verified/);
        });

        it("leaves encrypted sections unknown without --expected, and exits 0 on the same user data", async () => {
            const r = await verifyPlain("--contract", "user-data.yaml");
            assert.equal(r.code, 0, r.stdout);
            assert.match(r.stdout, /^matching\s+cidata\/user-data\s/m);
            assert.match(r.stdout, /^unknown\s+contract:env\s+the enclave measures env after/m);
        });

        it("exits 1 when env changed after the records were taken", async () => {
            const r = await verifyPlain(
                "--contract",
                "changed.yaml",
                "--expected",
                "changed-hashes.json",
            );
            assert.equal(r.code, 1);
            assert.match(r.stdout, /^differing\s+contract:env\s/m);
            assert.match(r.stdout, /^matching\s+contract:workload\s/m);
            assert.match(r.stdout, /^differing\s+cidata\/user-data\s/m);
        });

        it("exits 1 on --expected that is not a map of hashes, naming the flag", async () => {
            fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ env: "nope" }));
            const r = await verifyPlain("--contract", "user-data.yaml", "--expected", "bad.json");
            assert.equal(r.code, 1);
            assert.match(r.stderr.join("\n"), /--expected: must map record names .*"env"/);
        });

        it("exits 1 on a tampered signature", async () => {
            const r = await verifyPlain(
                "--signature",
                "tampered.bin",
                "--attestation-cert",
                "attestation.crt",
                "--contract",
                "user-data.yaml",
            );
            assert.equal(r.code, 1);
            assert.match(r.stdout, /signature: FAILED/);
        });

        it("exits 2 for encrypted records without --priv", async () => {
            const r = await run(
                "verify-attestation",
                "--in",
                "se-checksums.txt.enc",
                "--contract",
                "user-data.yaml",
            );
            assert.equal(r.code, 2);
            assert.match(r.stderr.join("\n"), /--priv is required/);
        });
    });

    describe("image", function () {
        before(function () {
            requireVectors(this);
        });
        const list = (shape: string) => vector(`contract-go/samples/image/${shape}_image.json`);

        it("prints the newest image as JSON, or the one in a range", async () => {
            const newest = await run("image", "--in", list("terraform"));
            assert.equal(newest.code, 0);
            assert.deepEqual(JSON.parse(newest.stdout), {
                id: "r006-2b8ba093-c8a3-4ed9-9b73-f6f0bb18d6f9",
                name: "ibm-hyper-protect-container-runtime-1-0-s390x-22",
                checksum: "489a0c4b84a7bd1aa3f06cd1280717bd1eb91fccbf85e77b0b7c6a8374bab2c7",
                version: "1.0.22",
            });
            const older = await run(
                "image",
                "--in",
                list("cli"),
                "--version",
                "1.0.21",
                "--format",
                "yaml",
            );
            assert.equal(YAML.parse(older.stdout).id, "r006-ad389a05-d7b0-4c92-ba6c-0934c4457d91");
        });

        it("exits 1 when no image is in the range", async () => {
            const r = await run("image", "--in", list("api"), "--version", "1.0.21");
            assert.equal(r.code, 1);
            assert.match(r.stderr.join("\n"), /versions found: 1\.0\.22/);
        });

        it("runs as bin/hpcr-contract.js, printing the image id as text", () => {
            const r = spawnSync(
                process.execPath,
                [
                    path.join(REPO_ROOT, "bin/hpcr-contract.js"),
                    "image",
                    "--in",
                    list("api"),
                    "--format",
                    "text",
                ],
                { cwd: dir, encoding: "utf8" },
            );
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.stdout, "r006-2b8ba093-c8a3-4ed9-9b73-f6f0bb18d6f9\n");
            assert.match(
                r.stderr,
                /ibm-hyper-protect-container-runtime-1-0-s390x-22 \(version 1\.0\.22\)/,
            );
        });
    });
});
