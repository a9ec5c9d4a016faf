import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { decryptContract } from "../../provider/contract/decrypt";
import { readPrivateKey } from "../../provider/crypto/keys";
import { CANARIES, CANARY } from "../support/contracts";
import { installIbmDouble } from "../support/ibm-double";
import { testIdentity } from "../support/keys";
import type { MockRegistration, MockReport } from "../support/mock-runner";
import { compileInto, programFolder, type ProgramFolder } from "../support/program";
import { REPO_ROOT } from "../support/vectors";
import { createPki, type TestPki } from "../provider/trust/pki";

const SDK = path.join(REPO_ROOT, "node_modules/@pulumi/pulumi");
const RUNNER = path.join(__dirname, "../support/mock-runner.js");
const CONTRACT = "pulumi-nodejs:dynamic/hyper-protect:Contract";

/** An example compiled into a program folder, run under mocks in a process of its own. */
async function runUnderMocks(
    program: ProgramFolder,
    example: string,
    config: Record<string, string>,
    secretKeys: string[],
): Promise<MockReport> {
    const entry = compileInto(program, path.join(REPO_ROOT, "examples", example, "index.ts"));
    const project = YAML.parse(
        fs.readFileSync(path.join(REPO_ROOT, "examples", example, "Pulumi.yaml"), "utf8"),
    ).name;
    const prefixed = (key: string) => `${project}:${key}`;
    let out = "";
    const code = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [RUNNER, entry], {
            cwd: program.dir,
            env: {
                ...process.env,
                PULUMI_PROJECT: project,
                PULUMI_STACK: "dev",
                PULUMI_CONFIG: JSON.stringify(
                    Object.fromEntries(Object.entries(config).map(([k, v]) => [prefixed(k), v])),
                ),
                PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys.map(prefixed)),
            },
            stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (b) => (out += String(b)));
        child.stderr.on("data", (b) => (out += String(b)));
        child.on("exit", resolve);
    });
    assert.equal(code, 0, out);
    return JSON.parse(out.trim().split("\n").pop()!) as MockReport;
}

const one = (report: MockReport, type: string): MockRegistration => {
    const found = report.registrations.filter((r) => r.type === type);
    assert.equal(found.length, 1, `${type}: ${report.registrations.map((r) => r.type)}`);
    return found[0];
};

/** The checks every example's instance must pass. */
async function assertInstanceGetsSecretContract(
    report: MockReport,
    instanceType: string,
    enclaveKey: string,
) {
    const contract = one(report, CONTRACT);
    const instance = one(report, instanceType);
    const userData = contract.state.userData;
    // The mock answered the contract in clear: the secrecy below comes from the SDK itself.
    assert.equal(typeof userData, "string");
    assert.equal(instance.inputs.userData, userData);
    assert.ok(instance.secretInputs.includes("userData"), String(instance.secretInputs));
    for (const input of ["workload", "env"]) assert.ok(contract.secretInputs.includes(input));
    const open = JSON.stringify(report.outputs);
    for (const canary of CANARIES) assert.ok(!open.includes(canary), canary);
    return {
        contract,
        instance,
        plain: await decryptContract(String(userData), readPrivateKey(enclaveKey)),
    };
}

