import * as assert from "node:assert/strict";
import * as YAML from "yaml";
import * as handlers from "../../../provider/dynamic/contract-handlers";
import { UNKNOWN } from "../../../provider/dynamic/common";
import { decryptContract } from "../../../provider/contract/decrypt";
import { readPrivateKey } from "../../../provider/crypto/keys";
import { CANARIES, DIGEST, auths, composeWorkload, envSection } from "../../support/contracts";
import { pem, rsaPair, testIdentity } from "../../support/keys";
import { captureLog } from "../../support/stderr";

const TEMPLATED = `\${REGISTRY}/app@${DIGEST}`;

describe("Contract provider methods", function () {
    let inputs: Record<string, unknown>;
    let enclaveKey: string;
    const signer = pem(rsaPair(2048));

    before(async () => {
        const identity = await testIdentity();
        enclaveKey = identity.privateKey;
        inputs = {
            resourceName: "web-contract",
            providerVersion: "1.0.0",
            platform: "hpvs",
            workload: composeWorkload({ web: TEMPLATED }),
            env: envSection({ env: { REGISTRY: "us.icr.io/team" }, auths: auths("us.icr.io") }),
            encryptionCertificate: identity.certificate,
            signingKey: signer.privateKey,
        };
    });

    describe("check", () => {
        it("accepts the dynamic-registry scenario", async () => {
            const { result } = await captureLog(() => handlers.check({}, inputs));
            assert.deepEqual(result.failures, []);
        });

        it("fails with the input at fault and the path in the contract, never a secret", async () => {
            const env = envSection({
                auths: auths("us.icr.io"),
                volumes: { data: { seed: "short" } },
            });
            const { result } = await captureLog(() => handlers.check({}, { ...inputs, env }));
            assert.ok(result.failures.length >= 2);
            assert.ok(result.failures.every((f) => f.property.startsWith("env.")));
            assert.ok(result.failures.some((f) => f.property === "env.env.REGISTRY"));
            assert.match(
                result.failures.map((f) => f.reason).join("\n"),
                /VARIABLE_UNRESOLVED env\.env\.REGISTRY.*HPL08004E/,
            );
            for (const f of result.failures)
                for (const c of CANARIES) assert.ok(!f.reason.includes(c));
        });

        it("never names a whole secret input as the property, since the engine prints its value", async () => {
            const { result } = await captureLog(() =>
                handlers.check({}, { ...inputs, env: 42, signingKey: "not a key" }),
            );
            const reasons = result.failures.map((f) => `${f.property}|${f.reason}`);
            assert.ok(
                reasons.some((r) => /^\|error SECTION_NOT_MAPPING env: /.test(r)),
                String(reasons),
            );
            assert.ok(reasons.some((r) => /^\|error SIGNING_KEY_INVALID signingKey: /.test(r)));
            for (const f of result.failures)
                assert.doesNotMatch(f.property, /^(env|workload|signingKey|signingKeyPassword)$/);
        });

        it("tolerates an unknown platform: nothing can be judged before it is known", async () => {
            const { result } = await captureLog(() =>
                handlers.check({}, { ...inputs, platform: UNKNOWN, env: 42 }),
            );
            assert.deepEqual(result.failures, []);
        });

        it("tolerates unknown values during preview", async () => {
            const { result } = await captureLog(() =>
                handlers.check({}, { ...inputs, env: UNKNOWN, encryptionCertificate: UNKNOWN }),
            );
            assert.deepEqual(result.failures, []);
        });

        it("logs warnings with the resource's name", async () => {
            const env = envSection({ env: { REGISTRY: "us.icr.io/team" } });
            const { log } = await captureLog(() => handlers.check({}, { ...inputs, env }));
            assert.match(log, /^warning: web-contract: warning REGISTRY_NO_CREDENTIALS/m);
        });

        it("does not validate inputs again when they equal the previous ones", async () => {
            const broken = { ...inputs, workload: { type: "workload" } };
            const { result } = await captureLog(() => handlers.check(broken, broken));
            assert.deepEqual(result.failures, []);
        });

        it("defaults the platform to hpvs", async () => {
            const { platform: _, ...rest } = inputs;
            const { result } = await captureLog(() => handlers.check({}, rest));
            assert.equal(result.inputs.platform, "hpvs");
        });
    });

    describe("create, diff and update", () => {
        let state: Record<string, unknown>;

        before(async () => {
            state = (await handlers.create(inputs)).outs as unknown as Record<string, unknown>;
        });

        it("creates a contract the test enclave decrypts, with review data and no undefined", async () => {
            const plain = await decryptContract(String(state.userData), readPrivateKey(enclaveKey));
            assert.equal(YAML.parse(plain.env!).env.REGISTRY, "us.icr.io/team");
            assert.ok(Object.values(state).every((v) => v !== undefined));
            assert.equal(state.size, Buffer.byteLength(String(state.userData)));
            assert.equal(state.sizeLimit, 65536);
            assert.equal(state.signingKeyGenerated, false);
        });

        it("keeps every secret out of the outputs that are not secret", () => {
            const { userData: _u, fingerprintKey: _k, ...open } = state;
            const text = JSON.stringify(open);
            for (const c of CANARIES) assert.ok(!text.includes(c), c);
            assert.ok(!text.includes("PRIVATE KEY"));
        });

        it("finds no change for the same inputs, in any key order", async () => {
            const reordered = Object.fromEntries(Object.entries(inputs).reverse());
            const { result, log } = await captureLog(() => handlers.diff("id", state, reordered));
            assert.equal(result.changes, false);
            assert.equal(log, "");
        });

        it("names what changed, and that the workload keeps its token", async () => {
            const env = envSection({
                env: { REGISTRY: "mirror.example.com/team" },
                auths: auths("mirror.example.com"),
            });
            const { result, log } = await captureLog(() =>
                handlers.diff("id", state, { ...inputs, env }),
            );
            assert.equal(result.changes, true);
            assert.deepEqual(result.replaces, []);
            assert.match(
                log,
                /web-contract: env changed; re-encrypting env; workload keeps its token/,
            );
        });

        it("treats unknown inputs as changed", async () => {
            const { result } = await captureLog(() =>
                handlers.diff("id", state, { ...inputs, env: UNKNOWN }),
            );
            assert.equal(result.changes, true);
        });

        it("reports a new package version as a change, and updates nothing else for it", async () => {
            const news = { ...inputs, providerVersion: "1.0.1" };
            assert.equal(
                (await captureLog(() => handlers.diff("id", state, news))).result.changes,
                true,
            );
            const { outs } = await handlers.update("id", state, news);
            assert.equal(outs.userData, state.userData);
            assert.equal(outs.providerVersion, "1.0.1");
        });

        it("re-encrypts only env when only env changed; the workload keeps its token", async () => {
            const env = envSection({
                env: { REGISTRY: "mirror.example.com/team" },
                auths: auths("mirror.example.com"),
            });
            const { outs } = await handlers.update("id", state, { ...inputs, env });
            const before = YAML.parse(String(state.userData));
            const after = YAML.parse(outs.userData);
            assert.equal(after.workload, before.workload);
            assert.notEqual(after.env, before.env);
            assert.notEqual(after.envWorkloadSignature, before.envWorkloadSignature);
            assert.equal(outs.workloadSha256, state.workloadSha256);
        });

        it("keeps env's token too when only the workload changed and the signing key is given", async () => {
            const workload = composeWorkload({ web: TEMPLATED, api: TEMPLATED });
            const { outs } = await handlers.update("id", state, { ...inputs, workload });
            const before = YAML.parse(String(state.userData));
            const after = YAML.parse(outs.userData);
            assert.equal(after.env, before.env);
            assert.notEqual(after.workload, before.workload);
        });

        it("sees no change in the same certificate written another way (base64 of its PEM)", async () => {
            const cert = Buffer.from(String(inputs.encryptionCertificate)).toString("base64");
            const news = { ...inputs, encryptionCertificate: cert };
            const { result, log } = await captureLog(() => handlers.diff("id", state, news));
            assert.equal(result.changes, false);
            assert.equal(log, "");
        });

        it("sees no change in the same signing key as PKCS#1 or encrypted under a password", async () => {
            const key = rsaPair(2048).privateKey;
            const forms = [
                { signingKey: key.export({ type: "pkcs1", format: "pem" }).toString() },
                {
                    signingKey: key
                        .export({
                            type: "pkcs8",
                            format: "pem",
                            cipher: "aes-256-cbc",
                            passphrase: "a new password",
                        })
                        .toString(),
                    signingKeyPassword: "a new password",
                },
            ];
            for (const form of forms) {
                const { result } = await captureLog(() =>
                    handlers.diff("id", state, { ...inputs, ...form }),
                );
                assert.equal(result.changes, false, form.signingKey.split("\n")[0]);
            }
        });

        it("names a new certificate and signing key by their public fingerprints", async () => {
            const other = await testIdentity(2048);
            const news = {
                ...inputs,
                encryptionCertificate: other.certificate,
                signingKey: pem(rsaPair(3072)).privateKey,
            };
            const { result, log } = await captureLog(() => handlers.diff("id", state, news));
            assert.equal(result.changes, true);
            const before = String(state.encryptionCertificateFingerprint).slice(0, 16);
            assert.match(
                log,
                new RegExp(
                    `encryptionCertificate \\(fingerprint ${before} → [0-9a-f]{16}\\), ` +
                        `signingKey \\(fingerprint [0-9a-f]{16} → [0-9a-f]{16}\\) changed; ` +
                        "re-encrypting workload, env",
                ),
            );
            for (const c of CANARIES) assert.ok(!log.includes(c));
            assert.ok(!log.includes("PRIVATE KEY"));
        });

        it("keeps the workload's token when env changed and the certificate only changed form", async () => {
            const env = envSection({
                env: { REGISTRY: "mirror.example.com/team" },
                auths: auths("mirror.example.com"),
            });
            const cert = Buffer.from(String(inputs.encryptionCertificate)).toString("base64");
            const news = { ...inputs, env, encryptionCertificate: cert };
            const { outs } = await handlers.update("id", state, news);
            assert.equal(
                YAML.parse(outs.userData).workload,
                YAML.parse(String(state.userData)).workload,
            );
            const { result } = await captureLog(() =>
                handlers.diff("id", outs as unknown as Record<string, unknown>, news),
            );
            assert.equal(result.changes, false);
        });

        it("reads its state back as it is, and deletes nothing: a contract lives only in state", async () => {
            const read = await handlers.read("id", state);
            assert.equal(read.id, "id");
            assert.deepEqual(read.props, state);
            await handlers.remove();
        });

        it("encrypts everything anew when rotate changes", async () => {
            const { outs } = await handlers.update("id", state, { ...inputs, rotate: 2 });
            const before = YAML.parse(String(state.userData));
            const after = YAML.parse(outs.userData);
            assert.notEqual(after.workload, before.workload);
            assert.notEqual(after.env, before.env);
        });
    });
});
