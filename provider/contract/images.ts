/**
 * Container image references: their parts, whether they are pinned by digest, and the
 * variables they are templated with (`${REGISTRY}` in Compose, `{{ .Env.REGISTRY }}` in pod
 * templates).
 */

/** The parts of a concrete image reference. */
export interface ImageReference {
    /** The registry host, with its port when one is given (`us.icr.io`, `localhost:5000`). */
    readonly registry: string;
    /** Whether the reference names its registry, rather than falling back to Docker Hub. */
    readonly explicitRegistry: boolean;
    /** The repository path within the registry (`library/nginx`, `team/app`). */
    readonly repository: string;
    /** The tag, when one is given. */
    readonly tag?: string;
    /** The digest (`sha256:<64 hex>`), when one is given. */
    readonly digest?: string;
}

const DIGEST = /@(sha256:[a-f0-9]{64})$/;
const ANY_DIGEST = /@([A-Za-z0-9+._-]+:[A-Za-z0-9=_-]+)$/;
const TAG = /:([\w][\w.-]{0,127})$/;

/** The registry Docker uses when a reference names none. */
export const DOCKER_HUB = "docker.io";

/**
 * Splits a concrete image reference (no variables left) into its parts, following Docker's
 * reference grammar: the first path component is a registry host when it holds a dot or a
 * colon or is `localhost`.
 *
 * @returns undefined when the text is not a usable reference (empty, spaces, a leading `/`).
 */
export function parseImageReference(text: string): ImageReference | undefined {
    if (text === "" || /\s/.test(text) || text.startsWith("/") || text.includes("//")) {
        return undefined;
    }
    let rest = text;
    let digest: string | undefined;
    const d = ANY_DIGEST.exec(rest);
    if (d) {
        digest = d[1];
        rest = rest.slice(0, d.index);
    }
    let tag: string | undefined;
    const lastSlash = rest.lastIndexOf("/");
    const t = TAG.exec(rest.slice(lastSlash + 1));
    if (t) {
        tag = t[1];
        rest = rest.slice(0, rest.length - t[0].length);
    }
    const parts = rest.split("/");
    const first = parts[0];
    const explicitRegistry =
        parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
    const registry = explicitRegistry ? first : DOCKER_HUB;
    const path = explicitRegistry ? parts.slice(1) : parts;
    if (path.length === 0 || path.some((p) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) {
        return undefined;
    }
    const repository =
        registry === DOCKER_HUB && path.length === 1 ? `library/${path[0]}` : path.join("/");
    return { registry, explicitRegistry, repository, tag, digest };
}

/** The SHA-256 digest (`sha256:<64 hex>`) a reference is pinned by, variables or not. */
export function pinnedDigest(reference: string): string | undefined {
    return DIGEST.exec(reference)?.[1];
}

/** Whether a concrete reference is pinned by a SHA-256 digest, as the enclave requires. */
export function isPinnedByDigest(reference: string): boolean {
    return DIGEST.test(reference);
}

/** The reference without tag or digest, as `images.dct` keys name an image. */
export function imageName(ref: ImageReference): string {
    return ref.explicitRegistry ? `${ref.registry}/${ref.repository}` : ref.repository;
}

/**
 * The keys under which `auths` may hold credentials for a registry host: the host itself, and
 * for Docker Hub the forms Docker's own configuration uses.
 */
export function credentialKeysFor(registry: string): string[] {
    if (
        registry === DOCKER_HUB ||
        registry === "index.docker.io" ||
        registry === "registry-1.docker.io"
    ) {
        return [
            "https://index.docker.io/v1/",
            "docker.io",
            "index.docker.io",
            "registry-1.docker.io",
        ];
    }
    return [registry];
}
