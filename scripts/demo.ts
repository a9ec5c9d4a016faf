/**
 * The main job of the README: builds and reviews the dynamic-registry example contract end to
 * end on this machine, with a locally generated test enclave identity. Each step is the
 * `hpcr-contract` command a user would type, run in-process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { processContext } from "../sdk/cli/io";
import { main } from "../sdk/cli/main";
import { decryptContract } from "../provider/contract/decrypt";
import { readPrivateKey } from "../provider/crypto/keys";
import { verifySections, readContractSigner } from "../provider/crypto/signature";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(ROOT, "examples/dynamic-registry");
const OUT = path.join(ROOT, ".demo");

async function step(title: string, argv: string[]): Promise<void> {
    const shown = argv.map((a) => (a.startsWith(ROOT) ? path.relative(ROOT, a) : a)).join(" ");
    process.stdout.write(`\n== ${title}\n$ hpcr-contract ${shown}\n`);
    const code = await main(argv, processContext());
    if (code !== 0) {
        process.stdout.write(`\nthe step failed (exit ${code})\n`);
        process.exit(code);
    }
}

async function demo(): Promise<void> {
    fs.mkdirSync(OUT, { recursive: true });
    const enclave = path.join(OUT, "enclave");
    const sealed = path.join(OUT, "sealed-workload.json");
    const contract = path.join(OUT, "contract.yaml");
    const userData = path.join(OUT, "user-data.yaml");
    await step("1. A test enclave identity stands in for an IBM image's encryption certificate", [
        "test-identity",
        "--out",
        enclave,
    ]);
    await step("2. The workload provider seals the workload; the registry stays a variable", [
        "seal",
        "--in",
        path.join(EXAMPLE, "workload/workload.yaml"),
        "--archive",
        path.join(EXAMPLE, "workload/compose"),
        "--cert",
        path.join(enclave, "encrypt.crt"),
        "--out",
        sealed,
    ]);
    const manifest = JSON.parse(fs.readFileSync(sealed, "utf8")).manifest;
    process.stdout.write(
        `   manifest: requires ${manifest.requires.join(", ")}; images ${manifest.images.map((i: { reference: string }) => i.reference).join(", ")}\n`,
    );
    const env = fs.readFileSync(path.join(EXAMPLE, "deployer/env.yaml"), "utf8");
    const indent = (t: string) =>
        t
            .split("\n")
            .map((l) => (l ? `  ${l}` : l))
            .join("\n");
    fs.writeFileSync(contract, `env: |\n${indent(env)}`);
    await step("3. The deployer reviews what the enclave will see (secrets withheld)", [
        "effective",
        "--in",
        contract,
        "--workload",
        sealed,
        "--cert",
        path.join(enclave, "encrypt.crt"),
    ]);
    const withWorkload = `workload: ${JSON.parse(fs.readFileSync(sealed, "utf8")).token}\n${fs.readFileSync(contract, "utf8")}`;
    fs.writeFileSync(contract, withWorkload);
    await step("4. The deployer adds env, signs and encrypts: the user data for the instance", [
        "encrypt",
        "--in",
        contract,
        "--cert",
        path.join(enclave, "encrypt.crt"),
        "--out",
        userData,
    ]);
    const text = fs.readFileSync(userData, "utf8");
    const values = YAML.parse(text);
    const plain = await decryptContract(
        text,
        readPrivateKey(fs.readFileSync(path.join(enclave, "private.pem"), "utf8")),
    );
    const signingKey = YAML.parse(plain.env ?? "").signingKey as string;
    const verified = verifySections(
        values.workload,
        values.env,
        values.envWorkloadSignature,
        readContractSigner(signingKey).publicKey,
    );
    process.stdout.write(
        `\n== 5. What the enclave would do with ${path.relative(ROOT, userData)} (${Buffer.byteLength(text)} bytes)\n` +
            `   decrypts both sections with the test identity: ${plain.workload && plain.env ? "yes" : "no"}\n` +
            `   envWorkloadSignature verifies with env.signingKey: ${verified ? "yes" : "no"}\n` +
            `   the sealed workload token is unchanged in the contract: ${values.workload === JSON.parse(fs.readFileSync(sealed, "utf8")).token ? "yes" : "no"}\n`,
    );
    if (!verified) process.exit(1);
}

demo().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
});
