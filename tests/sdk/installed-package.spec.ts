import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { decryptContract } from "../../provider/contract/decrypt";
import { readPrivateKey } from "../../provider/crypto/keys";
import { CANARIES, CANARY, DIGEST, composeFile } from "../support/contracts";
import { runProgram, type ResourceState, type RunResult } from "../support/engine";
import { startHost } from "../support/host";
import { testIdentity } from "../support/keys";
import { scratch } from "../support/tools";
import { REPO_ROOT } from "../support/vectors";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const SDK_VERSION: string = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
).version;

/** A user's program: TypeScript against the installed declarations, both entry points. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as hp from "pulumi-hyper-protect";
import { PLATFORMS } from "pulumi-hyper-protect/provider";

const config = new pulumi.Config();
const compose = new hp.ComposeArchive("compose", { folder: "compose" });
const contract = new hp.Contract("contract", {
    workload: { type: "workload", compose: { archive: compose.base64 } },
    env: {
        type: "env",
        logging: {
            logRouter: { hostname: "logs.example.com", iamApiKey: config.requireSecret("logApiKey") },
        },
        env: { GREETING: config.require("greeting") },
    },
    encryptionCertificate: config.require("encryptionCertificate"),
});

// The declarations are the real ones: a certificate that is not a string does not compile.
// @ts-expect-error encryptionCertificate takes PEM text
export const never = () => new hp.Contract("x", { workload: "", env: "", encryptionCertificate: 4 });

export const userData = contract.userData;
export const workloadSha256 = contract.workloadSha256;
export const platforms = PLATFORMS.join(",");
`;

const TSCONFIG = {
    compilerOptions: {
        target: "ES2022",
        module: "node16",
        moduleResolution: "node16",
        strict: true,
        skipLibCheck: true,
    },
    files: ["index.ts"],
};

describe("the package as a user installs it (npm pack, npm install)", function () {
    let project: { dir: string; remove: () => void };
    let certificate: string;
    let enclaveKey: string;
    const state = new Map<string, ResourceState>();
    let first: RunResult;

    const sdkRoot = () => path.join(project.dir, "node_modules/@pulumi/pulumi");
    const run = (greeting = "hello") =>
        runProgram({
            programDir: project.dir,
            entry: "index.js",
            project: "consumer",
            stack: "dev",
            sdkRoot: sdkRoot(),
            state,
            config: {
                "consumer:encryptionCertificate": certificate,
                "consumer:greeting": greeting,
                "consumer:logApiKey": CANARY.iamApiKey,
            },
            secretKeys: ["consumer:logApiKey"],
        });

    before(async function () {
        // One pack and one install per run; npm's cache serves what it already holds.
        this.timeout(600_000);
        ({ certificate, privateKey: enclaveKey } = await testIdentity());
        project = scratch("hpcr-consumer-");
        const tarball = execFileSync(NPM, ["pack", "--silent", "--pack-destination", project.dir], {
            cwd: REPO_ROOT,
        })
            .toString()
            .trim()
            .split("\n")
            .pop()!;
        fs.writeFileSync(
            path.join(project.dir, "package.json"),
            JSON.stringify({ name: "consumer", private: true }),
        );
        execFileSync(
            NPM,
            [
                "install",
                "--prefer-offline",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                `./${tarball}`,
                `@pulumi/pulumi@${SDK_VERSION}`,
            ],
            { cwd: project.dir, stdio: "pipe" },
        );
        fs.mkdirSync(path.join(project.dir, "compose"));
        fs.writeFileSync(
            path.join(project.dir, "compose/docker-compose.yaml"),
            composeFile({ web: `us.icr.io/team/app@${DIGEST}` }),
        );
        fs.writeFileSync(path.join(project.dir, "index.ts"), PROGRAM);
        fs.writeFileSync(path.join(project.dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
    });
    after(() => project?.remove());

    it("holds only what users need: no tests, no sources, no benchmarks", () => {
        const files = execFileSync(
            "tar",
            ["tzf", fs.readdirSync(project.dir).find((f) => f.endsWith(".tgz"))!],
            {
                cwd: project.dir,
            },
        )
            .toString()
            .trim()
            .split("\n");
        assert.ok(files.includes("package/lib/provider/dynamic/contract-handlers.js"));
        assert.ok(files.includes("package/lib/sdk/index.d.ts"));
        for (const f of files) {
            assert.doesNotMatch(f, /^package\/(lib\/)?(tests|bench|scripts)\//);
            assert.ok(!f.endsWith(".ts") || f.endsWith(".d.ts"), f);
        }
    });

    it("runs hpcr-contract from the installed bin: its version, a test identity, a round trip", () => {
        const bin = path.join(project.dir, "node_modules/.bin/hpcr-contract");
        const cli = (...args: string[]) =>
            execFileSync(bin, args, { cwd: project.dir, stdio: "pipe" }).toString();
        const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
        assert.equal(cli("--version").trim(), version.version);
        cli("test-identity", "--out", "identity", "--bits", "2048");
        const token = cli("encrypt-string", "--in", "installed", "--cert", "identity/encrypt.crt");
        assert.equal(
            cli("decrypt", "--in", token.trim(), "--priv", "identity/private.pem"),
            "installed",
        );
    });

    it("type-checks a TypeScript program against the installed declarations (node16 resolution)", () => {
        const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
        execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], {
            cwd: project.dir,
            stdio: "pipe",
        });
        assert.ok(fs.existsSync(path.join(project.dir, "index.js")));
    });

    it("runs the program: the Contract's provider, serialized there, runs in the provider host", async () => {
        first = await run();
        assert.equal(first.exitCode, 0, first.output + first.messages.join("\n"));
        const ops = [...first.operations.values()].sort();
        assert.deepEqual(ops, ["create", "create"]);
        assert.equal(first.outputs.platforms, "hpvs,ccrt,ccrv,ccco");
        assert.ok(first.secretOutputs.includes("userData"));
        const plain = await decryptContract(
            String(first.outputs.userData),
            readPrivateKey(enclaveKey),
        );
        assert.equal(YAML.parse(plain.env!).env.GREETING, "hello");
    });

    it("stores provider text that loads the installed package's handlers by package path", () => {
        assert.equal(state.size, 2);
        for (const resource of state.values()) {
            const text = String(resource.inputs.__provider);
            const requires = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
            assert.ok(requires.length > 0);
            for (const r of requires)
                assert.match(
                    r,
                    /^pulumi-hyper-protect\/lib\/provider\/dynamic\/[a-z-]+-handlers\.js$/,
                );
            assert.ok(!text.includes(project.dir), "no absolute path of the install");
        }
    });

    it("changes nothing on a second run, and updates the contract alone when env changes", async () => {
        const again = await run();
        assert.deepEqual([...again.operations.values()], ["same", "same"]);
        assert.equal(again.outputs.userData, first.outputs.userData);
        const changed = await run("hello again");
        const ops = Object.fromEntries(
            [...changed.operations.entries()].map(([urn, op]) => [urn.split("::").pop(), op]),
        );
        assert.deepEqual(ops, { compose: "same", contract: "update" });
        assert.equal(
            YAML.parse(String(changed.outputs.userData)).workload,
            YAML.parse(String(first.outputs.userData)).workload,
        );
        for (const c of CANARIES) assert.ok(!changed.output.includes(c), c);
    });

    it("reads and deletes through the installed host, with the text stored in state", async () => {
        assert.equal(state.size, 2);
        const host = await startHost(project.dir, sdkRoot());
        try {
            await host.configure();
            for (const [urn, resource] of state) {
                const read = await host.read(urn, resource.id, resource.outputs);
                assert.equal(read.id, resource.id);
                await host.delete(urn, resource.id, resource.outputs);
            }
        } finally {
            host.stop();
        }
    });
});
