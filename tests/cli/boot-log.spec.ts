/**
 * `hpcr-contract boot-log`: a serial console log explained, with the contract's findings.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { CANARY, composeWorkload, envSection } from "../support/contracts";
import { scratch } from "../support/tools";
import { runCli } from "./context";

const FAILED = [
    "[   11.4] hpcr-loader: HPL11099I: boot loader finished",
    "[   15.3] hpcr-image: HPL06010E: image web cannot be verified",
    "[   15.4] hpcr-service-status: HPL10000E: one or more services failed; shutdown",
].join("\n");

describe("hpcr-contract boot-log", function () {
    let dir: string;
    let remove: () => void;

    before(() => {
        ({ dir, remove } = scratch());
        // The contract the enclave booted from: its image is not pinned by digest.
        const contract = {
            workload: YAML.stringify(composeWorkload({ web: "us.icr.io/team/app:latest" })),
            env: YAML.stringify(envSection()),
        };
        fs.writeFileSync(path.join(dir, "contract.yaml"), YAML.stringify(contract));
    });
    after(() => remove());

    it("explains each message and exits 1 for a boot that failed", async () => {
        const r = await runCli(["boot-log", "--in", "-"], { stdin: FAILED, cwd: dir });
        assert.equal(r.code, 1);
        const lines = r.stdout.split("\n");
        assert.match(lines[0], /^the boot failed/);
        assert.ok(lines.includes("line 1: HPL11099I notice in boot loader: boot loader finished"));
        assert.ok(
            lines.includes(
                "line 2: HPL06010E failure in image service (compose): compose image can be neither verified nor trusted by digest",
            ),
        );
        assert.match(r.stdout, /checks that foresee it: .*IMAGE_NOT_PINNED/);
        assert.doesNotMatch(r.stdout, /in the contract:/);
    });

    it("names the findings of the contract that explain a failure, secrets withheld", async () => {
        const r = await runCli(["boot-log", "--in", "-", "--contract", "contract.yaml"], {
            stdin: FAILED,
            cwd: dir,
        });
        assert.equal(r.code, 1);
        assert.match(
            r.stdout,
            /in the contract: error IMAGE_NOT_PINNED workload\.compose\.archive\["docker-compose\.yaml"\]\.services\.web\.image: .*\(enclave: HPL06010E\)/,
        );
        assert.ok(!r.stdout.includes(CANARY.iamApiKey));
    });

    it("exits 0 for a boot that started, and gives the report as JSON", async () => {
        const started = `${FAILED}\nreboot\nHPL10001I: all relevant services started\n`;
        const r = await runCli(["boot-log", "--in", "-", "--format", "json"], {
            stdin: started,
            cwd: dir,
        });
        assert.equal(r.code, 0, r.stderr.join("\n"));
        const report = JSON.parse(r.stdout);
        assert.equal(report.verdict, "started");
        assert.deepEqual(
            report.entries.map((e: { code: string }) => e.code),
            ["HPL11099I", "HPL06010E", "HPL10000E", "HPL10001I"],
        );
        assert.equal(report.entries[1].message.foresight, "yes");
    });
});
