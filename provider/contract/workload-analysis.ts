/**
 * Turning a plain workload section into {@link WorkloadFacts}.
 */
import type { WorkloadKind } from "../platform";
import { analyzeCompose } from "./compose-analysis";
import type { Finding } from "../findings";
import { analyzePlay } from "./play-analysis";
import { imageKeyRules } from "./rules-image-keys";
import type { ImageUse, VariableUse, WorkloadFacts, WorkloadVolumeFacts } from "./workload-facts";
import { putOwn } from "./own-keys";
import { isMapping } from "./yaml-text";

const KINDS: readonly WorkloadKind[] = ["compose", "play", "confidential-containers"];

/** The facts of a plain workload, and the findings its archives and documents gave. */
export interface WorkloadAnalysis {
    readonly facts: WorkloadFacts;
    readonly findings: Finding[];
}

/**
 * Analyses a plain workload section: reads its archives, compose file or pod documents.
 * Shape problems that the schema reports are skipped here, so each problem is reported once.
 */
export function analyzeWorkload(workload: Readonly<Record<string, unknown>>): WorkloadAnalysis {
    const present = KINDS.filter((k) => workload[k] !== undefined);
    const kind = present.length === 1 ? present[0] : undefined;
    const findings: Finding[] = [];
    let images: ImageUse[] = [];
    let variables: VariableUse[] = [];
    let archiveDefaults: Record<string, string> = {};
    if (kind === "compose" && isMapping(workload.compose)) {
        const compose = analyzeCompose(workload.compose.archive);
        ({ images, variables, archiveDefaults } = compose);
        findings.push(...compose.findings);
    } else if (kind === "play") {
        const play = analyzePlay(workload.play);
        ({ images, variables } = play);
        findings.push(...play.findings);
    }
    findings.push(...imageKeyRules(workload.images));
    const images_ = isMapping(workload.images) ? workload.images : {};
    const facts: WorkloadFacts = {
        kind,
        env: stringMap(workload.env),
        authHosts: isMapping(workload.auths) ? Object.keys(workload.auths) : [],
        volumes: volumeFacts(workload.volumes),
        images,
        variables,
        archiveDefaults,
        dctKeys: isMapping(images_.dct) ? Object.keys(images_.dct) : [],
        rhsKeys: isMapping(images_.rhs) ? Object.keys(images_.rhs) : [],
    };
    return { facts, findings };
}

/**
 * An env-variable map as the enclave reads it. Non-string scalars are kept in their YAML text
 * form here; the schema reports them as errors.
 */
export function stringMap(value: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (!isMapping(value)) return out;
    for (const [k, v] of Object.entries(value)) {
        if (v !== null && v !== undefined && typeof v !== "object") putOwn(out, k, String(v));
    }
    return out;
}

function volumeFacts(value: unknown): Record<string, WorkloadVolumeFacts> {
    const out: Record<string, WorkloadVolumeFacts> = {};
    if (!isMapping(value)) return out;
    for (const [key, v] of Object.entries(value)) {
        const volume = isMapping(v) ? v : {};
        putOwn(out, key, {
            mount: typeof volume.mount === "string" ? volume.mount : undefined,
            filesystem: typeof volume.filesystem === "string" ? volume.filesystem : undefined,
            hasSeed: typeof volume.seed === "string" && volume.seed.length > 0,
            hasPreviousSeed:
                typeof volume.previousSeed === "string" && volume.previousSeed.length > 0,
        });
    }
    return out;
}
