/**
 * Input built to stall a backtracking parser: every case here took seconds to minutes before
 * (each parser searched from every candidate start to the end of the text, or matched runs of
 * spaces with two overlapping patterns); now each reads in linear time. The sizes are chosen so
 * that the old quadratic readers would outlast the suite's timeout by far.
 */
import * as assert from "node:assert/strict";
import { archiveFiles } from "../../provider/archive";
import { analyzeCompose } from "../../provider/contract/compose-analysis";
import { isTemplated, templateReferences } from "../../provider/contract/interpolation";
import { validateContract } from "../../provider/contract/validate";
import { readEncryptionKey } from "../../provider/crypto/keys";
import { pemBlocks } from "../../provider/crypto/pem";
import { parseAttestationRecords } from "../../provider/trust";
import { composeFile, composeWorkload, envSection } from "../support/contracts";

const MiB = 1024 * 1024;

describe("input built to stall a parser is read in linear time", function () {
    // A quadratic reader would take minutes on these; a linear one, milliseconds.
    this.timeout(60_000);

    it("finds no PEM block in megabytes of BEGIN lines without an END", () => {
        const text = "-----BEGIN CERTIFICATE-----\n".repeat((2 * MiB) / 28);
        assert.deepEqual(pemBlocks(text), []);
        assert.throws(() => readEncryptionKey(text), { name: "InputError" });
    });

    it("finds no PEM block in blocks whose END line is misspelt", () => {
        const block = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE----\n";
        assert.deepEqual(pemBlocks(block.repeat((2 * MiB) / block.length)), []);
    });

    it("reads text of one base64 character and a long run of spaces as neither PEM nor base64", () => {
        assert.deepEqual(pemBlocks(`A${" ".repeat(MiB)}!`), []);
    });

    it("checks a signing key of a BEGIN line and a long run of spaces against the schema", () => {
        const env = envSection({ signingKey: `-----BEGIN PUBLIC KEY-----${" ".repeat(MiB)}x` });
        const findings = validateContract({ workload: composeWorkload(), env }).findings;
        assert.ok(findings.some((f) => f.path === "env.signingKey" && f.severity === "error"));
    });

    it("reads attestation records whose line holds a long run of spaces", () => {
        const line = `${"ab".repeat(32)} name${" ".repeat(MiB)}x`;
        assert.equal(parseAttestationRecords(line).entries[0].name, `name${" ".repeat(MiB)}x`);
    });

    it("reads a compose .env whose value holds a long run of spaces", () => {
        const archive = archiveFiles([
            {
                name: "docker-compose.yaml",
                content: composeFile({ web: "nginx@sha256:" + "a".repeat(64) }),
            },
            { name: ".env", content: `MODE=a${" ".repeat(MiB)}b #comment\n` },
        ]);
        const analysis = analyzeCompose(archive.base64);
        assert.equal(analysis.archiveDefaults.MODE, `a${" ".repeat(MiB)}b`);
    });

    it("reads a pod template of many unclosed actions", () => {
        const text = "{{ ".repeat(MiB / 3);
        assert.equal(isTemplated(text), false);
        assert.deepEqual(templateReferences(text), []);
        assert.deepEqual(templateReferences(`{{ .Env.A${" ".repeat(MiB)}x }}`), ["A"]);
    });
});
