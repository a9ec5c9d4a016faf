import * as assert from "node:assert/strict";
import { effectiveView } from "../../../provider";
import { CANARIES, CANARY, auths, composeWorkload, envSection } from "../../support/contracts";

describe("the overlay the enclave sees", () => {
    const view = effectiveView({
        workload: composeWorkload(undefined, {
            env: { MODE: "strict", REGISTRY: "us.icr.io/provider" },
            auths: auths("us.icr.io"),
            volumes: {
                data: { seed: CANARY.workloadSeed, mount: "/mnt/data", filesystem: "xfs" },
                logs: { seed: CANARY.workloadSeed, mount: "/mnt/logs" },
            },
        }),
        env: envSection({
            env: { REGISTRY: "mirror.example.com", REGION: "eu-de" },
            auths: auths("us.icr.io", "mirror.example.com"),
            volumes: {
                data: { seed: CANARY.envSeed, volumeID: "r006-1111", previousSeed: CANARY.envSeed },
                spare: { seed: CANARY.envSeed, volumeName: "spare" },
            },
        }),
    });

    it("merges variables per name, the workload's value winning", () => {
        const pick = (name: string) => {
            const v = view.variables[name];
            return v && { value: v.value, source: v.source, shadowsEnv: v.shadowsEnv };
        };
        assert.deepEqual(pick("MODE"), { value: "strict", source: "workload", shadowsEnv: false });
        assert.deepEqual(pick("REGION"), { value: "eu-de", source: "env", shadowsEnv: false });
        assert.deepEqual(pick("REGISTRY"), {
            value: "us.icr.io/provider",
            source: "workload",
            shadowsEnv: true,
        });
    });

    it("merges credentials per registry host, the workload's winning, without passwords", () => {
        assert.deepEqual(view.credentials, {
            "us.icr.io": { host: "us.icr.io", source: "workload", shadowsEnv: true },
            "mirror.example.com": { host: "mirror.example.com", source: "env", shadowsEnv: false },
        });
    });

    it("lists the deployer values that the workload hides, and warns about each", () => {
        assert.deepEqual(
            view.shadowed.map((s) => `${s.kind} ${s.path}`),
            ["variable env.env.REGISTRY", 'credential env.auths["us.icr.io"]'],
        );
        const warnings = view.findings
            .filter((f) => f.code === "ENV_SHADOWED" || f.code === "AUTH_SHADOWED")
            .map((f) => `${f.severity} ${f.path}`);
        assert.deepEqual(warnings.sort(), [
            'warning env.auths["us.icr.io"]',
            "warning env.env.REGISTRY",
        ]);
    });

    it("joins volumes: every key of both sides, each field from the side that owns it", () => {
        assert.deepEqual(Object.keys(view.volumes).sort(), ["data", "logs", "spare"]);
        const data = view.volumes.data;
        assert.deepEqual(
            { mount: data.workload?.mount, filesystem: data.workload?.filesystem },
            { mount: "/mnt/data", filesystem: "xfs" },
        );
        assert.deepEqual(
            { volumeID: data.env?.volumeID, hasSeed: data.env?.hasSeed },
            { volumeID: "r006-1111", hasSeed: true },
        );
        assert.equal(view.volumes.logs.env, undefined);
        assert.equal(view.volumes.spare.workload, undefined);
        const unpaired = view.findings.filter((f) => f.code === "VOLUME_UNPAIRED");
        assert.deepEqual(unpaired.map((f) => f.path).sort(), [
            "env.volumes.logs",
            "env.volumes.spare",
        ]);
    });

    it("holds no seed, password or API key", () => {
        const text = JSON.stringify(view);
        for (const canary of CANARIES) assert.ok(!text.includes(canary), canary);
    });
});
