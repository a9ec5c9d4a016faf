/**
 * The review of a contract: what a reviewer of a pull request needs to see, with every secret
 * left out. Variables show their values only where they name a registry; credentials show
 * their host only; seeds, keys and passwords never appear.
 */
import { getOwn } from "./own-keys";
import { daysUntil } from "./rules-keys";
import { parseImageReference } from "./images";
import type { Source } from "./overlay";
import type { ContractValidation } from "./validate";
import { isMapping } from "./yaml-text";
import type { Finding } from "../findings";

/** One variable of the merged environment, as the review shows it. */
export interface ReviewVariable {
    readonly name: string;
    readonly source: Source;
    /** The value, shown only when it names a registry; otherwise withheld. */
    readonly value?: string;
    readonly shadowsEnv: boolean;
    /** The images whose reference uses it. */
    readonly usedByImages: readonly string[];
}

/** One image, as the review shows it. */
export interface ReviewImage {
    /** The Compose service or pod/container. */
    readonly owner: string;
    /** The reference as written. */
    readonly reference: string;
    /** The reference once variables are substituted, when they can be. */
    readonly resolved?: string;
    readonly registry?: string;
    readonly digest?: string;
    /** Where the registry comes from: written in the reference, or a variable and its section. */
    readonly registryFrom: string;
    /** Which `auths` entry covers the registry, if any. */
    readonly credentials?: Source;
}

/** What a reviewer sees. */
export interface ContractReview {
    readonly platform: string;
    readonly workloadKind?: string;
    readonly variables: readonly ReviewVariable[];
    readonly credentials: readonly { host: string; source: Source; shadowsEnv: boolean }[];
    readonly images: readonly ReviewImage[];
    readonly volumes: readonly {
        key: string;
        mount?: string;
        filesystem?: string;
        workloadSeed: boolean;
        envSeed: boolean;
        volume?: string;
    }[];
    readonly logging?: { backend: string; hostname?: string; port?: number };
    readonly encryptionCertificate?: {
        fingerprint: string;
        subject?: string;
        notAfter?: string;
        daysLeft?: number;
    };
    readonly signer?: { fingerprint?: string; generated?: boolean; expires?: string };
    readonly size?: { bytes: number; limit?: number; exact: boolean };
    readonly findings: readonly Finding[];
}

