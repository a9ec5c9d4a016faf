import { CANARY, REMOVE } from "./fixtures";
import { runTable, type Row } from "./table";

const E = "env";
const STANDARD = ["hpvs", "ccrt", "ccrv"] as const;

describe("env section schema", () => {
    describe("env volumes", () => {
        const kms = {
            apiKey: CANARY.apiKey,
            crn: "crn:v1:bluemix:public:hs-crypto:us-south:a/1:2:key:3",
        };
        const grep11 = {
            address: "grep11.example.com:9876",
            clientCert: "Q0VSVA==",
            clientKey: "S0VZ",
            caCert: "Q0E=",
            metadata: { aesKeyBlob: "Qk9MQg==" },
        };
        const volume = (entry: Record<string, unknown>, platforms?: Row["platforms"]) => ({
            path: [E, "volumes", "data"],
            value: Object.fromEntries(
                Object.entries({ seed: CANARY.seed, ...entry }).filter(
                    ([, v]) => (v as unknown) !== REMOVE,
                ),
            ),
            platforms,
        });
        runTable([
            { name: "a seed", ...volume({}) },
            {
                name: "a short seed",
                ...volume({ seed: "canary-short" }),
                code: "SEED_INVALID",
                at: "env.volumes.data.seed",
            },
            {
                name: "an ultravisor slot instead of a seed",
                ...volume({ seed: REMOVE, "uv-secret-id": "index-8" }, STANDARD),
            },
            {
                name: "a seed and an ultravisor slot",
                ...volume({ "uv-secret-id": "index-1" }, STANDARD),
                code: "SCHEMA",
                at: "env.volumes.data",
            },
            {
                name: "slot index-9",
                ...volume({ seed: REMOVE, "uv-secret-id": "index-9" }, STANDARD),
                code: "SCHEMA",
                at: "env.volumes.data.uv-secret-id",
            },
            {
                name: "a previous slot without a current one",
                ...volume({ "uv-previous-secret-id": "index-2" }, STANDARD),
                code: "SCHEMA",
                at: "env.volumes.data.uv-previous-secret-id",
            },
            {
                name: "an ultravisor slot",
                ...volume({ seed: REMOVE, "uv-secret-id": "index-1" }, ["ccco"]),
                code: "SCHEMA",
                at: "env.volumes.data.uv-secret-id",
            },
            { name: "one root key", ...volume({ kms: [kms] }) },
            { name: "five root keys", ...volume({ kms: [kms, kms, kms, kms, kms] }) },
            {
                name: "six root keys",
                ...volume({ kms: [kms, kms, kms, kms, kms, kms] }),
                code: "SCHEMA",
                at: "env.volumes.data.kms",
            },
            {
                name: "no root keys",
                ...volume({ kms: [] }),
                code: "SCHEMA",
                at: "env.volumes.data.kms",
            },
            {
                name: "a root key API key of 9 characters",
                ...volume({ kms: [{ ...kms, apiKey: "canary-ak" }] }),
                code: "SCHEMA",
                at: "env.volumes.data.kms[0].apiKey",
            },
            {
                name: "a CRN that names no key",
                ...volume({
                    kms: [{ ...kms, crn: "crn:v1:bluemix:public:hs-crypto:us-south:a/1:2" }],
                }),
                code: "SCHEMA",
                at: "env.volumes.data.kms[0].crn",
            },
            { name: "a private endpoint", ...volume({ kms: [{ ...kms, type: "private" }] }) },
            { name: "kmsTimeout 20", ...volume({ kms: [kms], kmsTimeout: 20 }) },
            {
                name: "kmsTimeout 21",
                ...volume({ kms: [kms], kmsTimeout: 21 }),
                code: "SCHEMA",
                at: "env.volumes.data.kmsTimeout",
            },
            { name: "kmsTimeout without kms", ...volume({ kmsTimeout: 5 }, STANDARD) },
            {
                name: "kmsTimeout without kms",
                ...volume({ kmsTimeout: 5 }, ["ccco"]),
                code: "SCHEMA",
                at: "env.volumes.data.kmsTimeout",
            },
            { name: "a volume API key of 10 characters", ...volume({ apiKey: "canary-ak1" }) },
            {
                name: "a volume API key of 9 characters",
                ...volume({ apiKey: "canary-ak" }),
                code: "SCHEMA",
                at: "env.volumes.data.apiKey",
            },
            { name: "a 3-character volume ID", ...volume({ volumeID: "abc" }) },
            {
                name: "a 2-character volume ID",
                ...volume({ volumeID: "ab" }),
                code: "SCHEMA",
                at: "env.volumes.data.volumeID",
            },
            { name: "a GREP11 endpoint", ...volume({ grep11 }, STANDARD) },
            {
                name: "a GREP11 address without port",
                ...volume({ grep11: { ...grep11, address: "grep11.example.com" } }, STANDARD),
                code: "SCHEMA",
                at: "env.volumes.data.grep11.address",
            },
            {
                name: "a masked AES key blob",
                ...volume({ grep11: { ...grep11, metadata: { aesKeyBlob: "****" } } }, STANDARD),
            },
            {
                name: "a mount on the env side",
                ...volume({ mount: "/mnt/data" }),
                code: "SCHEMA",
                at: "env.volumes.data.mount",
            },
        ]);
    });
});
