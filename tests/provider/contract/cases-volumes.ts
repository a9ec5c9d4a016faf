/**
 * Rule cases for data volumes: seeds, the pairing of the two halves, mount points, volume
 * references and key-service entries.
 */
import { CANARY, composeWorkload, envSection } from "../../support/contracts";
import type { RuleCase } from "./rule-cases";

const seeded = (extra: Record<string, unknown> = {}) =>
    composeWorkload(undefined, { volumes: { data: { seed: CANARY.workloadSeed, ...extra } } });
const envSeeded = (extra: Record<string, unknown> = {}) =>
    envSection({ volumes: { data: { seed: CANARY.envSeed, ...extra } } });
const kms = (service: string) => [
    {
        apiKey: CANARY.iamApiKey,
        crn: `crn:v1:bluemix:public:${service}:us-south:a/0123456789abcdef:4a5b6c7d-0000-0000-0000-000000000000:key:9f8e7d6c-0000-0000-0000-000000000000`,
    },
];

/** Volumes a and b on their own mounts, found by the volume IDs given. */
const twoVolumes = (a: string, b: string) => ({
    workload: composeWorkload(undefined, {
        volumes: {
            a: { seed: CANARY.workloadSeed, mount: "/mnt/a" },
            b: { seed: CANARY.workloadSeed, mount: "/mnt/b" },
        },
    }),
    env: envSection({
        volumes: {
            a: { seed: CANARY.envSeed, volumeID: a },
            b: { seed: CANARY.envSeed, volumeID: b },
        },
    }),
});

/** The volume rules. */
export const VOLUME_CASES: readonly RuleCase[] = [
    {
        rule: "a seed must have 15 characters of the allowed set",
        failing: {
            workload: composeWorkload(undefined, { volumes: { data: { seed: "short" } } }),
            env: envSeeded(),
        },
        expect: { code: "SEED_INVALID", path: "workload.volumes.data.seed", hpl: "HPL07001E" },
        passing: {
            workload: seeded(),
            env: envSeeded(),
        },
    },
    {
        rule: "a seed may not hold spaces",
        failing: {
            workload: seeded(),
            env: envSection({ volumes: { data: { seed: "fifteen chars or more" } } }),
        },
        expect: { code: "SEED_INVALID", path: "env.volumes.data.seed", hpl: "HPL07001E" },
        passing: {
            workload: seeded(),
            env: envSeeded(),
        },
    },
    {
        rule: "every workload volume needs its env half",
        failing: {
            workload: seeded(),
            env: envSection(),
        },
        expect: { code: "VOLUME_UNPAIRED", path: "env.volumes.data", hpl: "HPL07015E" },
        passing: {
            workload: seeded(),
            env: envSeeded(),
        },
    },
    {
        rule: "a seed rotation must change the seed",
        failing: {
            workload: seeded({ previousSeed: CANARY.workloadSeed }),
            env: envSeeded(),
        },
        expect: {
            code: "SEED_UNCHANGED",
            path: "workload.volumes.data.previousSeed",
            hpl: "HPL02125E",
        },
        passing: {
            workload: seeded({ previousSeed: "olderWorkloadSeed00" }),
            env: envSeeded(),
        },
    },
    {
        rule: "two volumes cannot share a mount point",
        failing: {
            workload: composeWorkload(undefined, {
                volumes: { a: { seed: CANARY.workloadSeed }, b: { seed: CANARY.workloadSeed } },
            }),
            env: envSection({
                volumes: { a: { seed: CANARY.envSeed }, b: { seed: CANARY.envSeed } },
            }),
        },
        expect: {
            code: "VOLUME_MOUNT_DUPLICATE",
            path: "workload.volumes.b.mount",
            hpl: "HPL02007E",
        },
        passing: {
            workload: composeWorkload(undefined, {
                volumes: {
                    a: { seed: CANARY.workloadSeed },
                    b: { seed: CANARY.workloadSeed, mount: "/mnt/b" },
                },
            }),
            env: envSection({
                volumes: { a: { seed: CANARY.envSeed }, b: { seed: CANARY.envSeed } },
            }),
        },
    },
    {
        rule: "every env volume needs its workload half",
        failing: { workload: composeWorkload(), env: envSeeded() },
        expect: { code: "VOLUME_UNPAIRED", path: "env.volumes.data", hpl: "HPL07015E" },
        passing: { workload: seeded(), env: envSeeded() },
    },
    {
        rule: "each half of a volume has its seed",
        failing: {
            workload: composeWorkload(undefined, { volumes: { data: { mount: "/mnt/data" } } }),
            env: envSeeded(),
        },
        expect: { code: "SEED_MISSING", path: "workload.volumes.data.seed", hpl: "HPL07001E" },
        passing: { workload: seeded({ mount: "/mnt/data" }), env: envSeeded() },
    },
    {
        rule: "a mount point is an absolute path without a trailing slash",
        failing: { workload: seeded({ mount: "/mnt/data/" }), env: envSeeded() },
        expect: {
            code: "VOLUME_MOUNT_INVALID",
            path: "workload.volumes.data.mount",
            hpl: "HPL07002E",
        },
        passing: { workload: seeded({ mount: "/mnt/data" }), env: envSeeded() },
    },
    {
        rule: "a mount point has no . or .. segments",
        failing: { workload: seeded({ mount: "/mnt/../etc" }), env: envSeeded() },
        expect: {
            code: "VOLUME_MOUNT_INVALID",
            path: "workload.volumes.data.mount",
            hpl: "HPL07002E",
        },
        passing: { workload: seeded({ mount: "/mnt/.data" }), env: envSeeded() },
    },
    {
        rule: "two volume keys cannot name the same volume",
        failing: twoVolumes("r006-1111", "r006-1111"),
        expect: {
            code: "VOLUME_REFERENCE_DUPLICATE",
            path: "env.volumes.b.volumeID",
            hpl: "HPL02123E",
        },
        passing: twoVolumes("r006-1111", "r006-2222"),
    },
    {
        rule: "a kms entry names a Hyper Protect Crypto Services root key",
        failing: { workload: seeded(), env: envSeeded({ kms: kms("kms") }) },
        expect: {
            code: "KMS_INVALID",
            path: "env.volumes.data.kms[0].crn",
            hpl: "HPL07010E",
        },
        passing: { workload: seeded(), env: envSeeded({ kms: kms("hs-crypto") }) },
    },
];
