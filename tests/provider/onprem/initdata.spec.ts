import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as zlib from "node:zlib";
import { InputError } from "../../../provider/errors";
import { buildInitdata, initdataToml, readInitdata } from "../../../provider/onprem/initdata";
import { haveCommand } from "../../support/tools";
import { requireVectors, vectorText } from "../../support/vectors";

const CCCO = "contract-go/samples/ccco";
/** The SE header that IBM's bare-metal vector was built with, as base64. */
const HDR = "VGVzdCBiYXNlNjQgaGVkZXIgb2YgaW1hZ2UgZ2V0dGluZyB1c2VkCg==";

const gunzip = (annotation: string) =>
    zlib.gunzipSync(Buffer.from(annotation.trim(), "base64")).toString("utf8");

function refuses(fn: () => unknown, reason: RegExp): void {
    assert.throws(fn, (e: unknown) => InputError.isInstance(e) && reason.test(e.message));
}

describe("initdata annotation", () => {
    describe("IBM's vectors", () => {
        let contract: string;
        beforeEach(function () {
            requireVectors(this);
            contract = vectorText(CCCO, "signed-encrypt-ccco.yaml");
        });

        it("writes the TOML text of IBM's annotation, byte for byte", () => {
            const expected = gunzip(vectorText(CCCO, "gzipped-initdata"));
            assert.equal(initdataToml(contract), expected);
            assert.equal(gunzip(buildInitdata(contract)), expected);
        });

        it("writes the bare-metal form with the SE header, byte for byte", () => {
            const expected = gunzip(vectorText(CCCO, "baremetal-gzipped-initdata"));
            const seHeader = Buffer.from(HDR, "base64");
            assert.equal(initdataToml(contract, { seHeader }), expected);
            assert.equal(gunzip(buildInitdata(contract, { seHeader })), expected);
        });

        it("reads IBM's annotations back to the contract and the SE header", () => {
            const plain = readInitdata(vectorText(CCCO, "gzipped-initdata"));
            assert.equal(plain.algorithm, "sha384");
            assert.equal(plain.version, "0.1.0");
            assert.equal(plain.contract, contract);
            assert.equal(plain.seHeader, undefined);
            assert.deepEqual(Object.keys(plain.data), ["contract.yaml"]);
            const bare = readInitdata(vectorText(CCCO, "baremetal-gzipped-initdata"));
            assert.equal(bare.contract, contract);
            assert.equal(bare.seHeader?.toString("base64"), HDR);
        });
    });

    describe("round trips", () => {
        const contracts = [
            "env: hyper-protect-basic.a.b\nworkload: hyper-protect-basic.c.d\n",
            "workload: x\nenv: y",
            "quotes: 'single' and ''double'' end''",
            "tab:\there\r\nand CRLF\r\n",
            "unicode: é — 😀\n",
        ];
        for (const contract of contracts) {
            it(`keeps ${JSON.stringify(contract.slice(0, 24))}`, () => {
                const seHeader = Buffer.from([0, 1, 2, 255, 10, 39]);
                assert.equal(readInitdata(buildInitdata(contract)).contract, contract);
                const bare = readInitdata(buildInitdata(Buffer.from(contract), { seHeader }));
                assert.equal(bare.contract, contract);
                assert.ok(bare.seHeader?.equals(seHeader));
            });
        }

        it("is read the same way by an independent TOML reader (Python's tomllib)", function () {
            const probe = haveCommand("python3")
                ? spawnSync("python3", ["-c", "import tomllib"]).status
                : 1;
            if (probe !== 0) {
                console.warn("    (skipped: python3 with tomllib is not installed)");
                this.skip();
            }
            const script =
                "import sys, tomllib, json; d = tomllib.loads(sys.stdin.read()); print(json.dumps(d))";
            for (const contract of contracts) {
                const r = spawnSync("python3", ["-c", script], {
                    input: initdataToml(contract, { seHeader: Buffer.from("hdr") }),
                });
                assert.equal(r.status, 0, r.stderr.toString());
                const parsed = JSON.parse(r.stdout.toString());
                assert.equal(parsed.algorithm, "sha384");
                // TOML lets readers turn CRLF into LF, and tomllib does; YAML reads both alike.
                const text = contract.replace(/\r\n/g, "\n");
                assert.equal(parsed.data["contract.yaml"], `${text}\nboot: |\n    sehdr: aGRy`);
            }
        });
    });

    describe("the annotation", () => {
        it("is the same on every machine: no time, no operating system in the gzip header", () => {
            const a = Buffer.from(buildInitdata("workload: a\nenv: b\n"), "base64");
            assert.deepEqual([...a.subarray(0, 10)], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
            assert.equal(buildInitdata("workload: a\nenv: b\n"), a.toString("base64"));
        });
    });

    describe("refusals", () => {
        it("refuses a contract that would end the TOML literal early", () => {
            refuses(
                () => buildInitdata("a: '''x'''\n"),
                /^contract: .*three single quotes.*line 1, column 4/,
            );
            refuses(() => buildInitdata("a: b\nc: ''''\n"), /line 2, column 4/);
        });

        it("refuses control characters that a TOML literal string cannot hold", () => {
            for (const bad of [
                "a\u0000b",
                "a\u0007",
                "a\u001b[0m",
                "a\rb",
                "a\u007f",
                "line\u000bfeed",
            ]) {
                refuses(() => initdataToml(bad), /^contract: .*control character/);
            }
        });

        it("refuses empty, non-UTF-8 and broken Unicode contracts, and an empty SE header", () => {
            refuses(() => initdataToml(""), /^contract: is empty/);
            refuses(() => initdataToml(Buffer.from([0x61, 0xc3])), /^contract: is not UTF-8/);
            refuses(() => initdataToml("a\ud800b"), /^contract: is not valid Unicode/);
            refuses(() => initdataToml("a", { seHeader: Buffer.alloc(0) }), /^seHeader: is empty/);
        });

        it("never quotes the contract in a refusal", () => {
            const secret = "s3cr3t";
            for (const bad of [`${secret}'''`, `${secret}\u0000`]) {
                assert.throws(
                    () => initdataToml(bad),
                    (e: unknown) => e instanceof Error && !e.message.includes(secret),
                );
            }
        });

        it("refuses annotations that are not base64 of gzip of initdata TOML", () => {
            refuses(() => readInitdata("not base64!"), /^initdata: is not base64/);
            refuses(() => readInitdata(Buffer.from("plain").toString("base64")), /not gzip/);
            const gz = (text: string) => zlib.gzipSync(text).toString("base64");
            refuses(() => readInitdata(gz("[data]\nx = '''open\n")), /unterminated/);
            refuses(() => readInitdata(gz("[other]\nx = 'y'\n")), /initdata: has /);
            refuses(() => readInitdata(gz("junk\n")), /not a key and value/);
        });
    });
});
