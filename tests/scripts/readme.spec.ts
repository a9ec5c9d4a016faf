/**
 * The README tells the truth: its generated blocks (finding codes, CLI reference) match the
 * code, its sample findings are what validation prints, its library example runs, and its two
 * commands exist.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import * as YAML from "yaml";
import { archiveFolder } from "../../provider/archive";
import { formatFinding } from "../../provider/findings";
import { decryptContract } from "../../provider/contract/decrypt";
import { validateContract } from "../../provider/contract/validate";
import { readPrivateKey } from "../../provider/crypto/keys";
import { updateReadme } from "../../scripts/readme";
import { CANARY, envSection } from "../support/contracts";
import { pem, rsaPair, testIdentity } from "../support/keys";
import { scratch } from "../support/tools";
import { REPO_ROOT } from "../support/vectors";

const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const EXAMPLE = path.join(REPO_ROOT, "examples/dynamic-registry/workload");

/** The fenced blocks of the README in a language. */
function blocks(language: string): string[] {
    const fence = new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g");
    return [...README.matchAll(fence)].map((m) => m[1]);
}

/** The example's workload section with its compose folder archived into it. */
async function exampleWorkload(): Promise<Record<string, unknown>> {
    const workload = YAML.parse(fs.readFileSync(path.join(EXAMPLE, "workload.yaml"), "utf8"));
    workload.compose.archive = (await archiveFolder(path.join(EXAMPLE, "compose"))).base64;
    return workload;
}

describe("the README", () => {
    it("starts with what the package is, then the two commands of a fresh machine", () => {
        const demo = README.indexOf("npm ci && npm run demo");
        const test = README.indexOf("npm ci && npm test");
        assert.ok(demo > 0 && test > demo, "the demo command comes first, then the tests");
        const scripts = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"))
            .scripts as Record<string, string>;
        assert.ok(scripts.demo && scripts.test);
    });

    it("holds the finding codes and the CLI reference as the code defines them (node lib/scripts/readme.js)", () => {
        assert.equal(updateReadme(README), README);
    });

    it("shows findings exactly as validation prints them", async () => {
        const shown = blocks("text")
            .flatMap((b) => b.split("\n"))
            .filter((line) => /^(error|warning) [A-Z_]+ /.test(line));
        assert.ok(shown.length >= 2);
        const printed = validateContract({
            workload: await exampleWorkload(),
            env: envSection({ volumes: { data: { seed: "short" } } }),
        }).findings.map(formatFinding);
        for (const line of shown) assert.ok(printed.includes(line), line);
    });

    it("has a library example that builds a contract the enclave can read", async function () {
        const [example] = blocks("ts").filter((b) => b.includes("buildContract"));
        assert.ok(example, "no ts block with buildContract");
        const { dir, remove } = scratch("hpcr-readme-");
        try {
            const identity = await testIdentity(2048);
            fs.writeFileSync(path.join(dir, "encrypt.crt"), identity.certificate);
            fs.writeFileSync(path.join(dir, "signing-key.pem"), pem(rsaPair(2048)).privateKey);
            fs.writeFileSync(
                path.join(dir, "workload.yaml"),
                YAML.stringify(await exampleWorkload()),
            );
            const js = ts.transpileModule(
                example.replace('"pulumi-hyper-protect"', JSON.stringify(REPO_ROOT)),
                {
                    compilerOptions: {
                        module: ts.ModuleKind.CommonJS,
                        target: ts.ScriptTarget.ES2022,
                    },
                },
            ).outputText;
            fs.writeFileSync(path.join(dir, "example.js"), js);
            const run = spawnSync(process.execPath, ["example.js"], {
                cwd: dir,
                encoding: "utf8",
                env: {
                    ...process.env,
                    LOGS_API_KEY: CANARY.iamApiKey,
                    ICR_API_KEY: CANARY.registryPassword,
                },
            });
            assert.equal(run.status, 0, run.stderr);
            assert.match(run.stdout, /^user data [0-9a-f]{64}\n$/);
            assert.ok(
                !run.stdout.includes(CANARY.registryPassword) &&
                    !run.stderr.includes(CANARY.registryPassword),
            );
            const userData = fs.readFileSync(path.join(dir, "user-data.yaml"), "utf8");
            assert.equal(fs.statSync(path.join(dir, "user-data.yaml")).mode & 0o777, 0o600);
            const plain = await decryptContract(userData, readPrivateKey(identity.privateKey));
            const env = YAML.parse(plain.env!);
            assert.equal(env.env.REGISTRY, "us.icr.io/team");
            assert.equal(env.auths["us.icr.io"].password, CANARY.registryPassword);
        } finally {
            remove();
        }
    });
});