describe("the examples under pulumi.runtime.setMocks, each wired to its instance", function () {
    let certificate: string;
    let enclaveKey: string;

    before(async () => {
        ({ certificate, privateKey: enclaveKey } = await testIdentity());
    });

    describe("openstack-ccrv", () => {
        let pki: TestPki;
        let program: ProgramFolder;
        let report: MockReport;

        before(async () => {
            pki = createPki();
            program = programFolder(SDK, ["@pulumi/openstack"]);
            report = await runUnderMocks(
                program,
                "openstack-ccrv",
                {
                    encryptionCertificate: certificate,
                    podsFolder: path.join(REPO_ROOT, "examples/openstack-ccrv/pods"),
                    syslogHostname: "syslog.example.com",
                    syslogServerCertificate: pki.cert("ibm"),
                    syslogClientCertificate: pki.cert("leaf"),
                    syslogClientKey: pki.key("leaf"),
                    registryHost: "registry.example.com",
                    registryUsername: "robot",
                    registryPassword: CANARY.registryPassword,
                    imageFile: "/images/ccrv.qcow2",
                    flavorName: "ccrv.medium",
                    networkName: "enclaves",
                    hypervisorHostname: "kvm-host-1",
                },
                ["registryPassword", "syslogClientKey"],
            );
        });
        after(() => {
            program?.remove();
            pki?.remove();
        });

        it("gives the compute instance the contract as its userData, as a secret", async () => {
            const { plain, contract } = await assertInstanceGetsSecretContract(
                report,
                "openstack:compute/instance:Instance",
                enclaveKey,
            );
            assert.equal(contract.inputs.platform, "ccrv");
            assert.match(String(contract.state.userData), /^env: contract-basic\./);
            const workload = YAML.parse(plain.workload!);
            const pods = one(report, "pulumi-nodejs:dynamic/hyper-protect:ComposeArchive");
            assert.equal(workload.play.archive, pods.inputs.base64);
            assert.equal(YAML.parse(plain.env!).logging.syslog.hostname, "syslog.example.com");
        });

        it("boots the uploaded CCRV image in Secure Execution, pinned to the hypervisor asked for", () => {
            const image = one(report, "openstack:images/image:Image");
            const properties = image.inputs.properties as Record<string, string>;
            assert.equal(properties.secure_execution, "True");
            assert.equal(properties.architecture, "s390x");
            const instance = one(report, "openstack:compute/instance:Instance");
            assert.equal(instance.inputs.imageId, "ccrv-image-id");
            assert.deepEqual(instance.inputs.schedulerHints, [
                { queries: ['["=","$hypervisor_hostname","kvm-host-1"]'] },
            ]);
        });

        it("exports what attestation and review need, in clear, and nothing secret", () => {
            assert.equal(report.outputs.userDataSha256.secret, false);
            assert.match(String(report.outputs.userDataSha256.value), /^[0-9a-f]{64}$/);
            assert.equal(report.outputs.review.secret, false);
            assert.ok(!JSON.stringify(report.outputs).includes("PRIVATE KEY"));
        });
    });

    describe("vpc", () => {
        let program: ProgramFolder;
        let report: MockReport;

        before(async () => {
            program = programFolder(SDK);
            // The generated IBM package cannot be produced here: a double registers the
            // same type tokens.
            installIbmDouble(program.dir);
            report = await runUnderMocks(
                program,
                "vpc",
                {
                    encryptionCertificate: certificate,
                    composeFolder: path.join(REPO_ROOT, "examples/vpc/compose"),
                    logHostname: "logs.example.com",
                    logApiKey: CANARY.iamApiKey,
                    registryApiKey: CANARY.registryPassword,
                    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample demo",
                    imageId: "r006-hyper-protect-image",
                },
                ["logApiKey", "registryApiKey"],
            );
        });
        after(() => program?.remove());

        it("gives the VPC instance the contract as its userData, as a secret", async () => {
            const { plain, contract } = await assertInstanceGetsSecretContract(
                report,
                "ibm:index/isInstance:IsInstance",
                enclaveKey,
            );
            assert.equal(contract.inputs.platform, "hpvs");
            assert.match(String(contract.state.userData), /^env: hyper-protect-basic\./);
            assert.deepEqual(Object.keys(YAML.parse(plain.env!).auths), ["us.icr.io"]);
        });

        it("places the instance in the VPC's subnet, with the SSH key VPC insists on", () => {
            const instance = one(report, "ibm:index/isInstance:IsInstance");
            assert.equal(instance.inputs.vpc, "vpc-id");
            assert.deepEqual(instance.inputs.primaryNetworkInterface, { subnet: "subnet-id" });
            assert.deepEqual(instance.inputs.keys, ["ssh-key-id"]);
            assert.equal(instance.inputs.image, "r006-hyper-protect-image");
        });
    });
});
