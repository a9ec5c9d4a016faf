import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as YAML from "yaml";
import { sha256Hex } from "../../provider/crypto/token";
import { decryptContract } from "../../provider/contract/decrypt";
import { readPrivateKey } from "../../provider/crypto/keys";
import { CANARY } from "../support/contracts";
import { runProgram, type ResourceState, type RunResult } from "../support/engine";
import { testIdentity } from "../support/keys";
import { compileInto, programFolder, type ProgramFolder } from "../support/program";
import { REPO_ROOT } from "../support/vectors";

const SDK = path.join(REPO_ROOT, "node_modules/@pulumi/pulumi");
const EXAMPLE = path.join(REPO_ROOT, "examples/dynamic-registry");

const ops = (r: RunResult) =>
    [...r.operations.entries()].map(([urn, op]) => `${urn.split("::").pop()}:${op}`).sort();

describe("the dynamic-registry example through the SDK's program runner and an engine double", function () {
    let providerProgram: ProgramFolder;
    let deployerProgram: ProgramFolder;
    let certificate: string;
    let enclaveKey: string;
    const providerState = new Map<string, ResourceState>();
    const deployerState = new Map<string, ResourceState>();
    let sealed: RunResult;
    let deployed: RunResult;

    const providerRun = (preview = false) =>
        runProgram({
            programDir: providerProgram.dir,
            entry: "index.js",
            project: "dynamic-registry-provider",
            stack: "dev",
            sdkRoot: SDK,
            state: providerState,
            preview,
            config: {
                "dynamic-registry-provider:encryptionCertificate": certificate,
                "dynamic-registry-provider:composeFolder": path.join(EXAMPLE, "workload/compose"),
            },
        });
    const deployerConfig = (registry = "registry.mirror.example.com/enclaves") => ({
        "dynamic-registry-deployer:encryptionCertificate": certificate,
        "dynamic-registry-deployer:providerStack": "acme/dynamic-registry-provider/dev",
        "dynamic-registry-deployer:registry": registry,
        "dynamic-registry-deployer:registryUsername": "robot",
        "dynamic-registry-deployer:registryPassword": CANARY.registryPassword,
        "dynamic-registry-deployer:logHostname": "logs.example.com",
        "dynamic-registry-deployer:logApiKey": CANARY.iamApiKey,
    });
    const deployerRun = (config = deployerConfig(), preview = false) =>
        runProgram({
            programDir: deployerProgram.dir,
            entry: "index.js",
            project: "dynamic-registry-deployer",
            stack: "dev",
            sdkRoot: SDK,
            state: deployerState,
            preview,
            config,
            secretKeys: [
                "dynamic-registry-deployer:registryPassword",
                "dynamic-registry-deployer:logApiKey",
            ],
            stacks: {
                "acme/dynamic-registry-provider/dev": {
                    outputs: sealed.outputs,
                    secrets: sealed.secretOutputs,
                },
            },
        });

    before(async () => {
        ({ certificate, privateKey: enclaveKey } = await testIdentity());
        providerProgram = programFolder();
        deployerProgram = programFolder();
        compileInto(providerProgram, path.join(EXAMPLE, "provider/index.ts"));
        compileInto(deployerProgram, path.join(EXAMPLE, "deployer/index.ts"));
        sealed = await providerRun();
        deployed = await deployerRun();
    });
    after(() => {
        providerProgram?.remove();
        deployerProgram?.remove();
    });

    it("seals the workload in the provider's stack and asks the deployer for REGISTRY", () => {
        assert.equal(sealed.exitCode, 0, sealed.output);
        assert.deepEqual(ops(sealed), ["compose:create", "workload:create"]);
        assert.deepEqual(sealed.outputs.requires, ["REGISTRY"]);
        const value = sealed.outputs.sealedWorkload as { token: string; plaintextSha256: string };
        assert.match(value.token, /^hyper-protect-basic\./);
        // The bundle carries the workload's plaintext hash, so it is secret as a whole.
        assert.match(value.plaintextSha256, /^[0-9a-f]{64}$/);
        assert.ok(sealed.secretOutputs.includes("sealedWorkload"));
        assert.ok(!sealed.secretOutputs.includes("requires"));
    });

    it("gives the deployer's contract the workload's plaintext hash, for attestation", async () => {
        const contract = [...deployerState.values()].find((r) => r.type.endsWith(":Contract"))!;
        const plain = await decryptContract(
            String(deployed.outputs.userData),
            readPrivateKey(enclaveKey),
        );
        const hashes = contract.outputs.plaintextSha256 as Record<string, string>;
        assert.equal(hashes.workload, sha256Hex(plain.workload!));
        assert.equal(hashes.env, sha256Hex(plain.env!));
        assert.ok(contract.secrets.includes("plaintextSha256"));
    });

    it("builds the contract in the deployer's stack from the other stack's output", async () => {
        assert.equal(deployed.exitCode, 0, deployed.output);
        assert.deepEqual(ops(deployed), ["contract:create"]);
        const userData = String(deployed.outputs.userData);
        const plain = await decryptContract(userData, readPrivateKey(enclaveKey));
        assert.equal(YAML.parse(plain.env!).env.REGISTRY, "registry.mirror.example.com/enclaves");
        assert.equal(
            YAML.parse(userData).workload,
            (sealed.outputs.sealedWorkload as { token: string }).token,
        );
    });

    it("makes userData a secret output and keeps the review public", () => {
        assert.ok(deployed.secretOutputs.includes("userData"));
        assert.ok(!deployed.secretOutputs.includes("review"));
        assert.ok(!deployed.secretOutputs.includes("size"));
    });

    it("stores the plaintext inputs only as secrets", () => {
        const contract = [...deployerState.values()].find((r) => r.type.endsWith(":Contract"))!;
        for (const key of ["env", "workload", "userData"])
            assert.ok(contract.secrets.includes(key), key);
    });

    it("leaks no secret into public outputs or logs", () => {
        const { userData: _, ...open } = deployed.outputs;
        const text = JSON.stringify(open) + deployed.output + deployed.messages.join("\n");
        for (const canary of [CANARY.registryPassword, CANARY.iamApiKey])
            assert.ok(!text.includes(canary), canary);
    });

    it("changes nothing on a second run with the same inputs, in either stack", async () => {
        const again = await deployerRun();
        assert.equal(again.exitCode, 0, again.output);
        assert.deepEqual(ops(again), ["contract:same"]);
        assert.equal(again.outputs.userData, deployed.outputs.userData);
        const provider = await providerRun();
        assert.deepEqual(ops(provider), ["compose:same", "workload:same"]);
    });

    it("previews a registry change as an update of the contract alone", async () => {
        const preview = await deployerRun(deployerConfig("registry2.example.com/x"), true);
        assert.equal(preview.exitCode, 0, preview.output);
        assert.deepEqual(ops(preview), ["contract:update"]);
        assert.match(
            preview.output,
            /contract: env changed; re-encrypting env; workload keeps its token/,
        );
    });
});
