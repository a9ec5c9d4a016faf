/**
 * The encrypted building blocks as a Pulumi program declares them, under `setMocks` whose
 * resources run the real provider methods: the inputs they register (the value only inside a
 * secret), and tokens that are secret and open with the enclave's key to the value given.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { archiveFolder } from "../../provider/archive";
import { readPrivateKey } from "../../provider/crypto/keys";
import { decryptToken, sha256Hex } from "../../provider/crypto/token";
import { EncryptedArchive, EncryptedJson, EncryptedText } from "../../sdk/encrypted";
import { mockBlockResources, readOutput as read } from "../support/block-mocks";
import { CANARY, DIGEST, composeFile } from "../support/contracts";
import { unwrap } from "../support/engine";
import { testIdentity } from "../support/keys";
import { scratch } from "../support/tools";

describe("the encrypted building blocks", function () {
    let registered: Record<string, unknown>[] = [];
    let certificate: string;
    let enclaveKey: string;

    before(async () => {
        ({ certificate, privateKey: enclaveKey } = await testIdentity(2048));
        registered = mockBlockResources();
    });

    /** The token's plaintext, after checking that it is secret and its hash is not. */
    async function opened(block: EncryptedText | EncryptedJson | EncryptedArchive) {
        const [rendered, sha256] = await Promise.all([
            read(block.rendered),
            read(block.renderedSha256),
        ]);
        assert.equal(rendered.secret, true);
        assert.equal(sha256.secret, false);
        assert.equal(sha256.value, sha256Hex(Buffer.from(rendered.value)));
        assert.match(rendered.value, /^hyper-protect-basic\./);
        const plain = await decryptToken(rendered.value, readPrivateKey(enclaveKey));
        return plain.toString("utf8");
    }

    /** The inputs a block registered, and that `field` reached the engine only as a secret. */
    function registeredSecret(name: string, field: string): Record<string, unknown> {
        const inputs = registered.find((i) => i.resourceName === name)!;
        assert.equal(unwrap(inputs[field]).secret, true, `${field} of ${name} is secret`);
        return inputs;
    }

    it("EncryptedText encrypts the text as given", async () => {
        const block = new EncryptedText("api-key", {
            text: CANARY.registryPassword,
            encryptionCertificate: certificate,
        });
        assert.equal(await opened(block), CANARY.registryPassword);
        assert.equal(registeredSecret("api-key", "text").kind, "encrypted-text");
    });

    it("EncryptedJson encrypts a mapping as JSON text, on the platform's prefix", async () => {
        const value = { user: "deployer", password: CANARY.registryPassword };
        const block = new EncryptedJson("credentials", {
            json: value,
            encryptionCertificate: certificate,
            platform: "ccrt",
        });
        const rendered = await read(block.rendered);
        assert.match(rendered.value, /^contract-basic\./);
        const plain = await decryptToken(rendered.value, readPrivateKey(enclaveKey));
        assert.deepEqual(JSON.parse(plain.toString("utf8")), value);
        assert.equal(registeredSecret("credentials", "json").kind, "encrypted-json");
    });

    it("EncryptedArchive encrypts the folder's deterministic archive, as base64", async () => {
        const { dir, remove } = scratch();
        try {
            fs.writeFileSync(
                path.join(dir, "docker-compose.yaml"),
                composeFile({ web: `app@${DIGEST}` }),
            );
            const block = new EncryptedArchive("compose", {
                folder: dir,
                encryptionCertificate: certificate,
            });
            const archive = await archiveFolder(dir);
            assert.equal(await opened(block), archive.base64);
            const inputs = registeredSecret("compose", "base64");
            assert.equal(inputs.kind, "encrypted-archive");
            assert.equal(unwrap(inputs.contentHash).value, archive.tarSha256);
        } finally {
            remove();
        }
    });
});
