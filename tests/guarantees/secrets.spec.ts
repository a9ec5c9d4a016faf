/**
 * The secret guarantee: a deployment whose every secret is a canary goes through the library,
 * the command line and the dynamic provider in the real provider host, on its good paths and
 * its error paths; no canary, and no slice of a private key, appears in an output that is not
 * marked secret, a log line, an error message, a file written, or the serialized provider.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import {
    buildContract,
    encryptSection,
    formatReview,
    reviewContract,
    sealWorkload,
    setLogSink,
    trust,
    validateContract,
    type ContractInput,
} from "../../provider";
import { sha256Hex as sha256 } from "../../provider/crypto/token";
import { blockProvider, contractProvider } from "../../provider/dynamic/providers";
import { CANARY } from "../support/contracts";
import { startHost, type ProviderHost } from "../support/host";
import { programFolder, type ProgramFolder } from "../support/program";
import { scratch } from "../support/tools";
import { REPO_ROOT } from "../support/vectors";
import { canaryEnv, canaryWorkload, leaks, secretWorld, type SecretWorld } from "./world";

const BIN = path.join(REPO_ROOT, "bin/hpcr-contract.js");
const URN = "urn:pulumi:dev::canary::pulumi-nodejs:dynamic/hyper-protect:Contract::contract";

/** A secret given where it does not belong; the error about it must not repeat it. */
const MISPLACED = "canary-misplaced-secret-0099";

