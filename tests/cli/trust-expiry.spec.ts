import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { decryptContract } from "../../provider/contract/decrypt";
import { readPrivateKey } from "../../provider/crypto/keys";
import { composeWorkload, envSection } from "../support/contracts";
import { pem, rsaPair, testIdentity } from "../support/keys";
import { bash, scratch } from "../support/tools";
import { requireVectors, vector } from "../support/vectors";
import { runCli } from "./context";

const CA_PASSWORD = "canary-ca-password-0007";

describe("hpcr-contract encrypt --contract-expiry", function () {
    let dir: string;
    let remove: () => void;
    let enclaveKey: string;
    const signer = pem(rsaPair(2048));

    before(async () => {
        ({ dir, remove } = scratch());
        const identity = await testIdentity();
        enclaveKey = identity.privateKey;
        fs.writeFileSync(path.join(dir, "encrypt.crt"), identity.certificate);
        fs.writeFileSync(path.join(dir, "signer.pem"), signer.privateKey);
        const indent = (t: string) => t.replace(/^(?=.)/gm, "  ");
        const env = YAML.stringify(envSection());
        fs.writeFileSync(
            path.join(dir, "contract.yaml"),
            `workload: |\n${indent(YAML.stringify(composeWorkload()))}env: |\n${indent(env)}`,
        );
        fs.writeFileSync(
            path.join(dir, "csr.json"),
            JSON.stringify({ country: "DE", org: "Example", domain: "contract.example" }),
        );
        bash(
            `openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 365 -subj "/CN=CLI Test CA" 2>/dev/null
             openssl pkey -in ca.key -aes256 -passout pass:${CA_PASSWORD} -out ca.enc.key
             openssl req -new -key signer.pem -subj "/CN=from-openssl" -out signer.csr`,
            dir,
        );
    });
    after(() => remove());

    const run = (argv: string[], env: Record<string, string> = {}) =>
        runCli(argv, { cwd: dir, env });
    const base = [
        "encrypt",
        "--in",
        "contract.yaml",
        "--cert",
        "encrypt.crt",
        "--priv",
        "signer.pem",
    ];
    const expiry = [
        "--contract-expiry",
        "--cacert",
        "ca.crt",
        "--cakey",
        "ca.key",
        "--expiry",
        "45",
    ];

    /** The signing certificate written into env. */
    const signingCertificate = async (userData: string) => {
        const env = (await decryptContract(userData, readPrivateKey(enclaveKey, undefined, "k")))
            .env!;
        return Buffer.from(YAML.parse(env).signingKey, "base64").toString("utf8");
    };

    // [what, arguments, message]
    const usage: [string, string[], RegExp][] = [
        [
            "without the CA",
            ["--contract-expiry", "--csrParam", "csr.json", "--expiry", "5"],
            /needs --cacert, --cakey/,
        ],
        [
            "with both --csrParam and --csr",
            [...expiry, "--csrParam", "csr.json", "--csr", "signer.csr"],
            /exactly one of --csrParam and --csr/,
        ],
        ["with neither --csrParam nor --csr", expiry, /exactly one of --csrParam and --csr/],
        [
            "with --expiry 0",
            [...expiry.slice(0, -1), "0", "--csr", "signer.csr"],
            /--expiry must be a positive whole number/,
        ],
        [
            "with --expiry 1.5",
            [...expiry.slice(0, -1), "1.5", "--csr", "signer.csr"],
            /--expiry must be a positive whole number/,
        ],
        [
            "with a CA flag but no --contract-expiry",
            ["--cacert", "ca.crt"],
            /--cacert needs --contract-expiry/,
        ],
    ];
    for (const [what, args, message] of usage) {
        it(`exits 2 ${what}`, async () => {
            const r = await run([...base, ...args]);
            assert.equal(r.code, 2);
            assert.match(r.stderr.join("\n"), message);
        });
    }

    it("exits 2 without --priv, since the certificate is for the signing key", async () => {
        const r = await run([
            "encrypt",
            "--in",
            "contract.yaml",
            "--cert",
            "encrypt.crt",
            ...expiry,
            "--csr",
            "signer.csr",
        ]);
        assert.equal(r.code, 2);
        assert.match(r.stderr.join("\n"), /needs --priv/);
    });

    it("signs with a certificate from CSR parameters that openssl verifies against the CA", async () => {
        const r = await run([...base, ...expiry, "--csrParam", "csr.json", "--out", "out.yaml"]);
        assert.equal(r.code, 0, r.stderr.join("\n"));
        const out = r.files.get(path.join(dir, "out.yaml"))!;
        assert.equal(out.secret, true);
        const cert = await signingCertificate(out.content.toString());
        fs.writeFileSync(path.join(dir, "signing.crt"), cert);
        assert.match(bash("openssl verify -CAfile ca.crt signing.crt", dir), /OK/);
        assert.match(
            bash("openssl x509 -in signing.crt -noout -subject -nameopt RFC2253", dir),
            /^subject=CN=contract.example,O=Example,C=DE$/m,
        );
        const end = /notAfter=(.*)/.exec(
            bash("openssl x509 -in signing.crt -noout -enddate", dir),
        )!;
        assert.ok(
            r.stderr.includes(`note: the contract expires on ${new Date(end[1]).toISOString()}`),
            r.stderr.join("\n"),
        );
    });

    it("signs with a certificate for a CSR made by openssl", async () => {
        const r = await run([...base, ...expiry, "--csr", "signer.csr"]);
        assert.equal(r.code, 0, r.stderr.join("\n"));
        const cert = await signingCertificate(r.stdout);
        fs.writeFileSync(path.join(dir, "signing.crt"), cert);
        assert.match(
            bash("openssl x509 -in signing.crt -noout -subject", dir),
            /CN = from-openssl/,
        );
    });

    it("reads an encrypted CA key's password from HPCR_CA_KEY_PASSWORD, and never prints it", async () => {
        const args = [
            ...base,
            ...expiry.map((a) => (a === "ca.key" ? "ca.enc.key" : a)),
            "--csr",
            "signer.csr",
        ];
        const ok = await run(args, { HPCR_CA_KEY_PASSWORD: CA_PASSWORD });
        assert.equal(ok.code, 0, ok.stderr.join("\n"));
        const missing = await run(args);
        assert.equal(missing.code, 1);
        assert.match(
            missing.stderr.join("\n"),
            /--cakey: is encrypted; give its password in --capassword/,
        );
        const wrong = await run([...args, "--capassword", "not-it"]);
        assert.equal(wrong.code, 1);
        for (const r of [ok, missing, wrong]) {
            const all = r.stdout + r.stderr.join("\n");
            assert.ok(!all.includes(CA_PASSWORD) && !all.includes("not-it"));
        }
    });

    it("exits 1 on unknown CSR parameters, naming the flag", async () => {
        fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ domain: "x", city: "y" }));
        const r = await run([...base, ...expiry, "--csrParam", "bad.json"]);
        assert.equal(r.code, 1);
        assert.match(r.stderr.join("\n"), /--csrParam: "city" is not a key/);
    });

    it("refuses contract-go's expired personal CA with a clear error", async function () {
        requireVectors(this);
        const sample = (name: string) => vector("contract-go/samples/contract-expiry", name);
        const r = await run([
            "encrypt",
            "--in",
            "contract.yaml",
            "--cert",
            "encrypt.crt",
            "--priv",
            sample("private.pem"),
            "--contract-expiry",
            "--cacert",
            sample("personal_ca.crt"),
            "--cakey",
            sample("personal_ca.pem"),
            "--csr",
            sample("csr.pem"),
            "--expiry",
            "30",
        ]);
        assert.equal(r.code, 1);
        assert.match(r.stderr.join("\n"), /--cacert: expired on 2025-03-20 \(CA expired\)/);
    });

    it("keeps the public key as signingKey without --contract-expiry", async () => {
        const r = await run(base);
        assert.equal(r.code, 0);
        const env = (await decryptContract(r.stdout, readPrivateKey(enclaveKey, undefined, "k")))
            .env!;
        assert.equal(
            Buffer.from(YAML.parse(env).signingKey, "base64").toString(),
            signer.publicKey,
        );
    });
});
