import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { buildContract } from "../../../provider/contract/assemble";
import { decryptContract } from "../../../provider/contract/decrypt";
import { ContractValidationError } from "../../../provider/findings";
import { validateContract } from "../../../provider/contract/validate";
import { readPrivateKey } from "../../../provider/crypto/keys";
import { sha256Hex } from "../../../provider/crypto/token";
import { InputError } from "../../../provider/errors";
import { CANARIES, DIGEST, auths, composeWorkload, envSection } from "../../support/contracts";
import { pem, rsaPair, testIdentity } from "../../support/keys";
import { bash, scratch } from "../../support/tools";

const TEMPLATED = `\${REGISTRY}/app@${DIGEST}`;

describe("building a contract", function () {
    let certificate: string;
    let enclaveKey: string;
    const signer = pem(rsaPair(2048));

    before(async () => {
        ({ certificate, privateKey: enclaveKey } = await testIdentity());
    });

    const seedScenario = () => ({
        workload: composeWorkload({ web: TEMPLATED }),
        env: envSection({ env: { REGISTRY: "us.icr.io/team" }, auths: auths("us.icr.io") }),
        encryptionCertificate: certificate,
        signingKey: signer.privateKey,
    });

    it("writes user data whose sections openssl decrypts and whose signature openssl verifies", async () => {
        const built = await buildContract(seedScenario());
        const { dir, remove } = scratch();
        try {
            const values = YAML.parse(built.userData);
            assert.deepEqual(Object.keys(values), ["env", "envWorkloadSignature", "workload"]);
            fs.writeFileSync(path.join(dir, "enclave.pem"), enclaveKey);
            fs.writeFileSync(path.join(dir, "signer.pub"), signer.publicKey);
            for (const name of ["workload", "env"]) {
                const [prefix, rsa, body] = values[name].split(".");
                assert.equal(prefix, "hyper-protect-basic");
                fs.writeFileSync(path.join(dir, `${name}.rsa`), Buffer.from(rsa, "base64"));
                fs.writeFileSync(path.join(dir, `${name}.body`), Buffer.from(body, "base64"));
                bash(
                    `openssl pkeyutl -decrypt -inkey enclave.pem -in ${name}.rsa -out ${name}.pw && openssl enc -d -aes-256-cbc -pbkdf2 -pass stdin -in ${name}.body -out ${name}.txt < ${name}.pw`,
                    dir,
                );
            }
            const workload = YAML.parse(fs.readFileSync(path.join(dir, "workload.txt"), "utf8"));
            const env = YAML.parse(fs.readFileSync(path.join(dir, "env.txt"), "utf8"));
            assert.equal(workload.type, "workload");
            assert.equal(env.env.REGISTRY, "us.icr.io/team");
            assert.equal(Buffer.from(env.signingKey, "base64").toString(), signer.publicKey);
            fs.writeFileSync(path.join(dir, "signed"), values.workload + values.env);
            fs.writeFileSync(
                path.join(dir, "sig"),
                Buffer.from(values.envWorkloadSignature, "base64"),
            );
            assert.match(
                bash("openssl dgst -sha256 -verify signer.pub -signature sig signed", dir),
                /Verified OK/,
            );
            assert.equal(built.sha256.workload, sha256Hex(values.workload));
            assert.equal(built.sha256.userData, sha256Hex(built.userData));
            assert.equal(built.signer.generated, false);
        } finally {
            remove();
        }
    });

    it("measures the contract at validation exactly as it turns out", async () => {
        const input = seedScenario();
        const predicted = validateContract(
            { ...input, signingKey: undefined },
            { signingKeyBits: 2048 },
        ).size;
        const built = await buildContract(input);
        assert.equal(predicted?.bytes, built.size.bytes);
        assert.equal(built.size.bytes, Buffer.byteLength(built.userData));
    });

    it("keeps the author's env text, comments included, and appends signingKey", async () => {
        const envText =
            "# the deployer's env\ntype: env\nlogging:\n  logRouter:\n    hostname: logs.example.com # ingress\n    iamApiKey: k-123456\n";
        const built = await buildContract({
            ...seedScenario(),
            env: envText,
            workload: composeWorkload(),
        });
        const plain = await decryptContract(built.userData, readPrivateKey(enclaveKey));
        assert.ok(plain.env?.startsWith(envText));
        assert.match(plain.env!, /\nsigningKey: [A-Za-z0-9+/=]+\n$/);
    });

    it("encrypts attestationPublicKey and leaves it out of the signature", async () => {
        const built = await buildContract({
            ...seedScenario(),
            attestationPublicKey: signer.publicKey,
        });
        const values = YAML.parse(built.userData);
        assert.deepEqual(Object.keys(values), [
            "attestationPublicKey",
            "env",
            "envWorkloadSignature",
            "workload",
        ]);
        const plain = await decryptContract(built.userData, readPrivateKey(enclaveKey));
        assert.equal(plain.attestationPublicKey, signer.publicKey);
    });

    it("touches no file and starts no process: secrets never reach the disk", async () => {
        const encryptedKey = rsaPair(2048)
            .privateKey.export({
                type: "pkcs8",
                format: "pem",
                cipher: "aes-256-cbc",
                passphrase: "key-password-canary",
            })
            .toString();
        const calls: string[] = [];
        const restore: (() => void)[] = [];
        const watch = (owner: Record<string, unknown>, names: string[], label: string) => {
            for (const name of names) {
                const original = owner[name] as (...args: unknown[]) => unknown;
                owner[name] = (...args: unknown[]) => {
                    calls.push(`${label}.${name}`);
                    return original.apply(owner, args);
                };
                restore.push(() => (owner[name] = original));
            }
        };
        // The modules themselves, not the import wrappers, whose properties are getters.
        const realFs: typeof fs = require("node:fs");
        const childProcess: typeof import("node:child_process") = require("node:child_process");
        const writers = ["open", "openSync", "writeFile", "writeFileSync", "appendFile"];
        watch(
            realFs as unknown as Record<string, unknown>,
            [...writers, "createWriteStream"],
            "fs",
        );
        watch(
            fs.promises as unknown as Record<string, unknown>,
            ["open", "writeFile"],
            "fs.promises",
        );
        const processes = ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync"];
        watch(childProcess as unknown as Record<string, unknown>, processes, "child_process");
        let built;
        try {
            built = await buildContract({
                ...seedScenario(),
                signingKey: encryptedKey,
                signingKeyPassword: "key-password-canary",
                attestationPublicKey: signer.publicKey,
            });
        } finally {
            restore.forEach((undo) => undo());
        }
        assert.deepEqual(calls, []);
        assert.equal(built.signer.generated, false);
        assert.ok(!built.userData.includes("key-password-canary"));
    });

    it("generates a signing key when none is given, and says so", async () => {
        const built = await buildContract({ ...seedScenario(), signingKey: undefined });
        assert.equal(built.signer.generated, true);
    });

    it("refuses a contract with errors, listing every error and no secret", async () => {
        const input = {
            ...seedScenario(),
            env: envSection({ auths: auths("us.icr.io"), volumes: { x: { seed: "short" } } }),
        };
        await assert.rejects(buildContract(input), (e: unknown) => {
            assert.ok(e instanceof ContractValidationError);
            assert.match(e.message, /VARIABLE_UNRESOLVED env\.env\.REGISTRY/);
            assert.match(e.message, /SEED_INVALID env\.volumes\.x\.seed/);
            for (const canary of CANARIES) assert.ok(!e.message.includes(canary));
            return true;
        });
    });

    it("asks for the encryption certificate when none is given", async () => {
        await assert.rejects(
            buildContract({ ...seedScenario(), encryptionCertificate: undefined }),
            (e: unknown) => InputError.isInstance(e) && e.field === "encryptionCertificate",
        );
    });

    it("uses the contract-basic prefix on the on-prem platforms", async () => {
        for (const platform of ["ccrt", "ccrv"] as const) {
            const workload =
                platform === "ccrv"
                    ? {
                          type: "workload",
                          play: {
                              resources: [
                                  {
                                      apiVersion: "v1",
                                      kind: "Pod",
                                      metadata: { name: "a" },
                                      spec: {
                                          containers: [{ name: "c", image: `a.io/b/c@${DIGEST}` }],
                                      },
                                  },
                              ],
                          },
                      }
                    : composeWorkload();
            const built = await buildContract({
                ...seedScenario(),
                platform,
                workload,
                env: envSection(),
            });
            const values = YAML.parse(built.userData);
            assert.ok(values.workload.startsWith("contract-basic."));
            assert.ok(values.env.startsWith("contract-basic."));
        }
    });
});
