/**
 * Rules on data volumes: each key needs both halves, mounts must be plain paths that do not
 * collide, volume references must not collide, a seed rotation must change the seed, and a
 * `kms` entry must name a Hyper Protect Crypto Services key.
 */
import { KMS_CRN, MOUNT } from "../schema/patterns";
import { finding, joinPath, type Finding } from "../findings";
import type { EffectiveView } from "./overlay";
import { isMapping } from "./yaml-text";

/**
 * Volume findings over the joined view. `workload` and `env` are the plain sections where
 * known (for seed rotation checks); `envKnown` says whether env's volumes can be judged.
 */
export function volumeRules(
    view: EffectiveView,
    workload: Readonly<Record<string, unknown>> | undefined,
    env: Readonly<Record<string, unknown>> | undefined,
    envKnown: boolean,
): Finding[] {
    const findings: Finding[] = [];
    const volumes = Object.values(view.volumes);
    if (envKnown) {
        for (const v of volumes) {
            if (v.workload && !v.env) {
                findings.push(
                    finding(
                        "VOLUME_UNPAIRED",
                        "error",
                        joinPath("env", "volumes", v.key),
                        `is missing: the workload declares volume ${v.key}; add env.volumes.${v.key} with the deployer's seed`,
                        "HPL07015E",
                    ),
                );
            } else if (v.env && !v.workload) {
                findings.push(
                    finding(
                        "VOLUME_UNPAIRED",
                        "error",
                        joinPath("env", "volumes", v.key),
                        `has no counterpart in workload.volumes; volume keys must be the same in both sections, so remove it or rename it to a key the workload declares`,
                        "HPL07015E",
                    ),
                );
            }
        }
    }
    for (const v of volumes) {
        const mount = v.workload?.mount;
        if (mount !== undefined && MOUNT.test(mount) && /\/\.\.?(?=\/|$)/.test(mount)) {
            findings.push(
                finding(
                    "VOLUME_MOUNT_INVALID",
                    "error",
                    joinPath("workload", "volumes", v.key, "mount"),
                    "holds a . or .. segment; write the mount point as a plain absolute path such as /mnt/data",
                    "HPL07002E",
                ),
            );
        }
    }
    const mounts = volumes
        .map((v) => ({
            key: v.key,
            mount: v.workload ? (v.workload.mount ?? "/mnt/data") : undefined,
        }))
        .filter((m): m is { key: string; mount: string } => m.mount !== undefined);
    for (let i = 0; i < mounts.length; i++) {
        for (let j = i + 1; j < mounts.length; j++) {
            const [a, b] = [mounts[i], mounts[j]];
            if (
                a.mount === b.mount ||
                b.mount.startsWith(`${a.mount}/`) ||
                a.mount.startsWith(`${b.mount}/`)
            ) {
                findings.push(
                    finding(
                        "VOLUME_MOUNT_DUPLICATE",
                        "error",
                        joinPath("workload", "volumes", b.key, "mount"),
                        `overlaps the mount of volume ${a.key} (${a.mount}); give each volume its own mount point (the default is /mnt/data)`,
                        "HPL02007E",
                    ),
                );
            }
        }
    }
    for (const field of ["volumeID", "volumeName"] as const) {
        const seen = new Map<string, string>();
        for (const v of volumes) {
            const ref = v.env?.[field];
            if (!ref) continue;
            const other = seen.get(ref);
            if (other) {
                findings.push(
                    finding(
                        "VOLUME_REFERENCE_DUPLICATE",
                        "error",
                        joinPath("env", "volumes", v.key, field),
                        `names the same volume as env.volumes.${other}.${field}; each key must name its own volume`,
                        "HPL02123E",
                    ),
                );
            } else {
                seen.set(ref, v.key);
            }
        }
    }
    for (const [section, value] of [
        ["workload", workload],
        ["env", env],
    ] as const) {
        const vols = value && isMapping(value.volumes) ? value.volumes : {};
        for (const [key, v] of Object.entries(vols)) {
            if (isMapping(v) && typeof v.seed === "string" && v.seed === v.previousSeed) {
                findings.push(
                    finding(
                        "SEED_UNCHANGED",
                        "error",
                        joinPath(section, "volumes", key, "previousSeed"),
                        "equals seed, so the rotation would change nothing; put the old seed in previousSeed and the new one in seed, or drop previousSeed",
                        "HPL02125E",
                    ),
                );
            }
        }
    }
    return findings;
}

const HPCS_SERVICE = "hs-crypto";

/** Findings on `env.volumes.*.kms`: each CRN must name a Hyper Protect Crypto Services key. */
export function kmsRules(env: Readonly<Record<string, unknown>> | undefined): Finding[] {
    const findings: Finding[] = [];
    const vols = env && isMapping(env.volumes) ? env.volumes : {};
    for (const [key, v] of Object.entries(vols)) {
        if (!isMapping(v) || !Array.isArray(v.kms)) continue;
        v.kms.forEach((entry, i) => {
            const crn = isMapping(entry) ? entry.crn : undefined;
            // A CRN that breaks the schema's pattern is reported by the schema.
            if (typeof crn !== "string" || !KMS_CRN.test(crn)) return;
            const service = crn.split(":")[4];
            if (service === HPCS_SERVICE) return;
            findings.push(
                finding(
                    "KMS_INVALID",
                    "error",
                    joinPath("env", "volumes", key, "kms", i, "crn"),
                    `names a key of the ${service} service, but the enclave wraps volume keys only with Hyper Protect Crypto Services; give the CRN of an ${HPCS_SERVICE} root key`,
                    "HPL07010E",
                ),
            );
        });
    }
    return findings;
}
