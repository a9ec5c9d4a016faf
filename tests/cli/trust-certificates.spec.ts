import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { decryptContract } from "../../provider/contract/decrypt";
import { readPrivateKey } from "../../provider/crypto/keys";
import { decryptToken } from "../../provider/crypto/token";
import { createTestIdentity, type TestIdentity } from "../../provider/trust/test-identity";
import { composeWorkload, envSection } from "../support/contracts";
import { scratch } from "../support/tools";
import { requireVectors, vector } from "../support/vectors";
import { createPki, type TestPki } from "../provider/trust/pki";
import { startCertificateServer, type CertificateServer } from "../provider/trust/server";
import { runCli } from "./context";

describe("hpcr-contract encryption certificates", function () {
    let dir: string;
    let remove: () => void;
    let server: CertificateServer;
    let pki: TestPki;
    const identities = new Map<number, TestIdentity>();

    before(async () => {
        ({ dir, remove } = scratch());
        for (const patch of [20, 21, 22]) {
            identities.set(patch, await createTestIdentity({ bits: 1024 }));
        }
        server = await startCertificateServer(
            new Map([...identities].map(([p, i]) => [p, i.certificate])),
        );
        pki = createPki();
        for (const name of ["leaf", "ibm", "digicert", "root"] as const) {
            fs.writeFileSync(path.join(dir, `${name}.crt`), pki.cert(name));
        }
        fs.writeFileSync(path.join(dir, "revoked.crl"), pki.crl("ibm", { revoke: ["leaf"] }));
        fs.writeFileSync(path.join(dir, "clean.crl"), pki.crl("ibm", { der: true }));
        fs.mkdirSync(path.join(dir, "compose"));
        fs.writeFileSync(path.join(dir, "compose/docker-compose.yaml"), "services: {}\n");
    });
    after(async () => {
        await server.close();
        pki.remove();
        remove();
    });

    const env = () => ({ HPCR_CERT_CACHE: path.join(dir, "cache") });
    const run = (...argv: string[]) => runCli(argv, { cwd: dir, env: env() });
    const template = () => server.template();

    describe("download-certificate and get-certificate", () => {
        it("prints each version's certificate, status, days left and end date as JSON", async () => {
            const r = await run(
                "download-certificate",
                "--version",
                "1.0.20, 1.0.22",
                "--template",
                template(),
            );
            assert.equal(r.code, 0, r.stderr.join("\n"));
            const doc = JSON.parse(r.stdout);
            assert.deepEqual(Object.keys(doc), ["1.0.20", "1.0.22"]);
            assert.equal(doc["1.0.22"].cert, identities.get(22)!.certificate);
            assert.equal(doc["1.0.22"].status, "valid");
            assert.equal(typeof doc["1.0.22"].expiry_days, "number");
        });

        it("prints YAML and text on request", async () => {
            const yaml = await run(
                "download-certificate",
                "--version",
                "1.0.21",
                "--format",
                "yaml",
                "--template",
                template(),
            );
            assert.equal(YAML.parse(yaml.stdout)["1.0.21"].cert, identities.get(21)!.certificate);
            const text = await run(
                "download-certificate",
                "--version",
                "1.0.21",
                "--format",
                "text",
                "--template",
                template(),
            );
            assert.match(text.stdout, /^# 1\.0\.21: valid, \d+ days left/);
        });

        it("exits 2 on a version that is not M.m.p, and 1 on a missing one, naming it", async () => {
            const bad = await run(
                "download-certificate",
                "--version",
                "1.0",
                "--template",
                template(),
            );
            assert.equal(bad.code, 2);
            const missing = await run(
                "download-certificate",
                "--version",
                "1.0.23",
                "--template",
                template(),
            );
            assert.equal(missing.code, 1);
            assert.match(
                missing.stderr.join("\n"),
                /version 1\.0\.23: no certificate at http:\/\/127\.0\.0\.1:\d+\/s390x-23\/.*HTTP 404/,
            );
        });

        it("picks the highest version in a range from the download, noting it on stderr", async () => {
            const doc = await run(
                "download-certificate",
                "--version",
                "1.0.20,1.0.21,1.0.22",
                "--template",
                template(),
                "--out",
                "certs.json",
            );
            assert.equal(doc.code, 0);
            fs.writeFileSync(
                path.join(dir, "certs.json"),
                doc.files.get(path.join(dir, "certs.json"))!.content,
            );
            const r = await run(
                "get-certificate",
                "--in",
                "certs.json",
                "--version",
                ">=1.0.20 <1.0.22",
            );
            assert.equal(r.code, 0);
            assert.equal(r.stdout, identities.get(21)!.certificate);
            assert.match(r.stderr.join("\n"), /^version 1\.0\.21: valid/);
            const none = await run("get-certificate", "--in", "certs.json", "--version", "2.x");
            assert.equal(none.code, 1);
        });
    });

    describe("--ver on encrypt-string, base64-tgz and encrypt", () => {
        it("downloads the certificate of a version or range, then encrypts for it", async () => {
            const r = await run(
                "encrypt-string",
                "--in",
                "hello",
                "--ver",
                "^1.0",
                "--template",
                template(),
            );
            assert.equal(r.code, 0, r.stderr.join("\n"));
            assert.match(r.stderr.join("\n"), /encryption certificate 1\.0\.22 from http/);
            const key = readPrivateKey(identities.get(22)!.privateKey, undefined, "k");
            assert.equal((await decryptToken(r.stdout.trim(), key)).toString(), "hello");
        });

        it("takes the template from HPCR_CERT_URL_TEMPLATE and serves repeats from the cache", async () => {
            const argv = [
                "base64-tgz",
                "--in",
                "compose",
                "--output",
                "encrypt",
                "--ver",
                "1.0.21",
            ];
            const first = await runCli(argv, {
                cwd: dir,
                env: { ...env(), HPCR_CERT_URL_TEMPLATE: template() },
            });
            assert.equal(first.code, 0, first.stderr.join("\n"));
            const requests = server.requests.length;
            const again = await runCli(argv, {
                cwd: dir,
                env: { ...env(), HPCR_CERT_URL_TEMPLATE: template() },
            });
            assert.match(again.stderr.join("\n"), /\(cached\)/);
            assert.equal(server.requests.length, requests);
        });

        it("exits 2 with both --cert and --ver, or --ver for another platform without a template", async () => {
            fs.writeFileSync(path.join(dir, "x.crt"), identities.get(20)!.certificate);
            assert.equal(
                (await run("encrypt-string", "--in", "a", "--cert", "x.crt", "--ver", "1.0.20"))
                    .code,
                2,
            );
            const r = await run("encrypt-string", "--in", "a", "--os", "ccrt", "--ver", "26.7.2");
            assert.equal(r.code, 2);
            assert.match(r.stderr.join("\n"), /give --template for ccrt/);
        });

        it("lets encrypt build a contract for a downloaded certificate, and names a missing one", async () => {
            const indent = (t: string) => t.replace(/^(?=.)/gm, "  ");
            fs.writeFileSync(
                path.join(dir, "c.yaml"),
                `workload: |\n${indent(YAML.stringify(composeWorkload()))}env: |\n${indent(YAML.stringify(envSection()))}`,
            );
            const r = await run(
                "encrypt",
                "--in",
                "c.yaml",
                "--ver",
                "1.0.22",
                "--template",
                template(),
            );
            assert.equal(r.code, 0, r.stderr.join("\n"));
            const key = readPrivateKey(identities.get(22)!.privateKey, undefined, "k");
            const env = (await decryptContract(r.stdout, key)).env!;
            assert.equal(YAML.parse(env).type, "env");
            const missing = await run(
                "encrypt",
                "--in",
                "c.yaml",
                "--ver",
                "1.0.99",
                "--template",
                template(),
            );
            assert.equal(missing.code, 1);
            assert.match(missing.stderr.join("\n"), /version 1\.0\.99: no certificate/);
        });
    });

    describe("validate-encryption-certificate", () => {
        it("prints the status of a valid certificate and exits 0", async () => {
            const r = await run("validate-encryption-certificate", "--in", "leaf.crt");
            assert.equal(r.code, 0);
            assert.match(r.stdout, /^status: valid, \d+ days left, until \d{4}-/);
        });

        it("exits 1 for contract-go's expired certificate", async function () {
            requireVectors(this);
            const r = await run(
                "validate-encryption-certificate",
                "--in",
                vector("contract-go/samples/encryption-cert/expired.crt"),
            );
            assert.equal(r.code, 1);
            assert.match(r.stdout, /^status: expired/);
        });

        const chain = [
            "--intermediate",
            "ibm.crt",
            "--digicert-intermediate",
            "digicert.crt",
            "--root",
            "root.crt",
        ];

        it("validates the chain and an unrevoked serial", async () => {
            const r = await run(
                "validate-encryption-certificate",
                "--in",
                "leaf.crt",
                ...chain,
                "--crl",
                "clean.crl",
            );
            assert.equal(r.code, 0, r.stdout);
            assert.match(
                r.stdout,
                /chain: valid \(CN=Test Contract Encryption <- CN=Test Intermediate <- CN=Test Code Signing CA <- CN=Test Trusted Root G4\)/,
            );
            assert.match(r.stdout, /revocation: .*Test Contract Encryption.*: good/);
        });

        it("exits 1 for a revoked certificate or a broken chain, saying where", async () => {
            const revoked = await run(
                "validate-encryption-certificate",
                "--in",
                "leaf.crt",
                ...chain,
                "--crl",
                "revoked.crl",
            );
            assert.equal(revoked.code, 1);
            assert.match(revoked.stdout, /chain: invalid at the revoked stage/);
            const broken = await run(
                "validate-encryption-certificate",
                "--in",
                "leaf.crt",
                "--intermediate",
                "digicert.crt",
                "--root",
                "root.crt",
            );
            assert.equal(broken.code, 1);
            assert.match(broken.stdout, /chain: invalid at the issuer stage/);
        });

        it("exits 2 for a CRL or root without the intermediate", async () => {
            for (const args of [
                ["--crl", "clean.crl"],
                ["--root", "root.crt"],
            ]) {
                const r = await run("validate-encryption-certificate", "--in", "leaf.crt", ...args);
                assert.equal(r.code, 2);
                assert.match(r.stderr.join("\n"), /needs --intermediate and --root/);
            }
        });
    });
});
