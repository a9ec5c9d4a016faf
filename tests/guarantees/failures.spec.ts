/**
 * The failure guarantee: an update that fails leaves the previous contract and state as they
 * were, and usable; the command line replaces an `--out` file whole or not at all; and nothing
 * the package does, in the library, the command line or the provider host, leaves a file in
 * the temporary folder.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import * as YAML from "yaml";
import {
    buildContract,
    decryptContract,
    onprem,
    sealWorkload,
    trust,
    validateContract,
} from "../../provider";
import { archiveFolder } from "../../provider/archive";
import { readPrivateKey } from "../../provider/crypto/keys";
import { contractProvider } from "../../provider/dynamic/providers";
import { CANARY } from "../support/contracts";
import { runProgram, type ResourceState } from "../support/engine";
import { DIFF, startHost, type ProviderHost } from "../support/host";
import { programFolder, type ProgramFolder } from "../support/program";
import { scratch } from "../support/tools";
import { REPO_ROOT } from "../support/vectors";
import { canaryEnv, canaryWorkload, secretWorld, type SecretWorld } from "./world";

const SDK = path.join(REPO_ROOT, "node_modules/@pulumi/pulumi");
const BIN = path.join(REPO_ROOT, "bin/hpcr-contract.js");
const URN = "urn:pulumi:dev::failures::pulumi-nodejs:dynamic/hyper-protect:Contract::contract";

/** Runs `fn` with TMPDIR (what os.tmpdir() and child processes use) set to an empty folder. */
async function withEmptyTmp<T>(
    fn: (tmp: string) => Promise<T>,
): Promise<{ result: T; left: string[] }> {
    const tmp = scratch("hpcr-tmp-");
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp.dir;
    try {
        const result = await fn(tmp.dir);
        return { result, left: fs.readdirSync(tmp.dir) };
    } finally {
        if (saved === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saved;
        tmp.remove();
    }
}

describe("failures leave everything as it was, and no temporary file", function () {
    let world: SecretWorld;

    before(async () => {
        world = await secretWorld();
    });
    after(() => world?.remove());

    const inputs = () => ({
        platform: "hpvs" as const,
        workload: canaryWorkload(),
        env: canaryEnv(),
        encryptionCertificate: world.certificate,
        signingKey: world.signingKey,
        signingKeyPassword: CANARY.signingKeyPassword,
    });

    describe("an update that fails, through the real provider host", () => {
        let program: ProgramFolder;
        let host: ProviderHost;
        let news: Record<string, unknown>;
        let id: string;
        let outs: Record<string, unknown>;
        let snapshot: string;

        before(async () => {
            program = programFolder();
            host = await startHost(program.dir, SDK);
            await host.configure();
            const { text } = await pulumi.runtime.serializeFunction(() => contractProvider, {
                allowSecrets: true,
            });
            news = {
                __provider: text,
                resourceName: "contract",
                providerVersion: "1.0.0",
                ...inputs(),
            };
            const checked = await host.check(URN, {}, news);
            ({ id, outs } = await host.create(URN, checked.inputs));
            news = checked.inputs;
            snapshot = JSON.stringify(outs);
        });
        after(() => {
            host?.stop();
            program?.remove();
        });

        const failing: [string, Record<string, unknown>][] = [
            ["a wrong signing key password", { signingKeyPassword: "wrong" }],
            [
                "an encryption certificate that is not one",
                { encryptionCertificate: "not a certificate" },
            ],
            ["an env that breaks the schema", { env: { type: "env", logging: 7 } }],
        ];
        for (const [what, change] of failing) {
            it(`fails with ${what}, and the previous state still is the deployed contract`, async () => {
                await assert.rejects(host.update(URN, id, outs, { ...news, ...change }));
                assert.equal(JSON.stringify(outs), snapshot);
                const same = await host.diff(URN, id, outs, news);
                assert.equal(same.changes, DIFF.NONE);
                const again = await host.update(URN, id, outs, news);
                assert.equal(again.userData, outs.userData);
                const plain = await decryptContract(
                    String(outs.userData),
                    readPrivateKey(world.enclaveKey),
                );
                assert.equal(YAML.parse(plain.env!).logging.logRouter.iamApiKey, CANARY.iamApiKey);
            });
        }
    });

    describe("a run that fails, through the SDK's program runner and an engine double", () => {
        let provider: ProgramFolder;
        let deployer: ProgramFolder;
        const providerState = new Map<string, ResourceState>();
        const deployerState = new Map<string, ResourceState>();
        let sealed: Awaited<ReturnType<typeof runProgram>>;

        const compile = (into: ProgramFolder, source: string) =>
            fs.writeFileSync(
                path.join(into.dir, "index.js"),
                ts.transpileModule(fs.readFileSync(source, "utf8"), {
                    compilerOptions: {
                        module: ts.ModuleKind.CommonJS,
                        target: ts.ScriptTarget.ES2022,
                    },
                }).outputText,
            );
        const example = path.join(REPO_ROOT, "examples/dynamic-registry");
        const deploy = (password: string) =>
            runProgram({
                programDir: deployer.dir,
                entry: "index.js",
                project: "deployer",
                stack: "dev",
                sdkRoot: SDK,
                state: deployerState,
                config: {
                    "deployer:encryptionCertificate": world.certificate,
                    "deployer:providerStack": "acme/provider/dev",
                    "deployer:registry": "registry.example.com/enclaves",
                    "deployer:registryUsername": "robot",
                    "deployer:registryPassword": password,
                    "deployer:logHostname": "logs.example.com",
                    "deployer:logApiKey": CANARY.iamApiKey,
                },
                secretKeys: ["deployer:registryPassword", "deployer:logApiKey"],
                stacks: {
                    "acme/provider/dev": { outputs: sealed.outputs, secrets: sealed.secretOutputs },
                },
            });

        before(async () => {
            provider = programFolder();
            deployer = programFolder();
            compile(provider, path.join(example, "provider/index.ts"));
            compile(deployer, path.join(example, "deployer/index.ts"));
            sealed = await runProgram({
                programDir: provider.dir,
                entry: "index.js",
                project: "provider",
                stack: "dev",
                sdkRoot: SDK,
                state: providerState,
                config: {
                    "provider:encryptionCertificate": world.certificate,
                    "provider:composeFolder": path.join(example, "workload/compose"),
                },
            });
            assert.equal(sealed.exitCode, 0, sealed.output);
        });
        after(() => {
            provider?.remove();
            deployer?.remove();
        });

        it("keeps the state of the last good run when a run fails, and the next good run changes nothing", async () => {
            const good = await deploy(CANARY.registryPassword);
            assert.equal(good.exitCode, 0, good.output);
            const before = JSON.stringify([...deployerState.entries()]);
            // A password too short to be one fails the contract's check.
            const bad = await deploy("pw");
            assert.notEqual(bad.exitCode, 0);
            assert.match(bad.messages.join("\n"), /auths/);
            assert.ok(!`${bad.messages.join("\n")}${bad.output}`.includes(CANARY.iamApiKey));
            assert.equal(JSON.stringify([...deployerState.entries()]), before);
            const again = await deploy(CANARY.registryPassword);
            assert.equal(again.exitCode, 0, again.output);
            assert.deepEqual([...again.operations.values()], ["same"]);
            assert.equal(again.outputs.userData, good.outputs.userData);
        });
    });

    describe("the command line", () => {
        let dir: string;
        let remove: () => void;
        let tmp: { dir: string; remove: () => void };

        const cli = (...args: string[]) =>
            spawnSync(process.execPath, [BIN, ...args], {
                cwd: dir,
                env: {
                    ...process.env,
                    TMPDIR: tmp.dir,
                    HPCR_PRIVATE_KEY_PASSWORD: CANARY.signingKeyPassword,
                },
                encoding: "utf8",
            });

        before(() => {
            ({ dir, remove } = scratch("hpcr-cli-failures-"));
            tmp = scratch("hpcr-cli-tmp-");
            const block = (value: unknown) => YAML.stringify(value).replace(/^/gm, "  ").trimEnd();
            fs.writeFileSync(
                path.join(dir, "contract.yaml"),
                `workload: |\n${block(canaryWorkload())}\nenv: |\n${block(canaryEnv())}\n`,
            );
            fs.writeFileSync(
                path.join(dir, "bad.yaml"),
                "workload: |\n  type: workload\nenv: |\n  type: env\n",
            );
            fs.writeFileSync(path.join(dir, "encrypt.crt"), world.certificate);
            fs.writeFileSync(path.join(dir, "signing.pem"), world.signingKey);
        });
        after(() => {
            remove?.();
            tmp?.remove();
        });

        const encrypt = (input: string, out: string) =>
            cli(
                "encrypt",
                "--in",
                input,
                "--cert",
                "encrypt.crt",
                "--priv",
                "signing.pem",
                "--out",
                out,
            );

        it("writes a contract owner-only, replacing a readable old one", () => {
            fs.writeFileSync(path.join(dir, "user-data.yaml"), "old\n", { mode: 0o644 });
            const r = encrypt("contract.yaml", "user-data.yaml");
            assert.equal(r.status, 0, r.stderr);
            assert.equal(fs.statSync(path.join(dir, "user-data.yaml")).mode & 0o777, 0o600);
            assert.match(
                fs.readFileSync(path.join(dir, "user-data.yaml"), "utf8"),
                /^env: hyper-protect-basic\./,
            );
        });

        it("leaves the previous contract as it was when a build fails", () => {
            const before = fs.readFileSync(path.join(dir, "user-data.yaml"));
            const r = encrypt("bad.yaml", "user-data.yaml");
            assert.equal(r.status, 1);
            assert.match(r.stderr, /^error /m);
            assert.deepEqual(fs.readFileSync(path.join(dir, "user-data.yaml")), before);
        });

        it("leaves no partial file when the output cannot be written", () => {
            fs.mkdirSync(path.join(dir, "a-folder"));
            const r = encrypt("contract.yaml", "a-folder");
            assert.equal(r.status, 1);
            assert.match(r.stderr, /EISDIR/);
            assert.deepEqual(fs.readdirSync(path.join(dir, "a-folder")), []);
            assert.deepEqual(
                fs.readdirSync(dir).filter((n) => n.endsWith(".partial")),
                [],
            );
        });

        it("writes nothing into the temporary folder", () => {
            assert.deepEqual(fs.readdirSync(tmp.dir), []);
        });
    });

    describe("the library", () => {
        it("builds, seals, archives and delivers without a temporary file", async () => {
            const { left } = await withEmptyTmp(async () => {
                const built = await buildContract(inputs());
                await sealWorkload({
                    workload: canaryWorkload(),
                    encryptionCertificate: world.certificate,
                });
                validateContract(inputs());
                await archiveFolder(path.join(REPO_ROOT, "examples/dynamic-registry/workload"));
                onprem.buildCidataIso({
                    userData: built.userData,
                    metaData: "local-hostname: x\n",
                });
                onprem.buildInitdata(built.userData);
                await trust.createTestIdentity({ bits: 2048 });
                await decryptContract(built.userData, readPrivateKey(world.enclaveKey));
            });
            assert.deepEqual(left, []);
        });
    });
});
