/**
 * The workload section, written by the workload provider: what runs (exactly one of compose,
 * play and confidential-containers), with which credentials, image keys, volumes and
 * variables. One schema per platform; HPVS and CCRT share IBM's schema 1.0.116.
 */

import { z } from "zod";
import { platformInfo, type Platform, type WorkloadKind } from "../platform";
import { authsSchema } from "./auths";
import { archiveSchema, envVariablesSchema } from "./common";
import {
    confidentialContainersSchema,
    freeFormConfidentialContainersSchema,
} from "./confidential-containers";
import { imagesSchema } from "./images";
import { kubernetesDocumentSchema } from "./kubernetes";
import { has, oneOfRequired, withRules, type ObjectRule, exactlyOneOf } from "./refinements";
import { workloadVolumesSchema } from "./volumes";

/** A Docker Compose workload: an archive holding `docker-compose.yaml` (or `.yml`). */
export const composeSchema = z
    .strictObject({
        archive: archiveSchema.describe(
            "The base64 of a tar.gz holding docker-compose.yaml or docker-compose.yml at its top.",
        ),
    })
    .describe("A Docker Compose workload.");

/** A Docker Compose workload. */
export type Compose = z.input<typeof composeSchema>;

const documents = z.array(kubernetesDocumentSchema);

/** A Podman workload of Pod and ConfigMap documents, given in any of three ways. */
export const playSchema = z
    .strictObject({
        resources: documents.describe("Pod and ConfigMap documents, used as written.").optional(),
        templates: documents
            .describe("Pod and ConfigMap documents rendered as Go templates over {{ .Env }}.")
            .optional(),
        archive: archiveSchema
            .describe("The base64 of a tar.gz holding Pod and ConfigMap files at its top.")
            .optional(),
    })
    .describe("A Podman (play kube) workload of Pods and ConfigMaps.");

/** A Podman workload of Pods and ConfigMaps. */
export type Play = z.input<typeof playSchema>;

const ALL_KINDS: readonly WorkloadKind[] = ["compose", "play", "confidential-containers"];

/**
 * Exactly one workload kind, among those the platform runs. A kind the platform lacks is
 * declared `never` in its schema, and that issue is the one reported for it.
 */
function workloadKindRule(platform: Platform): ObjectRule {
    const kinds = platformInfo(platform).workloadKinds;
    const oneKind = exactlyOneOf(kinds, "WORKLOAD_KIND");
    return (value, report) => {
        if (!ALL_KINDS.some((kind) => !kinds.includes(kind) && has(value, kind))) {
            oneKind(value, report);
        }
    };
}

const common = {
    type: z.literal("workload").describe("Marks the workload section."),
    auths: authsSchema.optional(),
    images: imagesSchema.optional(),
    volumes: workloadVolumesSchema
        .describe("The workload's side of each encrypted data volume, by volume key.")
        .optional(),
    env: envVariablesSchema.optional(),
};

function section<T extends z.ZodType>(platform: Platform, shape: T): T {
    const info = platformInfo(platform);
    return withRules(shape, workloadKindRule(platform))
        .meta(oneOfRequired(info.workloadKinds))
        .describe(`The workload section of a contract for ${info.title} (${platform}).`);
}

const unavailable = z.never().describe("Not available on this platform.").optional();

/** The workload section on Hyper Protect Virtual Servers for VPC. */
export const hpvsWorkloadSchema = section(
    "hpvs",
    z.object({
        ...common,
        compose: composeSchema.optional(),
        play: playSchema.optional(),
        "confidential-containers": freeFormConfidentialContainersSchema.optional(),
    }),
);

/** The workload section on HPVS. */
export type HpvsWorkload = z.input<typeof hpvsWorkloadSchema>;

/** The workload section on the Confidential Computing Container Runtime. */
export const ccrtWorkloadSchema = section(
    "ccrt",
    z.object({
        ...common,
        compose: composeSchema.optional(),
        play: playSchema.optional(),
        "confidential-containers": freeFormConfidentialContainersSchema.optional(),
    }),
);

/** The workload section on CCRT. */
export type CcrtWorkload = z.input<typeof ccrtWorkloadSchema>;

/** The workload section on CCRT for Red Hat Virtualization Solutions: no compose. */
export const ccrvWorkloadSchema = section(
    "ccrv",
    z.object({
        ...common,
        compose: unavailable,
        play: playSchema.optional(),
        "confidential-containers": freeFormConfidentialContainersSchema.optional(),
    }),
);

/** The workload section on CCRV. */
export type CcrvWorkload = z.input<typeof ccrvWorkloadSchema>;

/** The workload section on Confidential Computing Containers for OpenShift. */
export const cccoWorkloadSchema = section(
    "ccco",
    z.object({
        ...common,
        compose: composeSchema.optional(),
        play: playSchema.optional(),
        "confidential-containers": confidentialContainersSchema.optional(),
    }),
);

/** The workload section on CCCO. */
export type CccoWorkload = z.input<typeof cccoWorkloadSchema>;

/** A workload section for any platform. */
export type Workload = HpvsWorkload | CcrtWorkload | CcrvWorkload | CccoWorkload;

/** The workload section schema of each platform. */
export const WORKLOAD_SCHEMAS = {
    hpvs: hpvsWorkloadSchema,
    ccrt: ccrtWorkloadSchema,
    ccrv: ccrvWorkloadSchema,
    ccco: cccoWorkloadSchema,
} as const satisfies Record<Platform, z.ZodType>;
