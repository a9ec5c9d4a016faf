/**
 * Rules on the images a workload runs: pinning by digest, image trust, and the dynamic
 * registry reference (`${REGISTRY}` in Compose, `{{ .Env.REGISTRY }}` in pod templates).
 */
import { finding, joinPath, type Finding } from "../findings";
import {
    credentialKeysFor,
    imageName,
    isPinnedByDigest,
    parseImageReference,
    DOCKER_HUB,
} from "./images";
import { interpolateCompose, isTemplated, renderTemplate } from "./interpolation";
import { lookupVariable, type EffectiveView } from "./overlay";
import type { ImageUse, WorkloadFacts } from "./workload-facts";

/** How an image reference resolves against the merged environment. */
export interface ResolvedImage {
    readonly use: ImageUse;
    /** The reference with its variables substituted; undefined where a value is withheld. */
    readonly resolved?: string;
    /** Variables it needs that nobody sets. */
    readonly missing: readonly string[];
    /** Whether its registry comes from a variable. */
    readonly templated: boolean;
}

// Stands in for a value a sealed workload withholds: set, but unknown here.
const WITHHELD = "\u0000withheld\u0000";

/** Resolves every image of the workload against the merged environment. */
export function resolveImages(facts: WorkloadFacts, view: EffectiveView): ResolvedImage[] {
    const lookup = (name: string) => {
        const v = lookupVariable(view, facts, name);
        return v === null ? WITHHELD : v;
    };
    return facts.images.map((use) => {
        const templated =
            use.variables.length > 0 ||
            (use.origin === "pod-template" && isTemplated(use.reference));
        if (!templated) return { use, resolved: use.reference, missing: [], templated };
        const r =
            use.origin === "compose"
                ? { ...interpolateCompose(use.reference, lookup), opaque: false }
                : renderTemplate(use.reference, lookup);
        const resolved = r.value.includes(WITHHELD) || r.opaque ? undefined : r.value;
        return { use, resolved, missing: r.missing, templated };
    });
}

const HPL = {
    compose: { unresolved: "HPL08004E", unpinned: "HPL06010E" },
    pod: { unresolved: "HPL15002E", unpinned: "HPL15005E" },
} as const;

/**
 * The image findings: variables that nothing sets, templated images not pinned by digest,
 * DCT combined with a templated registry, registries without credentials, and plain images
 * neither pinned nor covered by `images.dct` (compose) or `images.rhs` (pods).
 */
export function imageRules(
    facts: WorkloadFacts,
    view: EffectiveView,
    envKnown: boolean,
): { findings: Finding[]; images: ResolvedImage[] } {
    const findings: Finding[] = [];
    const images = resolveImages(facts, view);
    const needers = new Map<string, { owners: string[]; compose: boolean }>();
    for (const image of images) {
        const { use } = image;
        const hpl = use.origin === "compose" ? HPL.compose : HPL.pod;
        for (const name of image.missing) {
            const entry = needers.get(name) ?? { owners: [], compose: use.origin === "compose" };
            entry.owners.push(use.owner);
            needers.set(name, entry);
        }
        if (image.templated) {
            const pinned = isPinnedByDigest(image.resolved ?? use.reference);
            if (!pinned) {
                findings.push(
                    finding(
                        "TEMPLATED_IMAGE_NOT_PINNED",
                        "error",
                        use.path,
                        "takes its registry from a variable, which works only for images pinned by digest; end the reference with @sha256:<digest>",
                        hpl.unpinned,
                    ),
                );
            }
            continue;
        }
        if (isPinnedByDigest(use.reference)) continue;
        const ref = parseImageReference(use.reference);
        if (use.origin === "compose" && ref && dctCovers(facts.dctKeys, ref)) continue;
        if (use.origin !== "compose" && ref && rhsCovers(facts.rhsKeys, use.reference, ref))
            continue;
        findings.push(
            finding(
                "IMAGE_NOT_PINNED",
                "error",
                use.path,
                use.origin === "compose"
                    ? "is neither pinned by digest nor listed in workload.images.dct; pin it as <image>@sha256:<digest>"
                    : "is neither pinned by digest nor covered by workload.images.rhs; pin it as <image>@sha256:<digest>",
                hpl.unpinned,
            ),
        );
    }
    if (envKnown) {
        for (const [name, { owners, compose }] of needers) {
            const who = [...new Set(owners)].join(", ");
            findings.push(
                finding(
                    "VARIABLE_UNRESOLVED",
                    "error",
                    joinPath("env", "env", name),
                    `is needed by the ${compose ? "compose" : "pod template"} image of ${who} but set by neither section; add ${name} to env.env`,
                    compose ? HPL.compose.unresolved : HPL.pod.unresolved,
                ),
            );
        }
        findings.push(...credentialRules(images, view));
    }
    const templatedCompose = images.filter((i) => i.templated && i.use.origin === "compose");
    if (templatedCompose.length > 0 && facts.dctKeys.length > 0) {
        findings.push(
            finding(
                "DCT_WITH_TEMPLATED_REGISTRY",
                "error",
                "workload.images.dct",
                "cannot be combined with images whose registry comes from a variable, since DCT keys name the registry; pin those images by digest and drop images.dct",
                "HPL06010E",
            ),
        );
    }
    for (const image of images) {
        if (
            image.resolved !== undefined &&
            image.missing.length === 0 &&
            !parseImageReference(image.resolved)
        ) {
            findings.push(
                finding(
                    "IMAGE_MISSING",
                    "error",
                    image.use.path,
                    image.templated
                        ? "does not make a valid image reference once its variables are substituted; check the variable values (a registry is host[/namespace], with no scheme and no trailing slash)"
                        : "is not a valid image reference",
                    image.use.origin === "compose" ? "HPL08004E" : "HPL15005E",
                ),
            );
        }
    }
    return { findings, images };
}

