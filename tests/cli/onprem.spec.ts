import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { scratch } from "../support/tools";
import { REPO_ROOT, requireVectors, vector, vectorText } from "../support/vectors";
import { requireCommand, run as runTool } from "../provider/onprem/judges";
import { runCli } from "./context";

const STATIC = `network:
  version: 2
  ethernets:
    enc1:
      dhcp4: false
      addresses: [192.168.122.110/24]
`;

describe("hpcr-contract on-prem commands", () => {
    let dir: string;
    let remove: () => void;
    before(() => {
        ({ dir, remove } = scratch("hpcr-cli-onprem-"));
        const files: Record<string, string | Buffer> = {
            "contract.yaml": "env: hyper-protect-basic.a.b\nworkload: hyper-protect-basic.c.d\n",
            "meta-data": "local-hostname: web1\n",
            "vendor-data": "#cloud-config\nusers: [default]\n",
            empty: "",
            "dhcp.yaml": "network:\n  version: 2\n  ethernets:\n    enc1:\n      dhcp4: true\n",
            "static.yaml": STATIC,
            "eth0.yaml": "network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n",
            "quotes.yaml": "env: a\nworkload: |\n  x: '''y'''\n",
            "no-env.yaml": "workload: hyper-protect-basic.c.d\n",
            "sehdr.bin": Buffer.from("Test base64 heder of image getting used\n"),
        };
        for (const [name, content] of Object.entries(files)) {
            fs.writeFileSync(path.join(dir, name), content);
        }
    });
    after(() => remove());

    const cli = (...argv: string[]) => runCli(argv, { cwd: dir });
    const cliStdin = (stdin: string, ...argv: string[]) => runCli(argv, { cwd: dir, stdin });

    it("lists the commands in the help", async () => {
        const r = await cli("--help");
        for (const name of ["cidata", "validate-network", "initdata"]) {
            assert.match(r.stdout, new RegExp(`^  ${name} `, "m"));
        }
    });

    describe("cidata", () => {
        it("writes the ISO owner-only, holding the files given", async function () {
            requireCommand(this, "isoinfo", "genisoimage");
            const r = await cli(
                "cidata",
                "--user-data",
                "contract.yaml",
                "--meta-data",
                "meta-data",
                "--vendor-data",
                "vendor-data",
                "--network-config",
                "dhcp.yaml",
                "--out",
                "seed.iso",
            );
            assert.equal(r.code, 0, r.stderr.join("\n"));
            assert.deepEqual(r.stderr, []);
            const out = r.files.get(path.join(dir, "seed.iso"));
            assert.ok(out);
            assert.equal(out.secret, true);
            const file = path.join(dir, "inspect.iso");
            fs.writeFileSync(file, out.content);
            const names = runTool("isoinfo", ["-R", "-f", "-i", file])
                .toString()
                .trim()
                .split("\n");
            assert.deepEqual(names.sort(), [
                "/meta-data",
                "/network-config",
                "/user-data",
                "/vendor-data",
            ]);
            const userData = runTool("isoinfo", ["-R", "-x", "/user-data", "-i", file]);
            assert.ok(userData.equals(fs.readFileSync(path.join(dir, "contract.yaml"))));
        });

        it("refuses a network configuration with errors and writes nothing", async () => {
            const r = await cli(
                "cidata",
                "--user-data",
                "contract.yaml",
                "--meta-data",
                "meta-data",
                "--network-config",
                "eth0.yaml",
                "--out",
                "bad.iso",
            );
            assert.equal(r.code, 1);
            assert.equal(r.files.size, 0);
            assert.deepEqual(
                r.stderr.map((l) => l.split(":")[0]),
                ["error NETWORK_CONFIG network.ethernets.eth0"],
            );
        });

        it("reports warnings on the network configuration and builds the ISO anyway", async () => {
            const r = await cli(
                "cidata",
                "--user-data",
                "contract.yaml",
                "--meta-data",
                "meta-data",
                "--network-config",
                "static.yaml",
                "--out",
                "warn.iso",
            );
            assert.equal(r.code, 0);
            assert.equal(r.files.size, 1);
            assert.deepEqual(
                r.stderr.map((l) => l.split(":")[0]),
                [
                    "warning NETWORK_ROUTE_MISSING network.ethernets.enc1.gateway4",
                    "warning NETWORK_DNS_MISSING network.ethernets.enc1.nameservers",
                ],
            );
        });

        it("exits 2 without its required flags and 1 on missing or empty input", async () => {
            assert.equal(
                (await cli("cidata", "--user-data", "contract.yaml", "--meta-data", "meta-data"))
                    .code,
                2,
            );
            assert.equal(
                (await cli("cidata", "--meta-data", "meta-data", "--out", "x.iso")).code,
                2,
            );
            const missing = await cli(
                "cidata",
                "--user-data",
                "nope.yaml",
                "--meta-data",
                "meta-data",
                "--out",
                "x.iso",
            );
            assert.equal(missing.code, 1);
            const empty = await cli(
                "cidata",
                "--user-data",
                "empty",
                "--meta-data",
                "meta-data",
                "--out",
                "x.iso",
            );
            assert.equal(empty.code, 1);
            assert.match(empty.stderr.join("\n"), /^error userData: is empty/m);
        });
    });

    describe("validate-network", () => {
        it("exits 0 on a valid file and says so", async () => {
            const r = await cli("validate-network", "--in", "dhcp.yaml");
            assert.equal(r.code, 0);
            assert.equal(r.stdout, "the network configuration is valid\n");
            assert.deepEqual(r.stderr, []);
        });

        it("counts warnings, reads standard input, and still exits 0", async () => {
            const r = await cliStdin(STATIC, "validate-network", "--in", "-");
            assert.equal(r.code, 0);
            assert.equal(r.stdout, "the network configuration is valid (2 warnings)\n");
            assert.equal(r.stderr.length, 2);
        });

        it("exits 1 on IBM's invalid sample with one line per finding, code and path first", async function () {
            requireVectors(this);
            const r = await cli(
                "validate-network",
                "--in",
                vector("contract-go/samples/network/network_config_invalid.yaml"),
            );
            assert.equal(r.code, 1);
            assert.equal(r.stdout, "");
            assert.equal(r.stderr.length, 1);
            assert.match(r.stderr[0], /^error NETWORK_CONFIG network\.ethernets\.enc: .+$/);
        });

        it("exits 2 without --in", async () => {
            assert.equal((await cli("validate-network")).code, 2);
        });
    });

    describe("initdata", () => {
        const gunzip = (annotation: string) =>
            zlib.gunzipSync(Buffer.from(annotation.trim(), "base64")).toString("utf8");

        it("writes IBM's annotation text for IBM's contract, plain and bare-metal", async function () {
            requireVectors(this);
            const input = vector("contract-go/samples/ccco/signed-encrypt-ccco.yaml");
            const plain = await cli("initdata", "--in", input);
            assert.equal(plain.code, 0, plain.stderr.join("\n"));
            assert.equal(
                gunzip(plain.stdout),
                gunzip(vectorText("contract-go/samples/ccco/gzipped-initdata")),
            );
            const bare = await cli(
                "initdata",
                "--in",
                input,
                "--sehdr",
                "sehdr.bin",
                "--out",
                "bare.txt",
            );
            assert.equal(bare.code, 0, bare.stderr.join("\n"));
            const written = bare.files.get(path.join(dir, "bare.txt"));
            assert.equal(written?.secret, true);
            assert.equal(
                gunzip(written.content.toString()),
                gunzip(vectorText("contract-go/samples/ccco/baremetal-gzipped-initdata")),
            );
        });

        it("exits 1 on a contract the TOML literal cannot carry, or one without env", async () => {
            const quotes = await cli("initdata", "--in", "quotes.yaml");
            assert.equal(quotes.code, 1);
            assert.match(quotes.stderr.join("\n"), /^error contract: holds three single quotes/m);
            const noEnv = await cli("initdata", "--in", "no-env.yaml");
            assert.equal(noEnv.code, 1);
            assert.match(noEnv.stderr.join("\n"), /^error SECTION_MISSING env: /m);
            const notYaml = await cliStdin("a: [", "initdata", "--in", "-");
            assert.equal(notYaml.code, 1);
            assert.match(notYaml.stderr.join("\n"), /^error YAML_INVALID contract: /m);
        });
    });

    describe("the installed command", () => {
        it("builds a cidata ISO that isoinfo reads, with owner-only permissions", function () {
            requireCommand(this, "isoinfo", "genisoimage");
            const out = path.join(dir, "spawned.iso");
            const r = spawnSync(
                process.execPath,
                [
                    path.join(REPO_ROOT, "bin/hpcr-contract.js"),
                    "cidata",
                    "--user-data",
                    "contract.yaml",
                    "--meta-data",
                    "meta-data",
                    "--vendor-data",
                    "empty",
                    "--out",
                    out,
                ],
                { cwd: dir },
            );
            assert.equal(r.status, 0, r.stderr.toString());
            assert.equal(fs.statSync(out).mode & 0o777, 0o600);
            const info = runTool("isoinfo", ["-d", "-i", out]).toString();
            assert.match(info, /^Volume id: cidata$/m);
            assert.match(info, /^Rock Ridge signatures version 1 found$/m);
            const names = runTool("isoinfo", ["-J", "-f", "-i", out]).toString().trim().split("\n");
            assert.deepEqual(names.sort(), ["/meta-data", "/user-data", "/vendor-data"]);
            assert.equal(runTool("isoinfo", ["-R", "-x", "/vendor-data", "-i", out]).length, 0);
        });
    });
});
