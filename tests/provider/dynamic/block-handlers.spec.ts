import * as assert from "node:assert/strict";
import * as YAML from "yaml";
import * as handlers from "../../../provider/dynamic/block-handlers";
import { UNKNOWN } from "../../../provider/dynamic/common";
import { archiveFiles } from "../../../provider/archive";
import { readPrivateKey } from "../../../provider/crypto/keys";
import { decryptToken, sha256Hex } from "../../../provider/crypto/token";
import { openSealedSecret } from "../../../provider/onprem/sealed-secret";
import { CANARY, DIGEST, composeFile } from "../../support/contracts";
import { testIdentity } from "../../support/keys";
import { captureLog } from "../../support/stderr";
import { openssl } from "../../support/tools";

type Bag = Record<string, unknown>;

describe("building-block provider methods", function () {
    let certificate: string;
    let enclaveKey: string;

    before(async () => {
        ({ certificate, privateKey: enclaveKey } = await testIdentity());
    });

    describe("compose archive", () => {
        const archive = archiveFiles([
            { name: "docker-compose.yaml", content: composeFile({ web: `app@${DIGEST}` }) },
        ]);
        const inputs = (folder: string, a = archive): Bag => ({
            kind: "compose-archive",
            resourceName: "compose",
            providerVersion: "1.0.0",
            folder,
            contentHash: a.tarSha256,
            base64: a.base64,
        });

        it("keys its diff on the content hash: the same files under another path are no change", async () => {
            const { outs } = await handlers.create(inputs("/checkout/one/compose"));
            const moved = await captureLog(() =>
                handlers.diff("id", outs, inputs("/elsewhere/two/compose")),
            );
            assert.equal(moved.result.changes, false);
            const edited = archiveFiles([
                { name: "docker-compose.yaml", content: composeFile({ api: `app@${DIGEST}` }) },
            ]);
            const changed = await captureLog(() =>
                handlers.diff("id", outs, inputs("/checkout/one/compose", edited)),
            );
            assert.equal(changed.result.changes, true);
            assert.match(changed.log, /compose: contentHash changed/);
        });

        it("reports a broken archive at its path, never naming the secret base64 as a whole", async () => {
            const { result } = await captureLog(() =>
                handlers.check({}, { ...inputs("x"), base64: "bm90IGEgdGFyLmd6" }),
            );
            assert.ok(result.failures.length > 0);
            for (const f of result.failures) assert.notEqual(f.property, "base64");
        });
    });

    describe("sealed workload", () => {
        const workload = {
            type: "workload",
            compose: {
                archive: archiveFiles([
                    {
                        name: "docker-compose.yaml",
                        content: composeFile({ web: `\${REGISTRY}/app@${DIGEST}` }),
                    },
                ]).base64,
            },
            env: { SECRET_SETTING: CANARY.envValue },
        };
        const inputs = (): Bag => ({
            kind: "sealed-workload",
            resourceName: "workload",
            providerVersion: "1.0.0",
            platform: "hpvs",
            workload,
            encryptionCertificate: certificate,
        });

        it("publishes a manifest with the platform, certificate, token digest, REGISTRY and image digests", async () => {
            const { outs } = await handlers.create(inputs());
            const manifest = outs.manifest as Bag & {
                encryptionCertificate: { fingerprint: string };
                images: { reference: string; digest?: string }[];
            };
            assert.equal(manifest.platform, "hpvs");
            const der = openssl(["x509", "-outform", "DER"], certificate);
            assert.equal(manifest.encryptionCertificate.fingerprint, sha256Hex(der));
            assert.equal(manifest.tokenSha256, sha256Hex(String(outs.token)));
            assert.equal(outs.tokenSha256, manifest.tokenSha256);
            assert.deepEqual(manifest.requires, ["REGISTRY"]);
            assert.deepEqual(
                manifest.images.map((i) => [i.reference, i.digest]),
                [[`\${REGISTRY}/app@${DIGEST}`, DIGEST]],
            );
            assert.ok(!JSON.stringify(manifest).includes(CANARY.envValue));
            const plain = await decryptToken(String(outs.token), readPrivateKey(enclaveKey));
            assert.equal(YAML.parse(plain.toString()).env.SECRET_SETTING, CANARY.envValue);
            assert.equal(outs.plaintextSha256, sha256Hex(plain));
        });

        it("keeps its token when nothing changed, and names what did", async () => {
            const { outs } = await handlers.create(inputs());
            assert.equal(
                (await captureLog(() => handlers.diff("id", outs, inputs()))).result.changes,
                false,
            );
            const { result, log } = await captureLog(() =>
                handlers.diff("id", outs, { ...inputs(), rotate: 1 }),
            );
            assert.equal(result.changes, true);
            assert.match(log, /workload: rotate changed/);
        });
    });

    describe("sealed secret", () => {
        const inputs = (extra: Bag = {}): Bag => ({
            kind: "sealed-secret",
            resourceName: "db-password",
            providerVersion: "1.0.0",
            section: "env",
            secret: CANARY.registryPassword,
            ...extra,
        });

        it("seals a secret that opens with the keys it publishes, and keeps them while nothing changes", async () => {
            const { outs } = await handlers.create(inputs());
            const opened = openSealedSecret(
                String(outs.sealed),
                String(outs.decryptionKey),
                String(outs.verificationKey),
            );
            assert.equal(opened.secret.toString(), CANARY.registryPassword);
            assert.equal(opened.section, "env");
            assert.equal(outs.secretSha256, sha256Hex(CANARY.registryPassword));
            assert.equal(outs.sealedSha256, sha256Hex(String(outs.sealed)));
            assert.ok(!JSON.stringify(outs).includes(CANARY.registryPassword));
            const same = await captureLog(() => handlers.diff("id", outs, inputs()));
            assert.equal(same.result.changes, false);
            const changed = await captureLog(() =>
                handlers.diff("id", outs, inputs({ secret: "another value" })),
            );
            assert.equal(changed.result.changes, true);
            assert.match(changed.log, /db-password: secret changed/);
            assert.ok(!changed.log.includes(CANARY.registryPassword));
        });

        it("refuses a bad section, an empty secret and a key that is no private key, naming no secret input", async () => {
            for (const [extra, path] of [
                [{ section: "both" }, "section"],
                [{ secret: "" }, "secret"],
                [{ encryptionKey: "not a key" }, "encryptionKey"],
                [{ signingKey: CANARY.registryPassword }, "signingKey"],
            ] as const) {
                const { result } = await captureLog(() => handlers.check({}, inputs(extra)));
                assert.equal(result.failures.length, 1, JSON.stringify(result.failures));
                assert.equal(result.failures[0].property, "");
                assert.match(result.failures[0].reason, new RegExp(`SCHEMA ${path}:`));
                assert.ok(!result.failures[0].reason.includes(CANARY.registryPassword));
            }
        });
    });

    describe("encrypted text", () => {
        it("refuses an empty text without naming the secret input as a whole", async () => {
            const { result } = await captureLog(() =>
                handlers.check(
                    {},
                    {
                        kind: "encrypted-text",
                        resourceName: "t",
                        providerVersion: "1",
                        text: "",
                        encryptionCertificate: certificate,
                    },
                ),
            );
            assert.equal(result.failures.length, 1);
            assert.equal(result.failures[0].property, "");
            assert.match(
                result.failures[0].reason,
                /^error SCHEMA text: must be a non-empty string/,
            );
        });

        it("encrypts the text for the enclave, and only anew when an input changed", async () => {
            const inputs: Bag = {
                kind: "encrypted-text",
                resourceName: "t",
                providerVersion: "1",
                platform: "ccrv",
                text: CANARY.envValue,
                encryptionCertificate: certificate,
            };
            const { outs } = await handlers.create(inputs);
            assert.match(String(outs.rendered), /^contract-basic\./);
            const plain = await decryptToken(String(outs.rendered), readPrivateKey(enclaveKey));
            assert.equal(plain.toString(), CANARY.envValue);
            const same = await handlers.update("id", outs, { ...inputs, providerVersion: "2" });
            assert.equal(same.outs.rendered, outs.rendered);
            assert.ok(!JSON.stringify({ ...outs, rendered: undefined }).includes(CANARY.envValue));
        });
    });
    describe("checks common to the encrypted blocks", () => {
        const base = (extra: Bag): Bag => ({
            kind: "encrypted-json",
            resourceName: "j",
            providerVersion: "1",
            json: "{}",
            encryptionCertificate: certificate,
            ...extra,
        });
        const failuresOf = async (inputs: Bag) =>
            (await captureLog(() => handlers.check({}, inputs))).result.failures.map(
                (f) => f.reason.split(":")[0],
            );

        it("names a platform that is none, a certificate that is none, and JSON that is none", async () => {
            assert.deepEqual(await failuresOf(base({})), []);
            assert.deepEqual(await failuresOf(base({ platform: "zos" })), [
                "error SCHEMA platform",
            ]);
            assert.deepEqual(await failuresOf(base({ encryptionCertificate: "not a PEM" })), [
                "error CERTIFICATE_INVALID encryptionCertificate",
            ]);
            assert.deepEqual(await failuresOf(base({ json: "{ not json" })), ["error SCHEMA json"]);
        });

        it("judges no input that is not known yet, as at a preview", async () => {
            const inputs = base({
                platform: UNKNOWN,
                encryptionCertificate: UNKNOWN,
                json: UNKNOWN,
            });
            assert.deepEqual(await failuresOf(inputs), []);
        });
    });
});
