import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { archiveFolder } from "../../provider/archive";
import { decryptContract } from "../../provider/contract/decrypt";
import { sealWorkload } from "../../provider/contract/seal";
import { readPrivateKey } from "../../provider/crypto/keys";
import { CANARY } from "../support/contracts";
import { runProgram, type ResourceState } from "../support/engine";
import { testIdentity } from "../support/keys";
import { programFolder, type ProgramFolder } from "../support/program";
import { REPO_ROOT } from "../support/vectors";

const SDK = path.join(REPO_ROOT, "node_modules/@pulumi/pulumi");

/** What Pulumi does with a project's `main`: a folder becomes the program's working folder. */
function programOf(projectRoot: string, main: string | undefined) {
    const target = path.resolve(projectRoot, main ?? ".");
    return fs.statSync(target).isDirectory()
        ? { pwd: target, entry: "." }
        : { pwd: path.dirname(target), entry: path.basename(target) };
}

const readYaml = (file: string) => YAML.parse(fs.readFileSync(file, "utf8"));

describe("the repository's Pulumi.yaml", function () {
    const project = readYaml(path.join(REPO_ROOT, "Pulumi.yaml"));
    const { pwd, entry } = programOf(REPO_ROOT, project.main);
    const deployer = path.join(REPO_ROOT, "examples/dynamic-registry/deployer");

    it("names the dynamic-registry deployer as its TypeScript program, under the deployer's project name", () => {
        assert.equal(pwd, deployer);
        assert.equal(entry, ".");
        assert.equal(project.runtime.name, "nodejs");
        assert.equal(project.runtime.options.typescript, true);
        assert.equal(project.name, readYaml(path.join(deployer, "Pulumi.yaml")).name);
    });

    it("runs a folder whose package.json starts index.ts and installs this package from the checkout", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(pwd, "package.json"), "utf8"));
        assert.ok(fs.existsSync(path.join(pwd, pkg.main)), pkg.main);
        const spec = String(pkg.dependencies["pulumi-hyper-protect"]);
        assert.match(spec, /^file:/);
        assert.equal(path.resolve(pwd, spec.slice("file:".length)), REPO_ROOT);
    });

    describe("run as the language host runs it, twice, against an engine double", function () {
        let program: ProgramFolder;
        let enclaveKey: string;
        let sealedToken: string;
        const state = new Map<string, ResourceState>();
        let config: Record<string, string>;

        const run = () =>
            runProgram({
                programDir: program.dir,
                entry,
                project: project.name,
                stack: "dev",
                sdkRoot: SDK,
                state,
                config,
                secretKeys: [`${project.name}:registryPassword`, `${project.name}:logApiKey`],
                // What `typescript: true` in Pulumi.yaml makes the language host set; ts-node
                // only transpiles here, since `npm run typecheck` checks the examples' types.
                env: { PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
            });

        before(async () => {
            const identity = await testIdentity();
            enclaveKey = identity.privateKey;
            // The deployer's folder as `npm install` leaves it: its files, this package
            // linked (file:../../..), the SDK and the TypeScript its devDependencies name.
            program = programFolder(SDK, ["typescript", "@types/node"]);
            for (const file of ["index.ts", "package.json", "tsconfig.json"]) {
                fs.copyFileSync(path.join(pwd, file), path.join(program.dir, file));
            }
            const sealed = await sealWorkload({
                platform: "hpvs",
                workload: {
                    type: "workload",
                    compose: {
                        archive: (
                            await archiveFolder(
                                path.join(REPO_ROOT, "examples/dynamic-registry/workload/compose"),
                            )
                        ).base64,
                    },
                },
                encryptionCertificate: identity.certificate,
            });
            sealedToken = sealed.token;
            const sealedFile = path.join(program.dir, "sealed-workload.json");
            fs.writeFileSync(
                sealedFile,
                JSON.stringify({ token: sealed.token, manifest: sealed.manifest }),
            );
            config = {
                [`${project.name}:encryptionCertificate`]: identity.certificate,
                [`${project.name}:sealedWorkloadFile`]: sealedFile,
                [`${project.name}:registry`]: "registry.mirror.example.com/enclaves",
                [`${project.name}:registryUsername`]: "robot",
                [`${project.name}:registryPassword`]: CANARY.registryPassword,
                [`${project.name}:logHostname`]: "logs.example.com",
                [`${project.name}:logApiKey`]: CANARY.iamApiKey,
            };
        });
        after(() => program?.remove());

        it("runs index.ts through ts-node and builds a contract the enclave decrypts", async () => {
            const first = await run();
            assert.equal(first.exitCode, 0, first.output + first.messages.join("\n"));
            assert.deepEqual([...first.operations.values()], ["create"]);
            assert.ok(first.secretOutputs.includes("userData"));
            const userData = String(first.outputs.userData);
            assert.equal(YAML.parse(userData).workload, sealedToken);
            const plain = await decryptContract(userData, readPrivateKey(enclaveKey));
            assert.equal(
                YAML.parse(plain.env!).env.REGISTRY,
                "registry.mirror.example.com/enclaves",
            );
        });

        it("changes nothing on a second `pulumi up`", async () => {
            const before = [...state.values()][0].outputs.userData;
            const second = await run();
            assert.equal(second.exitCode, 0, second.output);
            assert.deepEqual([...second.operations.values()], ["same"]);
            assert.equal(second.outputs.userData, before);
        });
    });
});
