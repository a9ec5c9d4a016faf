/**
 * The env section, written by the deployer: logging, the deployer's side of the volumes, the
 * signing key, variables and credentials that the workload's values take precedence over.
 */

import { z } from "zod";
import { platformInfo, type Platform } from "../platform";
import { authsSchema } from "./auths";
import { envVariablesSchema } from "./common";
import {
    envConfidentialContainersSchema,
    freeFormConfidentialContainersSchema,
    hostAttestationSchema,
} from "./confidential-containers";
import { expecting } from "./expectations";
import { signingKeySchema } from "./keys";
import { cccoLoggingSchema, loggingSchema } from "./logging";
import { TGZ } from "./patterns";
import { cccoEnvVolumesSchema, envVolumesSchema } from "./volumes";

/** Extra CA certificates by name; IBM's schema allows a single entry. */
export const cacertsSchema = expecting(
    z
        .array(
            z.record(
                z.string(),
                expecting(
                    z.string().min(4).regex(TGZ).describe("The base64 of a CA certificate."),
                    "the base64 of a CA certificate on one line",
                ),
            ),
        )
        .max(1)
        .describe("Extra CA certificates by name, such as a private registry's CA."),
    "a list with at most one mapping of names to base64 CA certificates",
);

/** Extra CA certificates by name. */
export type Cacerts = z.input<typeof cacertsSchema>;

const common = {
    type: z.literal("env").describe("Marks the env section."),
    signingKey: signingKeySchema.optional(),
    env: envVariablesSchema.optional(),
    auths: authsSchema.optional(),
    cacerts: cacertsSchema.optional(),
};

const volumesDescription = "The deployer's side of each encrypted data volume, by volume key.";

function describe<T extends z.ZodType>(platform: Platform, schema: T): T {
    const { title } = platformInfo(platform);
    return schema.describe(`The env section of a contract for ${title} (${platform}).`);
}

/** The env section on Hyper Protect Virtual Servers for VPC. */
export const hpvsEnvSchema = describe(
    "hpvs",
    z.object({
        ...common,
        logging: loggingSchema,
        volumes: envVolumesSchema.describe(volumesDescription).optional(),
        "confidential-containers": freeFormConfidentialContainersSchema.optional(),
    }),
);

/** The env section on HPVS. */
export type HpvsEnv = z.input<typeof hpvsEnvSchema>;

/** The env section on the Confidential Computing Container Runtime. */
export const ccrtEnvSchema = describe(
    "ccrt",
    z.object({
        ...common,
        logging: loggingSchema,
        volumes: envVolumesSchema.describe(volumesDescription).optional(),
        "confidential-containers": freeFormConfidentialContainersSchema.optional(),
    }),
);

/** The env section on CCRT. */
export type CcrtEnv = z.input<typeof ccrtEnvSchema>;

/** The env section on CCRT for Red Hat Virtualization Solutions. */
export const ccrvEnvSchema = describe(
    "ccrv",
    z.object({
        ...common,
        logging: loggingSchema,
        volumes: envVolumesSchema.describe(volumesDescription).optional(),
        "confidential-containers": freeFormConfidentialContainersSchema.optional(),
    }),
);

/** The env section on CCRV. */
export type CcrvEnv = z.input<typeof ccrvEnvSchema>;

/** The env section on Confidential Computing Containers for OpenShift: logging optional. */
export const cccoEnvSchema = describe(
    "ccco",
    z.object({
        ...common,
        logging: cccoLoggingSchema.optional(),
        volumes: cccoEnvVolumesSchema.describe(volumesDescription).optional(),
        "confidential-containers": envConfidentialContainersSchema.optional(),
        "host-attestation": hostAttestationSchema.optional(),
    }),
);

/** The env section on CCCO. */
export type CccoEnv = z.input<typeof cccoEnvSchema>;

/** An env section for any platform. */
export type Env = HpvsEnv | CcrtEnv | CcrvEnv | CccoEnv;

/** The env section schema of each platform. */
export const ENV_SCHEMAS = {
    hpvs: hpvsEnvSchema,
    ccrt: ccrtEnvSchema,
    ccrv: ccrvEnvSchema,
    ccco: cccoEnvSchema,
} as const satisfies Record<Platform, z.ZodType>;
