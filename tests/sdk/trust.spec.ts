import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { decryptContract } from "../../provider/contract/decrypt";
import { readPrivateKey } from "../../provider/crypto/keys";
import { sha256Hex } from "../../provider/crypto/token";
import { createTestIdentity, type TestIdentity } from "../../provider/trust/test-identity";
import { encryptRecords, enclaveRecords, signRecords } from "../support/attestation";
import { CANARY } from "../support/contracts";
import { runProgram, type ResourceState, type RunResult } from "../support/engine";
import { pem, rsaPair, testIdentity } from "../support/keys";
import { compileInto, programFolder, type ProgramFolder } from "../support/program";
import { bash } from "../support/tools";
import { REPO_ROOT, requireVectors, vector } from "../support/vectors";
import { startCertificateServer, type CertificateServer } from "../provider/trust/server";

const SDK = path.join(REPO_ROOT, "node_modules/@pulumi/pulumi");
const EXAMPLE = path.join(REPO_ROOT, "examples/trust");
const DAY = 86_400_000;
const CA_PASSWORD = "canary-ca-password-0009";

const ops = (r: RunResult) =>
    [...r.operations.entries()].map(([urn, op]) => `${urn.split("::").pop()}:${op}`).sort();

// Only runs that succeed go through the double: it takes about 95 s to see a failed program
// end. The failures (bad expiry inputs, requireMatch) are proven in contract-expiry.spec.ts and
// trust-functions.spec.ts.
describe("the trust example through the SDK's program runner and an engine double", function () {
    let program: ProgramFolder;
    let server: CertificateServer;
    let enclave: TestIdentity;
    let attestationSigner: TestIdentity;
    const attestationKey = pem(rsaPair(2048));
    const signingKey = pem(rsaPair(2048));
    const state = new Map<string, ResourceState>();
    let first: RunResult;

    const file = (name: string) => path.join(program.dir, name);
    const config = (over: Record<string, string> = {}) => ({
        "hyper-protect-trust:imagesFile": vector("contract-go/samples/image/terraform_image.json"),
        "hyper-protect-trust:imageVersion": "^1.0.21",
        "hyper-protect-trust:certificateUrlTemplate": server.template(),
        "hyper-protect-trust:composeFolder": path.join(EXAMPLE, "compose"),
        "hyper-protect-trust:logHostname": "logs.example.com",
        "hyper-protect-trust:logApiKey": CANARY.iamApiKey,
        "hyper-protect-trust:signingKey": signingKey.privateKey,
        "hyper-protect-trust:caCertificateFile": file("ca.crt"),
        "hyper-protect-trust:caKey": fs.readFileSync(file("ca.enc.key"), "utf8"),
        "hyper-protect-trust:caKeyPassword": CA_PASSWORD,
        "hyper-protect-trust:domain": "contracts.example.com",
        "hyper-protect-trust:expiryDays": "90",
        "hyper-protect-trust:attestationPublicKey": attestationKey.publicKey,
        ...over,
    });
    /** Runs the program with the config changed by `over`; keys set to "" are left out. */
    const run = (over: Record<string, string> = {}, preview = false) =>
        runProgram({
            programDir: program.dir,
            entry: "index.js",
            project: "hyper-protect-trust",
            stack: "dev",
            // Each run's loopback server has a new port and a new enclave identity: a cache
            // shared between runs (the user's own, by default) could serve another run's
            // certificate for the same URL.
            env: { HPCR_CERT_CACHE: file("certificate-cache") },
            sdkRoot: SDK,
            state,
            preview,
            config: Object.fromEntries(
                Object.entries(config(over)).filter(([, value]) => value !== ""),
            ),
            secretKeys: [
                "hyper-protect-trust:logApiKey",
                "hyper-protect-trust:signingKey",
                "hyper-protect-trust:caKey",
                "hyper-protect-trust:caKeyPassword",
                "hyper-protect-trust:attestationPrivateKey",
            ],
        });
    const contractState = () => [...state.values()].find((r) => r.type.endsWith(":Contract"))!;

    before(async function () {
        requireVectors(this);
        program = programFolder();
        compileInto(program, path.join(EXAMPLE, "index.ts"));
        bash(
            `openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 400 -subj "/O=Test/CN=Test Contract CA" 2>/dev/null
             openssl pkey -in ca.key -aes256 -passout pass:${CA_PASSWORD} -out ca.enc.key`,
            program.dir,
        );
        enclave = await testIdentity();
        attestationSigner = await createTestIdentity({ bits: 2048, commonName: "Attestation" });
        server = await startCertificateServer(new Map([[22, enclave.certificate]]));
        first = await run();
    });
    after(async () => {
        await server?.close();
        program?.remove();
    });

    it("picks image 1.0.22 and its encryption certificate from the loopback server", () => {
        assert.equal(first.exitCode, 0, first.output);
        assert.equal(first.outputs.imageId, "r006-2b8ba093-c8a3-4ed9-9b73-f6f0bb18d6f9");
        assert.equal(first.outputs.imageVersion, "1.0.22");
        assert.match(String(first.outputs.certificateStatus), /^1\.0\.22: valid, \d+ days left$/);
        assert.ok(server.requests.some((r) => r.startsWith("/s390x-22/")));
        // Cached in the run's own folder, not in the user's cache.
        const cached = fs.readdirSync(file("certificate-cache"));
        assert.equal(cached.filter((f) => f.endsWith(".crt")).length, 1, cached.join());
    });

    it("builds a contract that expires in 90 days, signed with a certificate from the CA", async () => {
        const left = Date.parse(String(first.outputs.expiresAt)) - Date.now();
        assert.ok(left > 89.9 * DAY && left <= 90 * DAY, String(first.outputs.expiresAt));
        fs.writeFileSync(file("issued.crt"), String(first.outputs.signingCertificate));
        assert.match(bash("openssl verify -CAfile ca.crt issued.crt", program.dir), /OK/);
        const userData = String(first.outputs.userData);
        const plain = await decryptContract(userData, readPrivateKey(enclave.privateKey));
        const signingKeyValue = YAML.parse(plain.env!).signingKey;
        assert.equal(
            Buffer.from(signingKeyValue, "base64").toString(),
            first.outputs.signingCertificate,
        );
    });

    it("stores the CA key and its password only as secrets, and leaks them nowhere", () => {
        const contract = contractState();
        assert.ok(contract.secrets.includes("expiry"));
        assert.ok(first.secretOutputs.includes("userData"));
        assert.ok(!first.secretOutputs.includes("expiresAt"));
        const caKey = fs.readFileSync(file("ca.enc.key"), "utf8").split("\n")[1];
        const { userData: _, ...open } = first.outputs;
        const text = [
            JSON.stringify(open),
            JSON.stringify(contract.outputs),
            first.output,
            first.messages.join("\n"),
        ].join("\n");
        for (const secret of [CA_PASSWORD, caKey, CANARY.iamApiKey]) {
            assert.ok(!text.includes(secret), secret);
        }
    });

    it("changes nothing on a second run with the same inputs", async () => {
        const again = await run();
        assert.equal(again.exitCode, 0, again.output);
        assert.deepEqual(ops(again), ["compose:same", "contract:same"]);
        assert.equal(again.outputs.userData, first.outputs.userData);
    });

    it("warns at preview when a new certificate would give fewer than 30 days", async () => {
        const preview = await run(
            { "hyper-protect-trust:expiryDays": "20", "hyper-protect-trust:renewWithinDays": "5" },
            true,
        );
        assert.equal(preview.exitCode, 0, preview.output + preview.messages.join("\n"));
        assert.deepEqual(ops(preview), ["compose:same", "contract:update"]);
        assert.match(preview.output, /warning CONTRACT_EXPIRING expiry\.days: is 20/);
    });

    it("previews an unencrypted CA key with no password configured", async () => {
        const preview = await run(
            {
                "hyper-protect-trust:caKey": fs.readFileSync(file("ca.key"), "utf8"),
                "hyper-protect-trust:caKeyPassword": "",
            },
            true,
        );
        assert.equal(preview.exitCode, 0, preview.output + preview.messages.join("\n"));
        assert.deepEqual(ops(preview), ["compose:same", "contract:update"]);
    });

    describe("attestation", () => {
        const records = (userData: string) => enclaveRecords(userData, enclave.privateKey);
        const attest = async (text: string, signature: Buffer) => {
            const encrypted = await encryptRecords(text, attestationKey.publicKey);
            fs.writeFileSync(file("se-checksums.txt.enc"), encrypted);
            fs.writeFileSync(file("se-signature.bin"), signature);
            fs.writeFileSync(file("attestation.crt"), attestationSigner.certificate);
            return run({
                "hyper-protect-trust:attestationRecordsFile": file("se-checksums.txt.enc"),
                "hyper-protect-trust:signatureFile": file("se-signature.bin"),
                "hyper-protect-trust:attestationCertificateFile": file("attestation.crt"),
                "hyper-protect-trust:attestationPrivateKey": attestationKey.privateKey,
            });
        };
        const sign = (text: string) => signRecords(text, attestationSigner.privateKey);

        it("finds every contract line matching the deployed contract, as a secret output", async () => {
            const text = await records(String(first.outputs.userData));
            const r = await attest(text, sign(text));
            assert.equal(r.exitCode, 0, r.output);
            assert.ok(r.secretOutputs.includes("attestation"));
            const verdict = r.outputs.attestation as {
                ok: boolean;
                signatureVerified: boolean;
                lines: { name: string; verdict: string }[];
            };
            assert.equal(verdict.ok, true);
            assert.equal(verdict.signatureVerified, true);
            assert.deepEqual(Object.fromEntries(verdict.lines.map((l) => [l.name, l.verdict])), {
                baseimage: "unknown",
                "cidata/user-data": "matching",
                "contract:workload": "matching",
                "contract:env": "matching",
                "contract:attestationPublicKey": "matching",
            });
        });

        it("reports a changed env as differing", async () => {
            const text = (await records(String(first.outputs.userData))).replace(
                /^[0-9a-f]{64} contract:env$/m,
                `${sha256Hex("another env")} contract:env`,
            );
            const r = await attest(text, sign(text));
            const verdict = r.outputs.attestation as {
                ok: boolean;
                lines: { name: string; verdict: string }[];
            };
            assert.equal(verdict.ok, false);
            assert.equal(
                verdict.lines.find((l) => l.name === "contract:env")?.verdict,
                "differing",
            );
        });
    });
});
