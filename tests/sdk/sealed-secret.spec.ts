/**
 * `SealedSecret` as a Pulumi program declares it, under `setMocks` whose resources run the real
 * provider methods: the inputs it registers (secrets wrapped), and outputs that open with the
 * keys it publishes, the decryption key secret.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as handlers from "../../provider/dynamic/block-handlers";
import { openSealedSecret } from "../../provider/onprem/sealed-secret";
import { SealedSecret } from "../../sdk/sealed-secret";
import { CANARY } from "../support/contracts";
import { unwrap } from "../support/engine";

/** An Output's value and whether it is secret. */
async function read<T>(output: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
    const inner = output as unknown as { promise(): Promise<T>; isSecret: Promise<boolean> };
    return { value: await inner.promise(), secret: await inner.isSecret };
}

describe("the SealedSecret resource", () => {
    const registered: Record<string, unknown>[] = [];

    before(() => {
        pulumi.runtime.setMocks(
            {
                newResource: async (args) => {
                    registered.push(args.inputs);
                    // The provider host hands the methods plain values, secrets unwrapped.
                    const plain = unwrap(args.inputs).value as Record<string, unknown>;
                    const { inputs } = await handlers.check({}, plain);
                    const { id, outs } = await handlers.create(inputs);
                    return { id, state: outs };
                },
                call: (args) => args.inputs,
            },
            "project",
            "stack",
            false,
        );
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