describe("no secret leaks: canaries through the whole lifecycle", function () {
    let world: SecretWorld;
    const logs: string[] = [];
    let restoreSink: ReturnType<typeof setLogSink>;

    /** Fails naming `where` when `value` holds a canary or a slice of a private key. */
    const clean = (where: string, value: unknown) =>
        assert.deepEqual(leaks(world, value, [MISPLACED]), [], `a secret leaked into ${where}`);

    /** The message of what `run` throws, or of the error it rejects with. */
    const errorOf = async (run: () => unknown): Promise<string> => {
        try {
            await run();
        } catch (e) {
            return `${(e as Error).name}: ${(e as Error).message}\n${(e as Error).stack ?? ""}`;
        }
        assert.fail("expected an error");
    };

    before(async () => {
        world = await secretWorld();
        restoreSink = setLogSink((level, message) => logs.push(`${level}: ${message}`));
    });
    after(() => {
        setLogSink(restoreSink);
        world?.remove();
    });

    const input = (): ContractInput => ({
        platform: "hpvs",
        workload: canaryWorkload(),
        env: canaryEnv(),
        encryptionCertificate: world.certificate,
        signingKey: world.signingKey,
        signingKeyPassword: CANARY.signingKeyPassword,
        attestationPublicKey: world.attestationPublicKey,
    });

    describe("the library", () => {
        it("validates, reviews and builds a contract: only the encrypted user data holds secrets", async () => {
            const validation = validateContract(input());
            assert.equal(validation.ok, true, JSON.stringify(validation.findings));
            clean("the findings", validation.findings);
            const review = reviewContract(validation);
            clean("the review", review);
            clean("the review text", formatReview(review));
            const built = await buildContract(input());
            // The user data is secret, but it is encrypted: not even it holds a canary.
            clean("the built contract", built);
        });

        it("seals a workload: the token is encrypted and the manifest holds names only", async () => {
            const sealed = await sealWorkload({
                workload: canaryWorkload(),
                encryptionCertificate: world.certificate,
            });
            clean("the sealed workload", sealed);
        });

        it("verifies encrypted attestation records with an encrypted attestation key", async () => {
            const built = await buildContract(input());
            const records = `${sha256(built.userData)} cidata/user-data\n`;
            const encryptedRecords = await encryptSection(records, {
                encryptionCertificate: world.attestationPublicKey,
            });
            const verdict = await trust.verifyAttestation({
                encryptedRecords,
                privateKey: world.attestationKey,
                password: CANARY.attestationKeyPassword,
                userData: built.userData,
            });
            assert.equal(verdict.ok, true);
            clean("the attestation verdict", verdict);
        });

        it("refuses bad input that holds secrets without repeating them", async () => {
            const env = canaryEnv();
            const broken: [string, Partial<ContractInput>][] = [
                [
                    "a seed of the wrong type",
                    { env: { ...env, volumes: { data: { seed: [MISPLACED] } } } },
                ],
                [
                    "a password of the wrong type",
                    {
                        env: {
                            ...env,
                            auths: { "us.icr.io": { username: "u", password: { p: MISPLACED } } },
                        },
                    },
                ],
                [
                    "an API key of the wrong type",
                    {
                        env: {
                            ...env,
                            logging: { logRouter: { hostname: "h", iamApiKey: [MISPLACED] } },
                        },
                    },
                ],
                [
                    "an env value that is a mapping",
                    { env: { ...env, env: { X: { v: MISPLACED } } } },
                ],
                ["a misspelt key holding a secret", { env: { ...env, pasword: MISPLACED } }],
                [
                    "a seed too short to be one",
                    { env: { ...env, volumes: { data: { seed: "c-0099" } } } },
                ],
                [
                    "broken YAML right after a secret",
                    { env: `${YAML.stringify(env)}  bad: [${MISPLACED}\n` },
                ],
                ["a repeated secret key", { env: `${YAML.stringify(env)}type: env\n` }],
                [
                    "a signing key that is not a key",
                    {
                        signingKey: `-----BEGIN PRIVATE KEY-----\n${MISPLACED}\n-----END PRIVATE KEY-----\n`,
                    },
                ],
                ["the wrong signing key password", { signingKeyPassword: MISPLACED }],
                ["no signing key password", { signingKeyPassword: undefined }],
                ["a certificate that is a private key", { encryptionCertificate: world.caKey }],
            ];
            for (const [what, change] of broken) {
                const validation = validateContract({ ...input(), ...change });
                clean(`the findings on ${what}`, validation.findings);
                if (what === "a misspelt key holding a secret") {
                    assert.match(validation.findings[0].message, /the enclave ignores this key/);
                    continue;
                }
                assert.equal(validation.ok, false, what);
                clean(`the findings on ${what}`, validation.findings);
                clean(
                    `the error on ${what}`,
                    await errorOf(() => buildContract({ ...input(), ...change })),
                );
            }
        });

        it("refuses wrong key passwords without repeating either password", async () => {
            const token = await encryptSection("x", {
                encryptionCertificate: world.attestationPublicKey,
            });
            for (const password of [undefined, MISPLACED, CANARY.signingKeyPassword]) {
                clean(
                    "a decryption error",
                    await errorOf(() =>
                        trust.verifyAttestation({
                            encryptedRecords: token,
                            privateKey: world.attestationKey,
                            password,
                            userData: "x",
                        }),
                    ),
                );
            }
        });

        it("logs nothing secret", () => {
            clean("the log", logs);
        });
    });

    describe("the command line", () => {
        let dir: string;
        let tmp: { dir: string; remove: () => void };
        const outputs: string[] = [];
        const inputs = new Set<string>();

        /** Runs the installed bin in `dir`, with its own empty temporary folder. */
        const cli = (args: string[], env: Record<string, string> = {}) => {
            const r = spawnSync(process.execPath, [BIN, ...args], {
                cwd: dir,
                env: { ...process.env, TMPDIR: tmp.dir, ...env },
                encoding: "utf8",
            });
            // The arguments are not output: some of them are the secrets.
            outputs.push(`${r.stdout}${r.stderr}`);
            return { code: r.status, stdout: r.stdout, stderr: r.stderr };
        };
        const write = (name: string, content: string) => {
            fs.writeFileSync(path.join(dir, name), content);
            inputs.add(name);
        };

        before(async () => {
            dir = world.dir;
            tmp = scratch("hpcr-canary-tmp-");
            for (const name of fs.readdirSync(dir)) inputs.add(name);
            const env = YAML.stringify(canaryEnv());
            const workload = YAML.stringify(canaryWorkload());
            const block = (text: string) => text.replace(/^/gm, "  ").trimEnd();
            write("contract.yaml", `workload: |\n${block(workload)}\nenv: |\n${block(env)}\n`);
            write("workload.yaml", workload);
            write("encrypt.crt", world.certificate);
            write("signing.pem", world.signingKey);
            write("attestation.pem", world.attestationKey);
            write("csr.json", JSON.stringify({ domain: "contracts.example.com", org: "Canary" }));
            write("meta-data", "local-hostname: canary\n");
            const broken = `workload: |\n${block(workload)}\nenv: |\n${block(env)}\n  bad: [${MISPLACED}\n`;
            write("broken.yaml", broken);
        });
        after(() => tmp?.remove());

        const password = { HPCR_PRIVATE_KEY_PASSWORD: CANARY.signingKeyPassword };
        const encrypt = "encrypt --in contract.yaml --cert encrypt.crt --priv signing.pem".split(
            " ",
        );
        /** `encrypt` with a contract expiry, the CA key's password given as `capassword`. */
        const withExpiry = (capassword: string) => [
            ...encrypt,
            ..."--contract-expiry --cacert ca.crt --cakey ca.key --csrParam csr.json --expiry 30".split(
                " ",
            ),
            "--capassword",
            capassword,
        ];

        it("validates, reviews, encrypts, signs with expiry and seals", () => {
            assert.equal(cli(["validate-contract", "--in", "contract.yaml"]).code, 0);
            // A console log explained against the contract, and against one that is broken.
            write("console.log", "HPL07001E: volumes break the schema\nHPL10000E: shutdown\n");
            for (const contract of ["contract.yaml", "broken.yaml"]) {
                const explained = ["boot-log", "--in", "console.log", "--contract", contract];
                assert.equal(cli(explained).code, 1);
            }
            assert.equal(
                cli(["effective", "--in", "contract.yaml", "--cert", "encrypt.crt"]).code,
                0,
            );
            const json = [
                "effective",
                "--in",
                "contract.yaml",
                "--format",
                "json",
                "--out",
                "review.json",
            ];
            assert.equal(cli(json).code, 0);
            assert.equal(cli([...encrypt, "--out", "contract.enc"], password).code, 0);
            const expiry = [
                ...withExpiry(CANARY.caKeyPassword),
                "--password",
                CANARY.signingKeyPassword,
                "--out",
                "contract-expiry.enc",
            ];
            const r = cli(expiry);
            assert.equal(r.code, 0, r.stderr);
            assert.equal(
                cli([
                    "seal",
                    "--in",
                    "workload.yaml",
                    "--cert",
                    "encrypt.crt",
                    "--out",
                    "sealed.json",
                ]).code,
                0,
            );
            assert.equal(
                cli(["encrypt-string", "--in", CANARY.envValue, "--cert", "encrypt.crt"]).code,
                0,
            );
            const signed = cli(
                ["sign-contract", "--in", "contract.enc", "--priv", "signing.pem"],
                password,
            );
            assert.equal(signed.code, 0, signed.stderr);
        });

        it("delivers: attestation records, a cidata ISO and initdata", async () => {
            const userData = fs.readFileSync(path.join(dir, "contract.enc"), "utf8");
            const records = await encryptSection(`${sha256(userData)} cidata/user-data\n`, {
                encryptionCertificate: world.attestationPublicKey,
            });
            write("se-checksums.txt.enc", records);
            const attestation = { HPCR_PRIVATE_KEY_PASSWORD: CANARY.attestationKeyPassword };
            const decrypt = [
                "decrypt-attestation",
                "--in",
                "se-checksums.txt.enc",
                "--priv",
                "attestation.pem",
            ];
            assert.equal(cli([...decrypt, "--out", "se-checksums.txt"], attestation).code, 0);
            const verify = [
                "verify-attestation",
                "--in",
                "se-checksums.txt.enc",
                "--priv",
                "attestation.pem",
                "--contract",
                "contract.enc",
            ];
            assert.equal(cli(verify, attestation).code, 0);
            const cidata = [
                "cidata",
                "--user-data",
                "contract.enc",
                "--meta-data",
                "meta-data",
                "--out",
                "cidata.iso",
            ];
            assert.equal(cli(cidata).code, 0);
            assert.equal(
                cli(["initdata", "--in", "contract.enc", "--out", "initdata.txt"]).code,
                0,
            );
        });

        it("fails on bad input and wrong passwords without repeating a secret", () => {
            const failures: [string[], Record<string, string>?][] = [
                [[...encrypt, "--password", MISPLACED]],
                [[...encrypt], { HPCR_PRIVATE_KEY_PASSWORD: CANARY.caKeyPassword }],
                [[...encrypt, "--out", "never.enc"]],
                [[...encrypt, MISPLACED], password],
                [["encrypt", "--in", "broken.yaml", "--cert", "encrypt.crt"]],
                [["validate-contract", "--in", "broken.yaml"]],
                [withExpiry(MISPLACED), password],
                [
                    [
                        "decrypt-attestation",
                        "--in",
                        "se-checksums.txt.enc",
                        "--priv",
                        "attestation.pem",
                        "--password",
                        MISPLACED,
                    ],
                ],
                [["decrypt", "--in", "contract.enc", "--priv", "signing.pem"], password],
            ];
            for (const [args, env] of failures) {
                const r = cli(args, env);
                assert.notEqual(r.code, 0, args.join(" "));
                assert.ok(r.stderr.length > 0, args.join(" "));
                assert.doesNotMatch(r.stderr, /unexpected failure|TypeError|RangeError/);
            }
            assert.ok(!fs.existsSync(path.join(dir, "never.enc")));
        });

        it("printed nothing secret", () => {
            clean("the command line's output", outputs);
        });

        it("wrote no secret into any file, and no file into the temporary folder", () => {
            const written = fs.readdirSync(dir).filter((n) => !inputs.has(n));
            assert.deepEqual(written.sort(), [
                "cidata.iso",
                "contract-expiry.enc",
                "contract.enc",
                "initdata.txt",
                "review.json",
                "se-checksums.txt",
                "sealed.json",
            ]);
            for (const name of written) clean(name, fs.readFileSync(path.join(dir, name)));
            assert.deepEqual(fs.readdirSync(tmp.dir), []);
        });
    });

    describe("the dynamic provider in the real provider host", () => {
        let program: ProgramFolder;
        let host: ProviderHost;
        let tmp: { dir: string; remove: () => void };
        let news: Record<string, unknown>;
        const outputs: unknown[] = [];

        before(async () => {
            program = programFolder();
            tmp = scratch("hpcr-canary-host-tmp-");
            const saved = process.env.TMPDIR;
            process.env.TMPDIR = tmp.dir;
            try {
                host = await startHost(
                    program.dir,
                    path.join(REPO_ROOT, "node_modules/@pulumi/pulumi"),
                );
            } finally {
                if (saved === undefined) delete process.env.TMPDIR;
                else process.env.TMPDIR = saved;
            }
            await host.configure();
            const provider = await pulumi.runtime.serializeFunction(() => contractProvider, {
                allowSecrets: true,
            });
            news = {
                __provider: provider.text,
                resourceName: "contract",
                providerVersion: "1.0.0",
                ...input(),
            };
        });
        after(() => {
            host?.stop();
            program?.remove();
            tmp?.remove();
        });

        it("serializes providers that hold no secret", async () => {
            for (const provider of [contractProvider, blockProvider]) {
                const { text } = await pulumi.runtime.serializeFunction(() => provider, {
                    allowSecrets: true,
                });
                clean("the serialized provider", text);
            }
        });

        it("checks, creates, diffs, updates and reads: public outputs hold no secret", async () => {
            const checked = await host.check(URN, {}, news);
            assert.deepEqual(checked.failures, []);
            const { id, outs } = await host.create(URN, checked.inputs);
            // userData and fingerprintKey are marked secret; userData is encrypted besides.
            const { userData: _, fingerprintKey: __, ...open } = outs;
            clean("the public outputs", open);
            outputs.push(outs);
            const env = { ...canaryEnv(), env: { REGISTRY: "mirror.example.com/team" } };
            const changed = { ...checked.inputs, env };
            await host.diff(URN, id, outs, changed);
            const updated = await host.update(URN, id, outs, changed);
            outputs.push(updated);
            outputs.push(await host.read(URN, id, updated));
        });

        it("fails a check and an update without repeating a secret", async () => {
            const bad = {
                ...news,
                env: {
                    ...canaryEnv(),
                    auths: { "us.icr.io": { username: "u", password: [MISPLACED] } },
                },
            };
            const checked = await host.check(URN, {}, bad);
            assert.ok(checked.failures.length > 0);
            outputs.push(checked.failures);
            const created = await host.create(URN, (await host.check(URN, {}, news)).inputs);
            outputs.push(
                await errorOf(() =>
                    host.update(URN, created.id, created.outs, {
                        ...news,
                        signingKeyPassword: MISPLACED,
                    }),
                ),
            );
        });

        it("builds a contract with an expiry from a password-protected CA key", async () => {
            const expiry = {
                caCertificate: world.caCertificate,
                caKey: world.caKey,
                caKeyPassword: CANARY.caKeyPassword,
                csrParameters: { domain: "contracts.example.com" },
                days: 30,
            };
            const checked = await host.check(URN, {}, { ...news, expiry });
            assert.deepEqual(checked.failures, []);
            const { outs } = await host.create(URN, checked.inputs);
            assert.match(String(outs.signingCertificate), /^-----BEGIN CERTIFICATE-----/);
            outputs.push(outs);
            const wrong = { ...news, expiry: { ...expiry, caKeyPassword: MISPLACED } };
            const failed = await host.check(URN, {}, wrong);
            assert.ok(failed.failures.length > 0);
            outputs.push(failed.failures);
        });

        it("hosts the building blocks: a sealed workload, an encrypted text and a sealed secret", async () => {
            const { text } = await pulumi.runtime.serializeFunction(() => blockProvider, {
                allowSecrets: true,
            });
            const common = {
                __provider: text,
                providerVersion: "1.0.0",
                encryptionCertificate: world.certificate,
            };
            const sealed = {
                ...common,
                kind: "sealed-workload",
                resourceName: "w",
                workload: canaryWorkload(),
            };
            const secretText = {
                ...common,
                kind: "encrypted-text",
                resourceName: "t",
                text: CANARY.envValue,
            };
            const sealedSecret = {
                __provider: text,
                providerVersion: "1.0.0",
                kind: "sealed-secret",
                resourceName: "s",
                section: "env",
                secret: CANARY.registryPassword,
            };
            for (const props of [sealed, secretText, sealedSecret]) {
                const checked = await host.check(URN, {}, props);
                assert.deepEqual(checked.failures, []);
                outputs.push((await host.create(URN, checked.inputs)).outs);
            }
        });

        it("returned, logged and wrote nothing secret", () => {
            clean("the provider's outputs and errors", outputs);
            clean("the provider host's log", host.log());
            assert.deepEqual(fs.readdirSync(tmp.dir), []);
        });
    });
});
