/**
 * `hpcr-contract` as a drop-in for IBM's contract-cli: the commands of the contract core with
 * contract-cli's names, flags, choices and required flags (as recorded in
 * `../shared/reference/anchors.md` §2.2), `--in -` for standard input, and the exit codes.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { COMMANDS } from "../../sdk/cli/commands";
import { composeWorkload, envSection } from "../support/contracts";
import { pem, rsaPair, testIdentity } from "../support/keys";
import { scratch } from "../support/tools";
import { runCli } from "./context";

/** One flag of contract-cli: its type, whether it is required, and its choices. */
interface TheirFlag {
    readonly type?: "string" | "boolean";
    readonly required?: boolean;
    readonly choices?: readonly string[];
}

const IN = { required: true };
const OS = { choices: ["ccrt", "ccrv", "ccco", "hpvs"] };
const FORMAT = { choices: ["text", "json"] };

/** contract-cli's flags for the commands of the contract core. */
const CONTRACT_CLI: Record<string, Record<string, TheirFlag>> = {
    base64: { in: IN, format: FORMAT, out: {} },
    "base64-tgz": {
        in: IN,
        output: { choices: ["plain", "encrypt"] },
        os: OS,
        cert: {},
        ver: {},
        out: {},
    },
    "contract-template": {
        type: { choices: ["env", "workload", "contract"] },
        os: { choices: ["hpvs", "ccrt", "ccrv", "ccco-peerpod", "ccco-bmtl"] },
        out: {},
    },
    decrypt: { in: IN, priv: { required: true }, password: {}, out: {} },
    encrypt: {
        in: IN,
        priv: {},
        password: {},
        cert: {},
        os: OS,
        ver: {},
        out: {},
        "contract-expiry": { type: "boolean" },
        cacert: {},
        cakey: {},
        csr: {},
        csrParam: {},
        expiry: {},
    },
    "encrypt-string": { in: IN, format: FORMAT, cert: {}, os: OS, ver: {}, out: {} },
    "sign-contract": { in: IN, priv: { required: true }, password: {}, out: {} },
    "validate-contract": { in: IN, os: OS, type: { choices: ["workload", "env", ""] } },
    "sealed-secret": {
        in: IN,
        type: { required: true, choices: ["env", "workload"] },
        encryptionkey: {},
        signingkey: {},
        out: {},
    },
};

describe("hpcr-contract as a drop-in for contract-cli", () => {
    for (const [name, theirs] of Object.entries(CONTRACT_CLI)) {
        describe(name, () => {
            const ours = COMMANDS.find((c) => c.name === name);

            it("exists under contract-cli's name", () => assert.ok(ours));

            it("takes every flag of contract-cli, with its type and choices", () => {
                for (const [flag, spec] of Object.entries(theirs)) {
                    const mine = ours!.flags[flag];
                    assert.ok(mine, `--${flag} is missing`);
                    assert.equal(mine.type, spec.type ?? "string", `--${flag} type`);
                    for (const choice of spec.choices ?? []) {
                        assert.ok(
                            mine.choices === undefined || mine.choices.includes(choice),
                            `--${flag} refuses ${JSON.stringify(choice)}`,
                        );
                    }
                }
            });

            it("requires no flag that contract-cli leaves optional", () => {
                for (const [flag, spec] of Object.entries(ours!.flags)) {
                    if (spec.required) assert.ok(theirs[flag]?.required, `--${flag}`);
                }
            });

            const required = Object.keys(theirs).filter((f) => theirs[f].required);
            if (required.length > 0) {
                it(`exits 2 without ${required.map((f) => `--${f}`).join(" and ")}`, async () => {
                    const r = await runCli([name]);
                    assert.equal(r.code, 2);
                    assert.match(r.stderr.join("\n"), new RegExp(`--${required[0]}`));
                });
            }
        });
    }

    describe("reads --in - from standard input and exits 0, or 1 on a finding", () => {
        let dir: string;
        let remove: () => void;
        let certificate: string;
        let enclaveKey: string;
        const signer = pem(rsaPair(2048));
        const contract = YAML.stringify({
            workload: YAML.stringify(composeWorkload()),
            env: YAML.stringify(envSection()),
        });
        const broken = YAML.stringify({
            workload: YAML.stringify(composeWorkload({ web: "nginx:latest" })),
            env: YAML.stringify(envSection()),
        });

        before(async () => {
            ({ dir, remove } = scratch());
            ({ certificate, privateKey: enclaveKey } = await testIdentity());
            fs.writeFileSync(path.join(dir, "encrypt.crt"), certificate);
            fs.writeFileSync(path.join(dir, "enclave.pem"), enclaveKey);
            fs.writeFileSync(path.join(dir, "signer.pem"), signer.privateKey);
        });
        after(() => remove());

        const run = (argv: string[], stdin?: string) => runCli(argv, { cwd: dir, stdin });

        it("validate-contract", async () => {
            assert.equal((await run(["validate-contract", "--in", "-"], contract)).code, 0);
            const typed = await run(["validate-contract", "--in", "-", "--type", ""], contract);
            assert.equal(typed.code, 0);
            const r = await run(["validate-contract", "--in", "-"], broken);
            assert.equal(r.code, 1);
            assert.match(r.stderr.join("\n"), /^error IMAGE_NOT_PINNED workload\.compose/m);
        });

        it("encrypt, then sign-contract and decrypt, each from standard input", async () => {
            const encrypted = await run(
                ["encrypt", "--in", "-", "--cert", "encrypt.crt", "--priv", "signer.pem"],
                contract,
            );
            assert.equal(encrypted.code, 0, encrypted.stderr.join("\n"));
            const values = YAML.parse(encrypted.stdout);
            const resigned = await run(
                ["sign-contract", "--in", "-", "--priv", "signer.pem"],
                encrypted.stdout,
            );
            assert.equal(resigned.code, 0);
            assert.equal(
                YAML.parse(resigned.stdout).envWorkloadSignature,
                values.envWorkloadSignature,
            );
            const workload = await run(
                ["decrypt", "--in", "-", "--priv", "enclave.pem"],
                values.workload,
            );
            assert.equal(workload.code, 0);
            assert.deepEqual(YAML.parse(workload.stdout), composeWorkload());
        });

        it("encrypt-string and base64", async () => {
            const token = await run(["encrypt-string", "--in", "-", "--cert", "encrypt.crt"], "x");
            assert.match(token.stdout, /^hyper-protect-basic\.[^.]+\.[^.]+\n$/);
            assert.equal((await run(["base64", "--in", "-"], "x")).stdout, "eA==\n");
        });

        it("refuses a broken contract with exit 1 and one finding a line, code and path first", async () => {
            const r = await run(["encrypt", "--in", "-", "--cert", "encrypt.crt"], broken);
            assert.equal(r.code, 1);
            assert.ok(r.stderr.length > 0);
            for (const line of r.stderr) assert.match(line, /^(error|warning) [A-Z_]+ \S+: /);
        });
    });
});
