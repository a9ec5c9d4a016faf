/**
 * The effective view: what the enclave sees once it overlays the workload and env sections.
 * Variables and registry credentials merge per key with the workload taking precedence;
 * volumes join, each key needing both halves.
 */
import { joinPath } from "../findings";
import { stringMap } from "./workload-analysis";
import type { WorkloadFacts, WorkloadVolumeFacts } from "./workload-facts";
import { getOwn, putOwn } from "./own-keys";
import { isMapping } from "./yaml-text";

/** Which section a merged value comes from. */
export type Source = "workload" | "env";

/** One variable of the merged environment. */
export interface VariableView {
    readonly name: string;
    /** The section whose value wins. */
    readonly source: Source;
    /** The merged value; undefined where the workload withholds it (a sealed workload). */
    readonly value?: string;
    /** Whether env also sets it, and is overridden. */
    readonly shadowsEnv: boolean;
}

/** One registry's credentials in the merged `auths` (never the password). */
export interface CredentialView {
    readonly host: string;
    readonly source: Source;
    readonly shadowsEnv: boolean;
}

/** The env half of a volume, as far as the review needs it (seeds never leave the section). */
export interface EnvVolumeFacts {
    readonly hasSeed: boolean;
    readonly hasPreviousSeed: boolean;
    readonly uvSecretId?: string;
    readonly volumeID?: string;
    readonly volumeName?: string;
    readonly kmsEntries: number;
}

/** One volume key with its two halves. */
export interface VolumeView {
    readonly key: string;
    readonly workload?: WorkloadVolumeFacts;
    readonly env?: EnvVolumeFacts;
}

/** A deployer value hidden by the workload's. */
export interface ShadowedKey {
    readonly kind: "variable" | "credential";
    readonly key: string;
    /** The path of the env value that is ignored. */
    readonly path: string;
}

/** What the enclave sees after the overlay. */
export interface EffectiveView {
    readonly variables: Readonly<Record<string, VariableView>>;
    readonly credentials: Readonly<Record<string, CredentialView>>;
    readonly volumes: Readonly<Record<string, VolumeView>>;
    readonly shadowed: readonly ShadowedKey[];
}

/**
 * Overlays a workload's facts and a plain env section.
 *
 * @param facts The workload's facts (from analysis, or a sealed workload's manifest).
 * @param env The plain env section; undefined when it is unknown or encrypted.
 */
export function overlaySections(
    facts: WorkloadFacts,
    env: Readonly<Record<string, unknown>> | undefined,
): EffectiveView {
    const envVars = stringMap(env?.env);
    const variables: Record<string, VariableView> = {};
    const shadowed: ShadowedKey[] = [];
    for (const [name, value] of Object.entries(envVars)) {
        putOwn(variables, name, { name, source: "env", value, shadowsEnv: false });
    }
    for (const [name, value] of Object.entries(facts.env)) {
        const shadowsEnv = Object.hasOwn(envVars, name);
        putOwn(
            variables,
            name,
            value === undefined
                ? { name, source: "workload", shadowsEnv }
                : { name, source: "workload", value, shadowsEnv },
        );
        if (shadowsEnv)
            shadowed.push({ kind: "variable", key: name, path: joinPath("env", "env", name) });
    }
    const envAuths = isMapping(env?.auths) ? Object.keys(env.auths) : [];
    const credentials: Record<string, CredentialView> = {};
    for (const host of envAuths)
        putOwn(credentials, host, { host, source: "env", shadowsEnv: false });
    for (const host of facts.authHosts) {
        const shadowsEnv = envAuths.includes(host);
        putOwn(credentials, host, { host, source: "workload", shadowsEnv });
        if (shadowsEnv)
            shadowed.push({ kind: "credential", key: host, path: joinPath("env", "auths", host) });
    }
    const volumes: Record<string, VolumeView> = {};
    const envVolumes = isMapping(env?.volumes) ? env.volumes : {};
    for (const [key, workload] of Object.entries(facts.volumes))
        putOwn(volumes, key, { key, workload });
    for (const [key, value] of Object.entries(envVolumes)) {
        putOwn(volumes, key, { ...getOwn(volumes, key), key, env: envVolumeFacts(value) });
    }
    return { variables, credentials, volumes, shadowed };
}

function envVolumeFacts(value: unknown): EnvVolumeFacts {
    const v = isMapping(value) ? value : {};
    const text = (x: unknown) => (typeof x === "string" ? x : undefined);
    return {
        hasSeed: typeof v.seed === "string" && v.seed.length > 0,
        hasPreviousSeed: typeof v.previousSeed === "string" && v.previousSeed.length > 0,
        uvSecretId: text(v["uv-secret-id"]),
        volumeID: text(v.volumeID),
        volumeName: text(v.volumeName),
        kmsEntries: Array.isArray(v.kms) ? v.kms.length : 0,
    };
}

/**
 * The merged value of a variable as the workload's tools resolve it: the merged env first,
 * then a compose archive's `.env` file.
 *
 * @returns the value; `null` when the variable is set but its value withheld; undefined when
 *   unset.
 */
export function lookupVariable(
    view: EffectiveView,
    facts: WorkloadFacts,
    name: string,
): string | null | undefined {
    const variable = getOwn(view.variables, name);
    if (variable) return variable.value ?? null;
    if (Object.hasOwn(facts.archiveDefaults, name)) return facts.archiveDefaults[name] ?? null;
    return undefined;
}
