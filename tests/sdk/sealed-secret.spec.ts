/**
 * `SealedSecret` as a Pulumi program declares it, under `setMocks` whose resources run the real
 * provider methods: the inputs it registers (secrets wrapped), and outputs that open with the
 * keys it publishes, the decryption key secret.
 */
import * as assert from "node:assert/strict";
import { openSealedSecret } from "../../provider/onprem/sealed-secret";
import { SealedSecret } from "../../sdk/sealed-secret";
import { mockBlockResources, readOutput as read } from "../support/block-mocks";
import { CANARY } from "../support/contracts";
import { unwrap } from "../support/engine";

describe("the SealedSecret resource", () => {
    let registered: Record<string, unknown>[] = [];

    before(() => {
        registered = mockBlockResources();
    });

    it("seals the secret for env; the keys open it, the decryption key stays secret", async () => {
        const sealed = new SealedSecret("db-password", {
            secret: CANARY.registryPassword,
            section: "env",
        });
        const [value, decryptionKey, verificationKey, secretSha256] = await Promise.all([
            read(sealed.sealed),
            read(sealed.decryptionKey),
            read(sealed.verificationKey),
            read(sealed.secretSha256),
        ]);
        assert.equal(decryptionKey.secret, true);
        assert.equal(secretSha256.secret, true);
        assert.equal(value.secret, false);
        assert.equal(verificationKey.secret, false);
        const opened = openSealedSecret(value.value, decryptionKey.value, verificationKey.value);
        assert.equal(opened.secret.toString(), CANARY.registryPassword);
        assert.equal(opened.section, "env");
        assert.ok(!value.value.includes(CANARY.registryPassword));
        const inputs = registered.find((i) => i.resourceName === "db-password")!;
        assert.equal(inputs.kind, "sealed-secret");
        assert.equal(inputs.section, "env");
        // The secret value reaches the engine only inside a secret envelope.
        assert.equal(unwrap(inputs.secret).secret, true);
    });
});
