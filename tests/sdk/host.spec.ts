import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { blockProvider, contractProvider } from "../../provider/dynamic/providers";
import { UNKNOWN } from "../../provider/dynamic/common";
import { CANARIES, DIGEST, auths, composeWorkload, envSection } from "../support/contracts";
import { pem, rsaPair, testIdentity } from "../support/keys";
import { DIFF, startHost, type ProviderHost } from "../support/host";
import { programFolder, type ProgramFolder } from "../support/program";
import { REPO_ROOT } from "../support/vectors";

const URN = "urn:pulumi:dev::test::pulumi-nodejs:dynamic/hyper-protect:Contract::web";
const TEMPLATED = `\${REGISTRY}/app@${DIGEST}`;

describe("the real provider host", function () {
    let program: ProgramFolder;
    let host: ProviderHost;
    let provider: string;
    let inputs: Record<string, unknown>;

    before(async () => {
        program = programFolder();
        host = await startHost(program.dir, path.join(REPO_ROOT, "node_modules/@pulumi/pulumi"));
        await host.configure();
        provider = (
            await pulumi.runtime.serializeFunction(() => contractProvider, { allowSecrets: true })
        ).text;
        const identity = await testIdentity();
        inputs = {
            __provider: provider,
            resourceName: "web",
            providerVersion: "1.0.0",
            workload: composeWorkload({ web: TEMPLATED }),
            env: envSection({ env: { REGISTRY: "us.icr.io/team" }, auths: auths("us.icr.io") }),
            encryptionCertificate: identity.certificate,
            signingKey: pem(rsaPair(2048)).privateKey,
        };
    });
    after(() => {
        host?.stop();
        program?.remove();
    });

    it("checks: the founding scenario passes, a missing REGISTRY fails on env with its path", async () => {
        const ok = await host.check(URN, {}, inputs);
        assert.deepEqual(ok.failures, []);
        assert.equal(ok.inputs.platform, "hpvs");
        const bad = await host.check(
            URN,
            {},
            { ...inputs, env: envSection({ auths: auths("us.icr.io") }) },
        );
        assert.equal(bad.failures.length, 1);
        assert.equal(bad.failures[0].property, "env.env.REGISTRY");
        assert.match(
            bad.failures[0].reason,
            /^error VARIABLE_UNRESOLVED env\.env\.REGISTRY: .*\(enclave: HPL08004E\)$/,
        );
    });

    it("checks with unknown values as a preview sends them", async () => {
        const r = await host.check(URN, {}, { ...inputs, env: UNKNOWN });
        assert.deepEqual(r.failures, []);
    });

    describe("lifecycle", () => {
        let id: string;
        let outs: Record<string, unknown>;

        before(async () => {
            const checked = (await host.check(URN, {}, inputs)).inputs;
            ({ id, outs } = await host.create(URN, checked));
        });

        it("creates: outputs carry the contract and the provider text", () => {
            assert.ok(id.length > 0);
            assert.match(String(outs.userData), /^env: hyper-protect-basic\./);
            assert.equal(outs.__provider, provider);
        });

        it("diffs: the same inputs give no change", async () => {
            const checked = (await host.check(URN, inputs, inputs)).inputs;
            const d = await host.diff(URN, id, outs, checked);
            assert.equal(d.changes, DIFF.NONE);
        });

        it("diffs: a changed env gives an in-place change, and the log names it", async () => {
            const env = envSection({
                env: { REGISTRY: "mirror.example.com/t" },
                auths: auths("mirror.example.com"),
            });
            const d = await host.diff(URN, id, outs, { ...inputs, env });
            assert.equal(d.changes, DIFF.SOME);
            assert.deepEqual(d.replaces, []);
            await new Promise((r) => setTimeout(r, 50));
            assert.match(
                host.log(),
                /web: env changed; re-encrypting env; workload keeps its token/,
            );
        });

        it("updates: the workload keeps its token", async () => {
            const env = envSection({
                env: { REGISTRY: "mirror.example.com/t" },
                auths: auths("mirror.example.com"),
            });
            const after = await host.update(URN, id, outs, { ...inputs, env });
            assert.equal(
                YAML.parse(String(after.userData)).workload,
                YAML.parse(String(outs.userData)).workload,
            );
        });

        it("reads and deletes", async () => {
            const r = await host.read(URN, id, outs);
            assert.equal(r.id, id);
            await host.delete(URN, id, outs);
        });

        it("logs no secret", () => {
            for (const c of CANARIES) assert.ok(!host.log().includes(c), c);
        });
    });

    it("hosts the building blocks too: a compose archive", async () => {
        const blocks = (
            await pulumi.runtime.serializeFunction(() => blockProvider, { allowSecrets: true })
        ).text;
        const { archiveFiles } = await import("../../provider/archive");
        const archive = archiveFiles([{ name: "docker-compose.yaml", content: "services: {}\n" }]);
        const props = {
            __provider: blocks,
            kind: "compose-archive",
            resourceName: "a",
            providerVersion: "1",
            folder: "x",
            contentHash: archive.tarSha256,
            base64: archive.base64,
        };
        const checked = await host.check(URN, {}, props);
        assert.deepEqual(checked.failures, []);
        const { outs } = await host.create(URN, checked.inputs);
        assert.equal(outs.contentHash, archive.tarSha256);
        const same = await host.diff(URN, "id", outs, checked.inputs);
        assert.equal(same.changes, DIFF.NONE);
    });
});
