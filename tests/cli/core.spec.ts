import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { decryptContract } from "../../provider/contract/decrypt";
import { readPrivateKey } from "../../provider/crypto/keys";
import { CANARIES, CANARY, DIGEST, auths, composeFile, envSection } from "../support/contracts";
import { pem, rsaPair, testIdentity } from "../support/keys";
import { bash, openssl, scratch } from "../support/tools";
import { REPO_ROOT, requireVectors, vector, vectorText } from "../support/vectors";
import { runCli } from "./context";

describe("hpcr-contract", function () {
    let dir: string;
    let remove: () => void;
    const signer = pem(rsaPair(2048));

    before(async () => {
        ({ dir, remove } = scratch());
        const identity = await testIdentity();
        fs.writeFileSync(path.join(dir, "encrypt.crt"), identity.certificate);
        fs.writeFileSync(path.join(dir, "enclave.pem"), identity.privateKey);
        fs.writeFileSync(path.join(dir, "signer.pem"), signer.privateKey);
        fs.writeFileSync(path.join(dir, "signer.pub"), signer.publicKey);
        fs.mkdirSync(path.join(dir, "compose"));
        fs.writeFileSync(
            path.join(dir, "compose/docker-compose.yaml"),
            composeFile({ web: `\${REGISTRY}/app@${DIGEST}` }),
        );
        fs.writeFileSync(
            path.join(dir, "workload.yaml"),
            "# provider\ntype: workload\ncompose: {}\n",
        );
        const env = YAML.stringify(
            envSection({ env: { REGISTRY: "us.icr.io/team" }, auths: auths("us.icr.io") }),
        );
        fs.writeFileSync(path.join(dir, "env.yaml"), env);
        const indent = (t: string) =>
            t
                .split("\n")
                .map((l) => (l ? `  ${l}` : l))
                .join("\n");
        fs.writeFileSync(
            path.join(dir, "contract.yaml"),
            `workload: |\n${indent("type: workload\ncompose: {}\n")}env: |\n${indent(env)}`,
        );
    });
    after(() => remove());

    const run = (...argv: string[]) => runCli(argv, { cwd: dir });

    describe("usage", () => {
        it("prints the commands and exits 2 without a command", async () => {
            const r = await run();
            assert.equal(r.code, 2);
            assert.match(r.stdout, /encrypt-string/);
        });
        it("exits 2 on an unknown command, an unknown flag, a missing flag or a bad choice", async () => {
            for (const argv of [
                ["nope"],
                ["base64", "--bogus", "x"],
                ["base64"],
                ["base64", "--in", "x", "--format", "xml"],
            ]) {
                const r = await run(...argv);
                assert.equal(r.code, 2, argv.join(" "));
                assert.equal(r.stderr.length, 1);
            }
        });
        it("shows the flags of a command", async () => {
            const r = await run("encrypt", "--help");
            assert.equal(r.code, 0);
            assert.match(r.stdout, /--priv/);
        });
        it("prints the package's version", async () => {
            const r = await run("--version");
            assert.equal(r.code, 0);
            const manifest = JSON.parse(
                fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"),
            );
            assert.equal(r.stdout, `${manifest.version}\n`);
        });
    });

    describe("base64 and base64-tgz", () => {
        it("encodes a text given inline, from a file or from stdin", async () => {
            assert.equal((await run("base64", "--in", "sashwatk")).stdout, "c2FzaHdhdGs=\n");
            fs.writeFileSync(path.join(dir, "t.txt"), "sashwatk");
            assert.equal((await run("base64", "--in", "t.txt")).stdout, "c2FzaHdhdGs=\n");
            const r = await runCli(["base64", "--in", "-"], { cwd: dir, stdin: "sashwatk" });
            assert.equal(r.stdout, "c2FzaHdhdGs=\n");
        });
        it("keeps JSON bytes exactly and refuses text that is not JSON", async () => {
            const json = '\n\t{\n\t\t"type": "env"\n\t}\n\t';
            assert.equal(
                (
                    await runCli(["base64", "--in", "-", "--format", "json"], {
                        cwd: dir,
                        stdin: json,
                    })
                ).stdout,
                "Cgl7CgkJInR5cGUiOiAiZW52IgoJfQoJ\n",
            );
            const bad = await run("base64", "--in", "{not json", "--format", "json");
            assert.equal(bad.code, 1);
            assert.match(bad.stderr[0], /not a JSON document/);
        });
        it("archives a folder the same way twice, and encrypts it for the certificate", async () => {
            const a = await run("base64-tgz", "--in", "compose");
            const b = await run("base64-tgz", "--in", "compose");
            assert.equal(a.code, 0);
            assert.equal(a.stdout, b.stdout);
            const enc = await run(
                "base64-tgz",
                "--in",
                "compose",
                "--output",
                "encrypt",
                "--cert",
                "encrypt.crt",
                "--os",
                "ccrt",
            );
            assert.match(enc.stdout, /^contract-basic\./);
        });
        it("names a missing folder", async () => {
            const r = await run("base64-tgz", "--in", "nowhere");
            assert.equal(r.code, 1);
            assert.match(r.stderr.join("\n"), /nowhere/);
        });
    });

    describe("encrypt-string and decrypt", () => {
        it("round-trips a text; openssl decrypts the token", async () => {
            const token = (
                await run("encrypt-string", "--in", "hello-enclave", "--cert", "encrypt.crt")
            ).stdout.trim();
            assert.match(token, /^hyper-protect-basic\./);
            const back = await run("decrypt", "--in", token, "--priv", "enclave.pem");
            assert.equal(back.code, 0);
            assert.equal(back.stdout, "hello-enclave");
            const [, rsa, body] = token.split(".");
            fs.writeFileSync(path.join(dir, "t.rsa"), Buffer.from(rsa, "base64"));
            fs.writeFileSync(path.join(dir, "t.body"), Buffer.from(body, "base64"));
            assert.equal(
                bash(
                    "openssl pkeyutl -decrypt -inkey enclave.pem -in t.rsa | openssl enc -d -aes-256-cbc -pbkdf2 -pass stdin -in t.body",
                    dir,
                ),
                "hello-enclave",
            );
        });
        it("writes decrypted text owner-only", async () => {
            const token = (
                await run("encrypt-string", "--in", "s3cret", "--cert", "encrypt.crt")
            ).stdout.trim();
            const r = await run(
                "decrypt",
                "--in",
                token,
                "--priv",
                "enclave.pem",
                "--out",
                "plain.txt",
            );
            assert.equal(r.files.get(path.join(dir, "plain.txt"))?.secret, true);
        });
        it("says the key does not fit, exit 1", async () => {
            const token = (
                await run("encrypt-string", "--in", "x", "--cert", "encrypt.crt")
            ).stdout.trim();
            const r = await run("decrypt", "--in", token, "--priv", "signer.pem");
            assert.equal(r.code, 1);
            assert.match(r.stderr[0], /--in: was encrypted for a 4096-bit key/);
        });
    });

    describe("encrypt", () => {
        it("builds the dynamic-registry contract with the archive of a folder", async () => {
            const r = await run(
                "encrypt",
                "--in",
                "contract.yaml",
                "--archive",
                "compose",
                "--cert",
                "encrypt.crt",
                "--priv",
                "signer.pem",
                "--out",
                "user-data.yaml",
            );
            assert.equal(r.code, 0, r.stderr.join("\n"));
            const out = r.files.get(path.join(dir, "user-data.yaml"));
            assert.ok(out?.secret);
            const plain = await decryptContract(
                out.content.toString(),
                readPrivateKey(fs.readFileSync(path.join(dir, "enclave.pem"), "utf8")),
            );
            assert.match(plain.workload ?? "", /archive: H4sI/);
        });
        it("prints every error finding on stderr, one a line with code and path, exit 1", async () => {
            const bad = fs
                .readFileSync(path.join(dir, "contract.yaml"), "utf8")
                .replace("REGISTRY: us.icr.io/team", "OTHER: x");
            fs.writeFileSync(path.join(dir, "bad.yaml"), bad);
            const r = await run(
                "encrypt",
                "--in",
                "bad.yaml",
                "--archive",
                "compose",
                "--cert",
                "encrypt.crt",
            );
            assert.equal(r.code, 1);
            assert.ok(
                r.stderr.some((l) =>
                    /^error VARIABLE_UNRESOLVED env\.env\.REGISTRY: .*HPL08004E/.test(l),
                ),
                r.stderr.join("\n"),
            );
            for (const line of r.stderr) for (const c of CANARIES) assert.ok(!line.includes(c));
        });
        it("says when it signed with a generated key", async () => {
            const r = await run(
                "encrypt",
                "--in",
                "contract.yaml",
                "--archive",
                "compose",
                "--cert",
                "encrypt.crt",
            );
            assert.equal(r.code, 0);
            assert.ok(r.stderr.some((l) => /fresh RSA-4096 key/.test(l)));
        });
        it("takes the key password from the environment", async () => {
            const encrypted = rsaPair(2048)
                .privateKey.export({
                    type: "pkcs8",
                    format: "pem",
                    cipher: "aes-256-cbc",
                    passphrase: "pw-12345",
                })
                .toString();
            fs.writeFileSync(path.join(dir, "signer-enc.pem"), encrypted);
            const args = [
                "encrypt",
                "--in",
                "contract.yaml",
                "--archive",
                "compose",
                "--cert",
                "encrypt.crt",
                "--priv",
                "signer-enc.pem",
            ];
            assert.equal((await runCli(args, { cwd: dir })).code, 1);
            assert.equal(
                (await runCli(args, { cwd: dir, env: { HPCR_PRIVATE_KEY_PASSWORD: "pw-12345" } }))
                    .code,
                0,
            );
        });
    });

    describe("validate-contract, effective, seal", () => {
        it("validates a whole contract and each section", async () => {
            assert.equal(
                (await run("validate-contract", "--in", "contract.yaml", "--archive", "compose"))
                    .code,
                0,
            );
            assert.equal(
                (await run("validate-contract", "--in", "env.yaml", "--type", "env")).code,
                0,
            );
            assert.equal(
                (
                    await run(
                        "validate-contract",
                        "--in",
                        "workload.yaml",
                        "--type",
                        "workload",
                        "--archive",
                        "compose",
                    )
                ).code,
                0,
            );
            const r = await run("validate-contract", "--in", "workload.yaml", "--type", "workload");
            assert.equal(r.code, 1);
            assert.match(r.stderr.join("\n"), /workload\.compose\.archive/);
        });
        it("reviews the effective view with no secret in it", async () => {
            const r = await run(
                "effective",
                "--in",
                "contract.yaml",
                "--archive",
                "compose",
                "--cert",
                "encrypt.crt",
            );
            assert.equal(r.code, 0);
            assert.match(r.stdout, /REGISTRY = us\.icr\.io\/team/);
            assert.match(r.stdout, /resolves to us\.icr\.io\/team\/app@sha256:/);
            for (const c of CANARIES) assert.ok(!r.stdout.includes(c), c);
            const json = JSON.parse(
                (
                    await run(
                        "effective",
                        "--in",
                        "contract.yaml",
                        "--archive",
                        "compose",
                        "--format",
                        "json",
                    )
                ).stdout,
            );
            assert.equal(json.images[0].registry, "us.icr.io");
        });
        it("seals a workload whose manifest asks the deployer for REGISTRY, and builds with it", async () => {
            const sealed = await run(
                "seal",
                "--in",
                "workload.yaml",
                "--archive",
                "compose",
                "--cert",
                "encrypt.crt",
                "--out",
                "sealed.json",
            );
            assert.equal(sealed.code, 0, sealed.stderr.join("\n"));
            const file = sealed.files.get(path.join(dir, "sealed.json"))!;
            fs.writeFileSync(path.join(dir, "sealed.json"), file.content);
            const bundle = JSON.parse(file.content.toString());
            const manifest = bundle.manifest;
            assert.deepEqual(manifest.requires, ["REGISTRY"]);
            // The plaintext hash only when asked for, and then in an owner-only file.
            assert.equal(bundle.plaintextSha256, undefined);
            assert.equal(file.secret, false);
            const hashed = await run(
                "seal",
                ...["--in", "workload.yaml", "--archive", "compose", "--cert", "encrypt.crt"],
                ...["--plaintext-hash", "--out", "hashed.json"],
            );
            assert.equal(hashed.code, 0, hashed.stderr.join("\n"));
            const hashedFile = hashed.files.get(path.join(dir, "hashed.json"))!;
            assert.match(JSON.parse(String(hashedFile.content)).plaintextSha256, /^[0-9a-f]{64}$/);
            assert.equal(hashedFile.secret, true);
            const env = fs.readFileSync(path.join(dir, "env.yaml"), "utf8");
            fs.writeFileSync(
                path.join(dir, "env-only.yaml"),
                `env: |\n${env
                    .split("\n")
                    .map((l) => (l ? `  ${l}` : l))
                    .join("\n")}`,
            );
            const review = await run(
                "effective",
                "--in",
                "env-only.yaml",
                "--workload",
                "sealed.json",
                "--cert",
                "encrypt.crt",
            );
            assert.equal(review.code, 0, review.stdout);
            const missing = await run(
                "effective",
                "--in",
                "env-only.yaml",
                "--workload",
                "sealed.json",
                "--cert",
                "signer.pub",
            );
            assert.equal(missing.code, 1);
            assert.match(missing.stdout, /SEALED_MISMATCH/);
        });
    });

    describe("contract-template", () => {
        for (const os of ["hpvs", "ccrt", "ccrv", "ccco-peerpod", "ccco-bmtl"]) {
            it(`prints a contract template for ${os} that parses as YAML`, async () => {
                const r = await run("contract-template", "--os", os);
                assert.equal(r.code, 0);
                const doc = YAML.parse(r.stdout);
                assert.equal(typeof doc.workload, "string");
                assert.equal(YAML.parse(doc.env).type, "env");
            });
        }
    });

    describe("sign-contract", function () {
        before(function () {
            requireVectors(this);
        });
        it("signs contract-go's encrypted contract byte for byte as contract-go does", async () => {
            const r = await runCli([
                "sign-contract",
                "--in",
                vector("contract-go/samples/sign/contract.enc.yaml"),
                "--priv",
                vector("contract-go/samples/encrypt/private.pem"),
            ]);
            assert.equal(r.code, 0);
            const hash = require("node:crypto").createHash("sha256").update(r.stdout).digest("hex");
            assert.equal(hash, "001e7c38bf6f34c80e0c1f7ca42ef420667f09687038bbe0233badda9cc210af");
        });
        it("decrypts contract-go's vector token", async () => {
            const r = await runCli([
                "decrypt",
                "--in",
                vector("contract-go/samples/decrypt/encrypt.txt"),
                "--priv",
                vector("contract-go/samples/decrypt/private.key"),
            ]);
            assert.equal(r.stdout, "hello-world");
            void vectorText;
        });
    });

    it("names the flag of a file it cannot read, and what is wrong with it", async () => {
        const missing = await runCli(["encrypt", "--in", "missing.yaml", "--cert", "encrypt.crt"], {
            cwd: dir,
        });
        assert.equal(missing.code, 1);
        assert.deepEqual(missing.stderr, [
            "error --in: cannot read missing.yaml: there is no such file",
        ]);
        const folder = await runCli(["encrypt", "--in", "contract.yaml", "--cert", "compose"], {
            cwd: dir,
        });
        assert.equal(folder.code, 1);
        assert.deepEqual(folder.stderr, [
            "error --cert: cannot read compose: it is a folder; name a file",
        ]);
    });

    it("never repeats what was given for a secret's file: it may be the secret itself", async () => {
        const cases = [
            ["sealed-secret", "--type", "env", "--in", CANARY.registryPassword],
            ["sealed-secret", "--type", "env", "--in", CANARY.registryPassword.repeat(20)],
            ["decrypt", "--in", "contract.yaml", "--priv", CANARY.signingKeyPassword],
            // A value with commas is still the one file named, not a list.
            ["sealed-secret", "--type", "env", "--in", `${CANARY.registryPassword},x, y`],
        ];
        for (const argv of cases) {
            const r = await runCli(argv, { cwd: dir });
            assert.equal(r.code, 1, argv.join(" "));
            assert.equal(r.stderr.length, 1);
            assert.match(r.stderr[0], /^error --(in|priv): cannot read the file it names: /);
            assert.ok(!r.stderr[0].includes(CANARY.registryPassword.slice(0, 12)));
            assert.ok(!r.stderr[0].includes(CANARY.signingKeyPassword));
        }
    });

    describe("test-identity", function () {
        it("writes a certificate for its private key, the key as a secret, valid for --days", async () => {
            const r = await runCli(
                ["test-identity", "--out", "identity", "--bits", "1024", "--days", "3"],
                { cwd: dir },
            );
            assert.equal(r.code, 0, r.stderr.join("\n"));
            const certificate = r.files.get(path.join(dir, "identity/encrypt.crt"))!;
            const key = r.files.get(path.join(dir, "identity/private.pem"))!;
            assert.equal(certificate.secret, false);
            assert.equal(key.secret, true);
            // openssl judges: the certificate carries the key's public half, for three days.
            const fromCertificate = openssl(["x509", "-noout", "-pubkey"], certificate.content);
            const fromKey = openssl(["pkey", "-pubout"], key.content);
            assert.equal(fromCertificate.toString(), fromKey.toString());
            const end = openssl(["x509", "-noout", "-enddate"], certificate.content).toString();
            const days = (Date.parse(end.replace("notAfter=", "")) - Date.now()) / 86_400_000;
            assert.ok(days > 2 && days <= 3, `ends in ${days} days`);
            assert.match(r.stderr.join("\n"), /a test identity: no enclave trusts it/);
        });

        it("exits 2 naming a --days that is not a positive whole number", async () => {
            const r = await runCli(["test-identity", "--out", "identity", "--days", "1.5"], {
                cwd: dir,
            });
            assert.equal(r.code, 2);
            assert.match(r.stderr.join("\n"), /--days must be a positive whole number/);
        });
    });

    it("runs as a program: bin/hpcr-contract.js", () => {
        const r = spawnSync(
            process.execPath,
            [path.join(REPO_ROOT, "bin/hpcr-contract.js"), "base64", "--in", "x"],
            { encoding: "utf8" },
        );
        assert.equal(r.status, 0);
        assert.equal(r.stdout, "eA==\n");
        const bad = spawnSync(
            process.execPath,
            [path.join(REPO_ROOT, "bin/hpcr-contract.js"), "nope"],
            { encoding: "utf8" },
        );
        assert.equal(bad.status, 2);
    });

    it("never loads Pulumi", () => {
        const r = spawnSync(
            process.execPath,
            [
                "-e",
                `require(${JSON.stringify(path.join(REPO_ROOT, "lib/sdk/cli/main.js"))}); require(${JSON.stringify(path.join(REPO_ROOT, "lib/sdk/cli/commands/index.js"))}); console.log(Object.keys(require.cache).filter(k => k.includes("@pulumi")).length)`,
            ],
            { encoding: "utf8" },
        );
        assert.equal(r.stdout.trim(), "0");
    });
    void CANARY;
});
