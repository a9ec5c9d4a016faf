import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runProgram, type ResourceState, type RunResult } from "../support/engine";
import { programFolder, type ProgramFolder } from "../support/program";
import { REPO_ROOT } from "../support/vectors";
import { requireCommand, run } from "../provider/onprem/judges";

const SDK = path.join(REPO_ROOT, "node_modules/@pulumi/pulumi");
const USER_DATA = "env: hyper-protect-basic.canary-user-data-0001\nworkload: x\n";

/** A program that builds one guest from user data given as config, for a run on the KVM host. */
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const hp = require("pulumi-hyper-protect");
const config = new pulumi.Config();
const both = config.getBoolean("both");
const guest = new hp.KvmGuest("web1", {
    userData: config.requireSecret("userData"),
    contract: both ? {} : undefined,
    memoryMiB: 2048,
    vcpus: 2,
    bootDisk: "/var/lib/libvirt/images/web1-boot.qcow2",
    networks: [{ bridge: "br0" }],
});
exports.domainXml = guest.domainXml;
exports.isoPath = guest.isoPath;
exports.isoVolumeName = guest.isoVolumeName;
exports.warnings = guest.warnings;
`;

describe("KvmGuest", () => {
    let program: ProgramFolder;
    const state = new Map<string, ResourceState>();
    const up = (config: Record<string, string> = {}) =>
        runProgram({
            programDir: program.dir,
            entry: "index.js",
            project: "guest",
            stack: "dev",
            sdkRoot: SDK,
            state,
            config: { "guest:userData": USER_DATA, ...config },
            secretKeys: ["guest:userData"],
        });

    let first: RunResult;
    before(async () => {
        program = programFolder();
        fs.writeFileSync(path.join(program.dir, "index.js"), PROGRAM);
        first = await up();
    });
    after(() => program?.remove());

    it("without a pool, points the guest at the ISO file it wrote, with its fingerprint", async function () {
        requireCommand(this, "xmllint", "libxml2-utils");
        requireCommand(this, "isoinfo", "genisoimage");
        const r = first;
        assert.equal(r.exitCode, 0, r.output);
        const iso = path.join(program.dir, "build", "web1-cidata.iso");
        assert.equal(r.outputs.isoPath, iso);
        assert.match(String(r.outputs.isoVolumeName), /^web1-cidata-[0-9a-f]{16}\.iso$/);
        const file = path.join(program.dir, "guest.xml");
        fs.writeFileSync(file, String(r.outputs.domainXml));
        const xpath = (expr: string) =>
            run("xmllint", ["--xpath", expr, file]).toString().replace(/\n$/, "");
        assert.equal(xpath("string(//disk[target/@dev='vdb']/source/@file)"), iso);
        const fingerprint = xpath("string(/domain/metadata/*/@fingerprint)");
        assert.ok(String(r.outputs.isoVolumeName).includes(fingerprint.slice(0, 16)));
        assert.equal(
            run("isoinfo", ["-R", "-x", "/meta-data", "-i", iso]).toString(),
            "local-hostname: web1\n",
        );
    });

    it("passes on the guest's warnings, with the enclave's code", () => {
        assert.deepEqual(first.outputs.warnings, [
            "warning DOMAIN_MEMORY memoryMiB: is below 4096; the enclave stops at boot with less than 4 GiB, so give it at least 4096 (enclave: HPL11003E)",
        ]);
    });

    it("refuses both a contract and user data", async () => {
        const r = await up({ "guest:both": "true" });
        assert.notEqual(r.exitCode, 0);
        assert.match(
            r.output + r.messages.join("\n"),
            /KvmGuest: give exactly one of contract and userData/,
        );
    });
});
