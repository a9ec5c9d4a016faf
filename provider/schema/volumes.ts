/**
 * Encrypted data volumes. Each volume key appears in both sections: the workload side says
 * where and how to mount the volume, the env side how to find it and where the deployer's half
 * of the passphrase comes from. The two seeds are combined into the LUKS passphrase.
 */

import { z } from "zod";
import { expecting, matching } from "./expectations";
import {
    BASE64_MATERIAL,
    BASE64_MATERIAL_OR_MASKED,
    GREP11_ADDRESS,
    KMS_CRN,
    MOUNT,
    SEED,
    UV_SECRET_ID,
    VOLUME_KEY,
} from "./patterns";
import { exactlyOneOf, oneOfRequired, requires, withRules } from "./refinements";

const SEED_RULE =
    'at least 15 characters from letters, digits and !@#$%^&*(),.?":{}|<>_-, without spaces';

/** A seed: one half of a volume's passphrase. */
export const seedSchema = expecting(
    z.string().min(15).regex(SEED).describe(`One half of the volume passphrase: ${SEED_RULE}.`),
    SEED_RULE,
);

const previousSeed = expecting(
    z
        .string()
        .min(15)
        .regex(SEED)
        .describe("The seed used before a rotation, so the volume can be reopened and rekeyed."),
    SEED_RULE,
);

/** The key of a volume, the same in both sections. */
export const volumeKeySchema = matching(
    VOLUME_KEY,
    "a volume key of lower-case letters, digits, - and _, starting with a letter or _",
);

/** The workload's side of a volume. */
export const workloadVolumeSchema = z
    .strictObject({
        mount: matching(MOUNT, "an absolute path without a trailing slash, such as /mnt/data")
            .describe("Where the volume is mounted; /mnt/data when left out.")
            .optional(),
        filesystem: z
            .enum(["ext4", "xfs", "btrfs"])
            .describe("The file system created on the volume; ext4 when left out.")
            .optional(),
        seed: seedSchema,
        previousSeed: previousSeed.optional(),
    })
    .describe("The workload's side of an encrypted data volume.");

/** The workload's side of a volume. */
export type WorkloadVolume = z.input<typeof workloadVolumeSchema>;

/** The workload's volumes by key. */
export const workloadVolumesSchema = z.record(volumeKeySchema, workloadVolumeSchema);

/** The workload's volumes by key. */
export type WorkloadVolumes = z.input<typeof workloadVolumesSchema>;

/** One Hyper Protect Crypto Services root key that wraps the volume's third seed. */
export const kmsSchema = z
    .strictObject({
        apiKey: expecting(
            z.string().min(10).describe("An API key with access to the root key."),
            "an API key of at least 10 characters",
        ),
        crn: matching(
            KMS_CRN,
            "the CRN of a root key, crn:v1:bluemix:public:hs-crypto:<region>:…:key:<id>",
        ).describe("The CRN of the root key."),
        type: z
            .enum(["public", "private"])
            .describe("The endpoint type; public when left out.")
            .optional(),
    })
    .describe("A Hyper Protect Crypto Services root key.");

/** A Hyper Protect Crypto Services root key. */
export type Kms = z.input<typeof kmsSchema>;

const kmsList = expecting(
    z
        .array(kmsSchema)
        .min(1)
        .max(5)
        .describe("The current root key first, then up to four earlier ones for migration."),
    "a list of 1 to 5 root keys",
);

const base64Material = matching(BASE64_MATERIAL, "base64 text on one line");

/** A GREP11 server that unwraps the volume key (on-premises). */
export const grep11Schema = z
    .strictObject({
        address: matching(GREP11_ADDRESS, "host:port or IPv4:port").describe(
            "The GREP11 server as host:port.",
        ),
        clientCert: base64Material.describe("The client certificate, base64."),
        clientKey: base64Material.describe("The client private key, base64."),
        caCert: base64Material.describe("The CA certificate of the server, base64."),
        metadata: z.strictObject({
            aesKeyBlob: matching(
                BASE64_MATERIAL_OR_MASKED,
                "base64 text, or asterisks once the enclave consumed the blob",
            ),
            previousaesKeyBlob: matching(
                BASE64_MATERIAL_OR_MASKED,
                "base64 text, or asterisks once the enclave consumed the blob",
            ).optional(),
        }),
    })
    .describe("A GREP11 server that unwraps the volume key.");

/** A GREP11 server that unwraps the volume key. */
export type Grep11 = z.input<typeof grep11Schema>;

const uvSecretId = matching(UV_SECRET_ID, "index-1 to index-8");

const envVolumeLookup = {
    apiKey: expecting(
        z.string().min(10).describe("An API key that may look the volume up by name or ID."),
        "an API key of at least 10 characters",
    ).optional(),
    volumeName: z.string().min(1).describe("The volume's name.").optional(),
    volumeID: z
        .string()
        .min(3)
        .describe("The volume's ID (the VPC volume ID, or the UUID under ICIC).")
        .optional(),
};

const kmsTimeout = expecting(
    z.number().int().min(0).max(20).describe("Minutes to wait for the key service."),
    "a whole number of minutes from 0 to 20",
);

const KEY_SOURCES = ["seed", "uv-secret-id"];

/** The deployer's side of a volume on HPVS, CCRT and CCRV. */
export const envVolumeSchema = withRules(
    z.strictObject({
        seed: seedSchema.optional(),
        previousSeed: previousSeed.optional(),
        "uv-secret-id": uvSecretId
            .describe("The ultravisor secret slot that replaces the seed.")
            .optional(),
        "uv-previous-secret-id": uvSecretId
            .describe("The slot used before a rotation; needs uv-secret-id.")
            .optional(),
        kms: kmsList.optional(),
        grep11: grep11Schema.optional(),
        kmsTimeout: kmsTimeout.optional(),
        ...envVolumeLookup,
    }),
    exactlyOneOf(KEY_SOURCES),
    requires("uv-previous-secret-id", "uv-secret-id"),
)
    .meta({
        ...oneOfRequired(KEY_SOURCES),
        dependencies: { "uv-previous-secret-id": ["uv-secret-id"] },
    })
    .describe("The deployer's side of an encrypted data volume: a seed or an ultravisor slot.");

/** The deployer's side of a volume. */
export type EnvVolume = z.input<typeof envVolumeSchema>;

/** The deployer's side of a volume on CCCO: always a seed, GREP11 and slots are absent. */
export const cccoEnvVolumeSchema = withRules(
    z.strictObject({
        seed: seedSchema,
        previousSeed: previousSeed.optional(),
        kms: kmsList.optional(),
        kmsTimeout: kmsTimeout.optional(),
        ...envVolumeLookup,
    }),
    requires("kmsTimeout", "kms"),
)
    .meta({ dependencies: { kmsTimeout: ["kms"] } })
    .describe("The deployer's side of an encrypted data volume.");

/** The deployer's side of a volume on CCCO. */
export type CccoEnvVolume = z.input<typeof cccoEnvVolumeSchema>;

/** The deployer's volumes by key. */
export const envVolumesSchema = z.record(volumeKeySchema, envVolumeSchema);

/** The deployer's volumes by key on CCCO. */
export const cccoEnvVolumesSchema = z.record(volumeKeySchema, cccoEnvVolumeSchema);