function dctCovers(
    keys: readonly string[],
    ref: NonNullable<ReturnType<typeof parseImageReference>>,
): boolean {
    const name = imageName(ref);
    const full = `${ref.registry}/${ref.repository}`;
    return keys.includes(name) || keys.includes(full);
}

function rhsCovers(
    keys: readonly string[],
    reference: string,
    ref: NonNullable<ReturnType<typeof parseImageReference>>,
): boolean {
    const repo = `${ref.registry}/${ref.repository}`;
    return keys.some((key) => {
        if (key === reference) return true;
        const k = parseImageReference(key);
        if (!k) return false;
        const keyRepo = `${k.registry}/${k.repository}`;
        if (k.tag || k.digest) return keyRepo === repo && k.tag === ref.tag;
        return repo === keyRepo || repo.startsWith(`${keyRepo}/`);
    });
}

/** Warns about templated images whose registry has no credentials in the merged `auths`. */
function credentialRules(images: readonly ResolvedImage[], view: EffectiveView): Finding[] {
    const findings: Finding[] = [];
    const hosts = Object.keys(view.credentials);
    const seen = new Set<string>();
    for (const image of images) {
        if (!image.templated || image.resolved === undefined || image.missing.length > 0) continue;
        const ref = parseImageReference(image.resolved);
        if (!ref || seen.has(ref.registry)) continue;
        seen.add(ref.registry);
        if (credentialKeysFor(ref.registry).some((k) => hosts.includes(k))) continue;
        const misnamed = hosts.find((h) => h.startsWith(`${ref.registry}/`));
        const registry = ref.registry === DOCKER_HUB ? "Docker Hub" : ref.registry;
        findings.push(
            finding(
                "REGISTRY_NO_CREDENTIALS",
                "warning",
                joinPath(
                    "env",
                    "auths",
                    ref.explicitRegistry ? ref.registry : "https://index.docker.io/v1/",
                ),
                misnamed
                    ? `is missing: credentials are per host, so rename env.auths["${misnamed}"] to env.auths["${ref.registry}"]`
                    : `is missing: the image of ${image.use.owner} pulls from ${registry}, which has no credentials in env.auths or workload.auths; add them unless the registry is public`,
            ),
        );
    }
    return findings;
}

/**
 * Findings for variables outside images: Compose substitutes an empty string for an unset
 * `${VAR}` (a warning), stops for `${VAR:?…}`, and pod templates need every `.Env` name.
 */
export function variableRules(facts: WorkloadFacts, view: EffectiveView): Finding[] {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const use of facts.variables) {
        if (use.inImage) continue;
        const { name, whenUnset, emptyIsUnset } = use.reference;
        if (whenUnset === "default") continue;
        const value = lookupVariable(view, facts, name);
        if (value === null || (value !== undefined && !(emptyIsUnset && value === ""))) continue;
        const fatal = whenUnset === "error";
        const key = `${name}:${fatal}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push(
            finding(
                "VARIABLE_UNRESOLVED",
                fatal ? "error" : "warning",
                joinPath("env", "env", name),
                use.origin === "compose"
                    ? fatal
                        ? `is required by the compose file (at ${use.path}); add ${name} to env.env`
                        : `is used by the compose file (at ${use.path}) but set by neither section, so Compose substitutes an empty string; add ${name} to env.env if that is not intended`
                    : `is used by a pod template (at ${use.path}) but set by neither section; add ${name} to env.env`,
                fatal ? (use.origin === "compose" ? "HPL08004E" : "HPL15002E") : undefined,
            ),
        );
    }
    return findings;
}

/** Warns about deployer values that the workload's values hide. */
export function shadowRules(view: EffectiveView, facts: WorkloadFacts): Finding[] {
    const inImages = new Set(facts.images.flatMap((i) => i.variables));
    return view.shadowed.map((s) =>
        s.kind === "variable"
            ? finding(
                  "ENV_SHADOWED",
                  "warning",
                  s.path,
                  inImages.has(s.key)
                      ? `is ignored: workload.env also sets ${s.key} and wins, so the images keep the workload's registry; ask the workload provider to drop ${s.key} from workload.env`
                      : `is ignored: workload.env also sets ${s.key} and the workload's value wins; remove it here or ask the workload provider to drop it`,
              )
            : finding(
                  "AUTH_SHADOWED",
                  "warning",
                  s.path,
                  `is ignored: workload.auths also holds credentials for ${s.key} and they win; remove them here or ask the workload provider to drop theirs`,
              ),
    );
}
