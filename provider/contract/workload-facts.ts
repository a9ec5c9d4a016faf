/**
 * What a workload section declares, in the form the rules and the review need: its kind, its
 * variables, credentials, volumes, images and the variables those images are templated with.
 * Built from a plain workload by analysis, or read from a sealed workload's manifest.
 */
import type { WorkloadKind } from "../platform";
import type { VariableReference } from "./interpolation";

/** Where an image reference was written. */
export type ImageOrigin = "compose" | "pod" | "pod-template";

/** One image a workload runs. */
export interface ImageUse {
    /** The reference as written, variables included (`${REGISTRY}/app@sha256:…`). */
    readonly reference: string;
    /** The contract path of the value. */
    readonly path: string;
    /** Where it was written. */
    readonly origin: ImageOrigin;
    /** The Compose service or the pod and container that runs it (`web`, `app/server`). */
    readonly owner: string;
    /** The variables the reference is templated with. */
    readonly variables: readonly string[];
}

/** One variable reference in a compose file or pod template. */
export interface VariableUse {
    /** The reference. */
    readonly reference: VariableReference;
    /** The contract path of the value that holds it. */
    readonly path: string;
    /** Whether it sits in an image reference. */
    readonly inImage: boolean;
    /** Compose interpolation or pod template. */
    readonly origin: "compose" | "pod-template";
}

/** A workload volume's own fields (the seeds stay in the section, never in facts). */
export interface WorkloadVolumeFacts {
    readonly mount?: string;
    readonly filesystem?: string;
    readonly hasSeed: boolean;
    readonly hasPreviousSeed: boolean;
}

/** What a workload declares. Holds no secret value: variable values only where known to be plain. */
export interface WorkloadFacts {
    /** The workload kind, when exactly one is present. */
    readonly kind?: WorkloadKind;
    /**
     * The workload's own variables. The value is undefined where it is withheld (a sealed
     * workload publishes names only).
     */
    readonly env: Readonly<Record<string, string | undefined>>;
    /** The registry hosts the workload holds credentials for. */
    readonly authHosts: readonly string[];
    /** The workload's volumes by key. */
    readonly volumes: Readonly<Record<string, WorkloadVolumeFacts>>;
    /** The images it runs. */
    readonly images: readonly ImageUse[];
    /** Every variable reference in its compose file or pod templates. */
    readonly variables: readonly VariableUse[];
    /** Variables set by a `.env` file at the top of a compose archive (Compose reads it too). */
    readonly archiveDefaults: Readonly<Record<string, string | undefined>>;
    /** The keys of `images.dct`. */
    readonly dctKeys: readonly string[];
    /** The keys of `images.rhs`. */
    readonly rhsKeys: readonly string[];
}

/** Facts of a workload that declares nothing (used where the workload is unknown). */
export const EMPTY_FACTS: WorkloadFacts = {
    env: {},
    authHosts: [],
    volumes: {},
    images: [],
    variables: [],
    archiveDefaults: {},
    dctKeys: [],
    rhsKeys: [],
};
