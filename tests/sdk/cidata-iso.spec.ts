import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { cidataProvider } from "../../provider/dynamic/cidata-provider";
import { buildCidataIso } from "../../provider/onprem/cidata";
import { DIFF, startHost, type ProviderHost } from "../support/host";
import { programFolder, type ProgramFolder } from "../support/program";
import { REPO_ROOT } from "../support/vectors";

const URN = "urn:pulumi:dev::test::pulumi-nodejs:dynamic/hyper-protect:CidataIso::web1-cidata";
const USER_DATA = "env: hyper-protect-basic.canary-user-data-0001\nworkload: x\n";

describe("the CidataIso provider", () => {
    describe("serialized", () => {
        let text: string;
        let containsSecrets: boolean;
        before(async () => {
            ({ text, containsSecrets } = await pulumi.runtime.serializeFunction(
                () => cidataProvider,
                { allowSecrets: true },
            ));
        });
        it("stays small, captures no secret and requires only its handler module", () => {
            assert.ok(text.length < 4096, `${text.length} bytes`);
            assert.equal(containsSecrets, false);
            const requires = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
            assert.deepEqual(
                [...new Set(requires)],
                ["pulumi-hyper-protect/lib/provider/dynamic/cidata-handlers.js"],
            );
            assert.doesNotMatch(text, /\/(work|home|tmp|root|Users)\//);
        });
    });

    describe("in the real provider host", function () {
        let program: ProgramFolder;
        let host: ProviderHost;
        let inputs: Record<string, unknown>;
        let iso: string;

        before(async () => {
            program = programFolder();
            host = await startHost(
                program.dir,
                path.join(REPO_ROOT, "node_modules/@pulumi/pulumi"),
            );
            await host.configure();
            const provider = (
                await pulumi.runtime.serializeFunction(() => cidataProvider, {
                    allowSecrets: true,
                })
            ).text;
            iso = path.join(program.dir, "build", "web1-cidata.iso");
            inputs = {
                __provider: provider,
                resourceName: "web1-cidata",
                providerVersion: "1.0.0",
                path: iso,
                userData: USER_DATA,
                metaData: "local-hostname: web1\n",
            };
        });
        after(() => {
            host?.stop();
            program?.remove();
        });

        it("writes the ISO owner-only on create and finds no change the second time", async () => {
            const checked = await host.check(URN, {}, inputs);
            assert.deepEqual(checked.failures, []);
            const { id, outs } = await host.create(URN, checked.inputs);
            const expected = buildCidataIso({
                userData: USER_DATA,
                metaData: "local-hostname: web1\n",
            });
            assert.ok(fs.readFileSync(iso).equals(expected));
            assert.equal(fs.statSync(iso).mode & 0o777, 0o600);
            assert.equal(outs.path, iso);
            assert.ok(!JSON.stringify(outs).includes("canary-user-data"));
            const same = await host.diff(URN, id, outs, checked.inputs);
            assert.equal(same.changes, DIFF.NONE);
            const changed = await host.diff(URN, id, outs, {
                ...checked.inputs,
                userData: `${USER_DATA}# v2\n`,
            });
            assert.equal(changed.changes, DIFF.SOME);
            assert.deepEqual(changed.replaces, []);
            await host.delete(URN, id, outs);
            assert.equal(fs.existsSync(iso), false);
        });

        it("reports network-config errors as check failures on networkConfig", async () => {
            const r = await host.check(
                URN,
                {},
                {
                    ...inputs,
                    networkConfig:
                        "network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n",
                },
            );
            assert.deepEqual(
                r.failures.map((f) => f.property),
                ["networkConfig.network.ethernets.eth0"],
            );
            assert.match(r.failures[0].reason, /networkConfig\.network\.ethernets\.eth0: /);
        });

        it("logs no secret", () => {
            assert.ok(!host.log().includes("canary-user-data"));
        });
    });
});