/** Builds the review of a validated contract. */
export function reviewContract(
    validation: ContractValidation,
    signer?: ContractReview["signer"],
    now = new Date(),
): ContractReview {
    const { view, facts } = validation;
    const imageVars = new Map<string, string[]>();
    for (const image of facts.images) {
        for (const v of image.variables)
            imageVars.set(v, [...(imageVars.get(v) ?? []), image.owner]);
    }
    const variables = Object.values(view.variables)
        .map((v) => ({
            name: v.name,
            source: v.source,
            ...(imageVars.has(v.name) && v.value !== undefined ? { value: v.value } : {}),
            shadowsEnv: v.shadowsEnv,
            usedByImages: imageVars.get(v.name) ?? [],
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    const hosts = view.credentials;
    const images = validation.images.map((i): ReviewImage => {
        const ref = i.resolved !== undefined ? parseImageReference(i.resolved) : undefined;
        const registryVar = i.use.variables[0];
        const from = registryVar
            ? `variable ${registryVar} (${getOwn(view.variables, registryVar)?.source ?? "unset"})`
            : "written in the reference";
        const credentialKey = ref ? Object.keys(hosts).find((h) => h === ref.registry) : undefined;
        return {
            owner: i.use.owner,
            reference: i.use.reference,
            ...(i.resolved !== undefined && i.resolved !== i.use.reference
                ? { resolved: i.resolved }
                : {}),
            ...(ref ? { registry: ref.registry } : {}),
            ...(ref?.digest ? { digest: ref.digest } : {}),
            registryFrom: from,
            ...(credentialKey ? { credentials: hosts[credentialKey].source } : {}),
        };
    });
    const env = validation.env?.kind === "plain" ? validation.env.value : undefined;
    const logging = env && isMapping(env.logging) ? env.logging : undefined;
    const backend = logging ? Object.keys(logging)[0] : undefined;
    const backendValue = logging && backend && isMapping(logging[backend]) ? logging[backend] : {};
    const cert = validation.encryptionKey?.certificate;
    return {
        platform: validation.platform,
        ...(facts.kind ? { workloadKind: facts.kind } : {}),
        variables,
        credentials: Object.values(hosts).map((c) => ({
            host: c.host,
            source: c.source,
            shadowsEnv: c.shadowsEnv,
        })),
        images,
        volumes: Object.values(view.volumes).map((v) => ({
            key: v.key,
            ...(v.workload?.mount ? { mount: v.workload.mount } : {}),
            ...(v.workload?.filesystem ? { filesystem: v.workload.filesystem } : {}),
            workloadSeed: v.workload?.hasSeed ?? false,
            envSeed: v.env?.hasSeed ?? false,
            ...((v.env?.volumeID ?? v.env?.volumeName)
                ? { volume: v.env?.volumeID ?? v.env?.volumeName }
                : {}),
        })),
        ...(backend
            ? {
                  logging: {
                      backend,
                      ...(typeof backendValue.hostname === "string"
                          ? { hostname: backendValue.hostname }
                          : {}),
                      ...(typeof backendValue.port === "number" ? { port: backendValue.port } : {}),
                  },
              }
            : {}),
        ...(validation.encryptionKey
            ? {
                  encryptionCertificate: {
                      fingerprint: validation.encryptionKey.fingerprint,
                      ...(cert
                          ? {
                                subject: cert.subject.replace(/\n/g, ", "),
                                notAfter: cert.notAfter.toISOString(),
                                daysLeft: daysUntil(cert.notAfter, now),
                            }
                          : {}),
                  },
              }
            : {}),
        ...(signer ? { signer } : {}),
        ...(validation.size
            ? {
                  size: {
                      bytes: validation.size.bytes,
                      limit: validation.size.limit,
                      exact: validation.size.exact,
                  },
              }
            : {}),
        findings: validation.findings,
    };
}

/** The review as text, for a terminal or a pull-request comment. */
export function formatReview(review: ContractReview): string {
    const lines: string[] = [];
    const section = (title: string) => lines.push("", title);
    lines.push(
        `platform: ${review.platform}${review.workloadKind ? `, workload kind: ${review.workloadKind}` : ""}`,
    );
    section("variables (merged; the workload wins):");
    if (review.variables.length === 0) lines.push("  (none)");
    for (const v of review.variables) {
        const value = v.value !== undefined ? ` = ${v.value}` : " = (value withheld)";
        const used = v.usedByImages.length > 0 ? `, registry of ${v.usedByImages.join(", ")}` : "";
        const shadow = v.shadowsEnv ? ", hides env's value" : "";
        lines.push(`  ${v.name}${value}  [from ${v.source}${used}${shadow}]`);
    }
    section("registry credentials (by host; secrets withheld):");
    if (review.credentials.length === 0) lines.push("  (none)");
    for (const c of review.credentials) {
        lines.push(`  ${c.host}  [from ${c.source}${c.shadowsEnv ? ", hides env's" : ""}]`);
    }
    section("images:");
    if (review.images.length === 0) lines.push("  (none)");
    for (const i of review.images) {
        lines.push(`  ${i.owner}: ${i.reference}`);
        if (i.resolved) lines.push(`    resolves to ${i.resolved}`);
        lines.push(
            `    registry ${i.registry ?? "(unknown)"} from ${i.registryFrom}; digest ${i.digest ?? "none"}; credentials ${i.credentials ?? "none"}`,
        );
    }
    section("volumes:");
    if (review.volumes.length === 0) lines.push("  (none)");
    for (const v of review.volumes) {
        lines.push(
            `  ${v.key}: mount ${v.mount ?? "/mnt/data"}, ${v.filesystem ?? "ext4"}; seeds: workload ${v.workloadSeed ? "yes" : "NO"}, env ${v.envSeed ? "yes" : "NO"}${v.volume ? `; volume ${v.volume}` : ""}`,
        );
    }
    section("logging:");
    lines.push(
        review.logging
            ? `  ${review.logging.backend} to ${review.logging.hostname ?? "(no host)"}${review.logging.port ? `:${review.logging.port}` : ""}`
            : "  (none)",
    );
    section("keys:");
    const c = review.encryptionCertificate;
    lines.push(
        c
            ? `  encryption certificate ${c.fingerprint.slice(0, 16)}…${c.subject ? ` (${c.subject})` : ""}${c.notAfter ? `, valid until ${c.notAfter.slice(0, 10)} (${c.daysLeft} days)` : ""}`
            : "  encryption certificate: not given",
    );
    const s = review.signer;
    lines.push(
        s
            ? `  signer ${s.fingerprint ? `${s.fingerprint.slice(0, 16)}…` : "(unknown)"}${s.generated ? " (generated for this contract)" : ""}${s.expires ? `, contract expires ${s.expires.slice(0, 10)}` : ", no expiry"}`
            : "  signer: not given (a fresh key will sign)",
    );
    if (review.size) {
        section("size:");
        const limit = review.size.limit
            ? ` of the ${review.size.limit}-byte limit (${Math.round((100 * review.size.bytes) / review.size.limit)}%)`
            : " (no limit on this platform)";
        lines.push(`  ${review.size.exact ? "" : "about "}${review.size.bytes} bytes${limit}`);
    }
    section("findings:");
    if (review.findings.length === 0) lines.push("  (none)");
    for (const f of review.findings)
        lines.push(
            `  ${f.severity} ${f.code} ${f.path}: ${f.message}${f.hpl ? ` (enclave: ${f.hpl})` : ""}`,
        );
    return `${lines.join("\n")}\n`;
}
