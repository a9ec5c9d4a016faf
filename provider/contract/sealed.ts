/**
 * Sealed workloads: the workload section encrypted on its own by the workload provider, with a
 * public manifest of what the deployer must know (the variables to supply, the images and
 * their digests, the volumes to pair), so that the deployer can check and complete a contract
 * without ever seeing the workload in clear.
 */
import type { Platform, WorkloadKind } from "../platform";
import { pinnedDigest } from "./images";
import type { VariableReference } from "./interpolation";
import type { ImageOrigin, WorkloadFacts } from "./workload-facts";
import { isMapping } from "./yaml-text";

/** The format marker of a manifest; it changes only with an incompatible change. */
export const SEALED_FORMAT = "pulumi-hyper-protect/sealed-workload@1";

/** The public half of a sealed workload. Holds no secret: names and references only. */
export interface SealedManifest {
    readonly format: typeof SEALED_FORMAT;
    /** The platform the workload was encrypted for. */
    readonly platform: Platform;
    /** The encryption certificate (or key) it was encrypted for. */
    readonly encryptionCertificate: {
        /** Hex SHA-256 of the certificate DER (or of the SPKI DER of a bare key). */
        readonly fingerprint: string;
        /** The certificate's end of validity (ISO 8601), when a certificate was used. */
        readonly notAfter?: string;
    };
    /** Hex SHA-256 of the token: what attestation records show for the workload. */
    readonly tokenSha256: string;
    /** The workload kind. */
    readonly kind?: WorkloadKind;
    /** The variables the deployer must set in env.env (used by images or templates, unset by the workload). */
    readonly requires: readonly string[];
    /** The variables the workload sets itself (values withheld); the deployer cannot override them. */
    readonly workloadEnv: readonly string[];
    /** The registry hosts the workload carries credentials for. */
    readonly workloadAuths: readonly string[];
    /** The workload's volumes: keys the deployer must pair in env.volumes, and their mounts. */
    readonly volumes: Readonly<
        Record<string, { readonly mount?: string; readonly filesystem?: string }>
    >;
    /** The images it runs, as written (variables included), with the digest that pins each. */
    readonly images: readonly {
        readonly reference: string;
        /** The `sha256:` digest the reference is pinned by, when it is. */
        readonly digest?: string;
        readonly origin: ImageOrigin;
        readonly owner: string;
        readonly path: string;
        readonly variables: readonly string[];
    }[];
    /** Every variable reference of its compose file or templates, without default texts. */
    readonly variables: readonly {
        readonly name: string;
        readonly whenUnset: VariableReference["whenUnset"];
        readonly emptyIsUnset: boolean;
        readonly path: string;
        readonly inImage: boolean;
        readonly origin: "compose" | "pod-template";
    }[];
    /** Variables a `.env` file in the compose archive sets (values withheld). */
    readonly archiveDefaults: readonly string[];
    /** Keys of `images.dct` and `images.rhs`. */
    readonly dctKeys: readonly string[];
    readonly rhsKeys: readonly string[];
}

/** A workload section encrypted alone, with its manifest. */
export interface SealedWorkload {
    /** The workload token. */
    readonly token: string;
    /** What the deployer needs to know. */
    readonly manifest: SealedManifest;
    /**
     * Hex SHA-256 of the workload's plaintext: what the enclave's attestation record shows for
     * the workload, which it measures after decrypting. With it, a contract built from the
     * sealed workload can have that line verified. An unsalted hash of the workload: pass it
     * to the deployer as a secret, as the resource does.
     */
    readonly plaintextSha256?: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The workload's plaintext hash a sealed workload carries, when it carries a well-formed one. */
export function sealedPlaintextHash(sealed: SealedWorkload): string | undefined {
    const hash = sealed.plaintextSha256;
    return typeof hash === "string" && SHA256_HEX.test(hash) ? hash : undefined;
}

/** Whether a value is a sealed workload. */
export function isSealedWorkload(value: unknown): value is SealedWorkload {
    return (
        isMapping(value) &&
        typeof value.token === "string" &&
        isMapping(value.manifest) &&
        value.manifest.format === SEALED_FORMAT
    );
}

/** The manifest part of a workload's facts (everything but the token, platform and certificate). */
export function manifestOf(
    facts: WorkloadFacts,
): Omit<SealedManifest, "format" | "platform" | "encryptionCertificate" | "tokenSha256"> {
    const defined = new Set([...Object.keys(facts.env), ...Object.keys(facts.archiveDefaults)]);
    const requires = new Set<string>();
    for (const v of facts.variables) {
        if (v.reference.whenUnset !== "default" && !defined.has(v.reference.name))
            requires.add(v.reference.name);
    }
    for (const image of facts.images) {
        for (const name of image.variables) if (!defined.has(name)) requires.add(name);
    }
    // fromEntries defines each key, so a volume named `__proto__` stays a volume.
    const volumes = Object.fromEntries(
        Object.entries(facts.volumes).map(([key, v]) => [
            key,
            {
                ...(v.mount !== undefined ? { mount: v.mount } : {}),
                ...(v.filesystem !== undefined ? { filesystem: v.filesystem } : {}),
            },
        ]),
    );
    return {
        ...(facts.kind ? { kind: facts.kind } : {}),
        requires: [...requires].sort(),
        workloadEnv: Object.keys(facts.env).sort(),
        workloadAuths: [...facts.authHosts].sort(),
        volumes,
        images: facts.images.map((i) => ({
            reference: i.reference,
            ...(pinnedDigest(i.reference) ? { digest: pinnedDigest(i.reference) } : {}),
            origin: i.origin,
            owner: i.owner,
            path: i.path,
            variables: [...i.variables],
        })),
        variables: facts.variables.map((v) => ({
            name: v.reference.name,
            whenUnset: v.reference.whenUnset,
            emptyIsUnset: v.reference.emptyIsUnset,
            path: v.path,
            inImage: v.inImage,
            origin: v.origin,
        })),
        archiveDefaults: Object.keys(facts.archiveDefaults).sort(),
        dctKeys: [...facts.dctKeys],
        rhsKeys: [...facts.rhsKeys],
    };
}

/** The facts a deployer can know of a sealed workload: names without values. */
export function factsOfManifest(manifest: SealedManifest): WorkloadFacts {
    const withheld = (names: readonly string[]) =>
        Object.fromEntries(names.map((n) => [n, undefined])) as Record<string, undefined>;
    return {
        kind: manifest.kind,
        env: withheld(manifest.workloadEnv),
        authHosts: [...manifest.workloadAuths],
        volumes: Object.fromEntries(
            Object.entries(manifest.volumes).map(([k, v]) => [
                k,
                { ...v, hasSeed: true, hasPreviousSeed: false },
            ]),
        ),
        images: manifest.images.map((i) => ({ ...i, variables: [...i.variables] })),
        variables: manifest.variables.map((v) => ({
            reference: { name: v.name, whenUnset: v.whenUnset, emptyIsUnset: v.emptyIsUnset },
            path: v.path,
            inImage: v.inImage,
            origin: v.origin,
        })),
        archiveDefaults: withheld(manifest.archiveDefaults),
        dctKeys: [...manifest.dctKeys],
        rhsKeys: [...manifest.rhsKeys],
    };
}
