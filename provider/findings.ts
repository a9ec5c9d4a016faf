/**
 * Findings: what validation says about a contract, each with a stable code, the path of the
 * value at fault, one sentence on what to change and, where the enclave would fail the same
 * way at boot, the enclave's own message code.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- FINDING_CODES: for {@link} in TSDoc
import type { FINDING_CODES, HplOf } from "./finding-codes";

/** How bad a finding is: an error stops the contract from being built, a warning does not. */
export type Severity = "error" | "warning";

/**
 * The closed set of finding codes. A code names one rule; its meaning never changes, so that
 * scripts and reviewers can rely on it. Each code is described in {@link FINDING_CODES}.
 */
export type FindingCode =
    // reading the contract
    | "SECTION_MISSING"
    | "YAML_INVALID"
    | "SECTION_NOT_MAPPING"
    | "TOKEN_INVALID"
    | "TOKEN_PLATFORM"
    | "TOKEN_KEY_MISMATCH"
    | "SEALED_MISMATCH"
    | "SCHEMA"
    | "UNKNOWN_KEY"
    | "WORKLOAD_KIND"
    // environment variables and the overlay
    | "ENV_VALUE_NOT_STRING"
    | "ENV_SHADOWED"
    | "AUTH_SHADOWED"
    // dynamic registry references
    | "VARIABLE_UNRESOLVED"
    | "TEMPLATED_IMAGE_NOT_PINNED"
    | "DCT_WITH_TEMPLATED_REGISTRY"
    | "REGISTRY_NO_CREDENTIALS"
    // images
    | "IMAGE_NOT_PINNED"
    | "IMAGE_MISSING"
    | "DCT_ENTRY_INVALID"
    | "RHS_ENTRY_INVALID"
    // archives
    | "ARCHIVE_INVALID"
    | "ARCHIVE_ENTRY_TYPE"
    | "ARCHIVE_PATH"
    | "ARCHIVE_NO_COMPOSE_FILE"
    | "ARCHIVE_NO_POD"
    // compose and pods
    | "COMPOSE_INVALID"
    | "COMPOSE_BUILD"
    | "POD_INVALID"
    | "TEMPLATE_INVALID"
    // logging
    | "LOGGING_MISSING"
    | "LOGGING_ENDPOINT"
    | "LOGGING_PEM"
    // volumes and seeds
    | "SEED_INVALID"
    | "SEED_MISSING"
    | "SEED_UNCHANGED"
    | "VOLUME_UNPAIRED"
    | "VOLUME_MOUNT_INVALID"
    | "VOLUME_MOUNT_DUPLICATE"
    | "VOLUME_REFERENCE_DUPLICATE"
    | "KMS_INVALID"
    // keys, signature, expiry, certificates
    | "SIGNING_KEY_INVALID"
    | "SIGNATURE_INCOMPLETE"
    | "SIGNATURE_INVALID"
    | "CONTRACT_EXPIRED"
    | "CONTRACT_EXPIRING"
    | "EXPIRY_INVALID"
    | "ATTESTATION_KEY_INVALID"
    | "CERTIFICATE_INVALID"
    | "CERTIFICATE_EXPIRED"
    | "CERTIFICATE_EXPIRING"
    // size
    | "SIZE_LIMIT"
    // on-prem network configuration
    | "NETWORK_CONFIG"
    | "NETWORK_ADDRESS"
    | "NETWORK_GATEWAY"
    | "NETWORK_DNS_MISSING"
    | "NETWORK_ROUTE_MISSING"
    // on-prem guest definition
    | "DOMAIN_MEMORY";

/**
 * An enclave boot message code (`HPL` followed by five digits and a severity letter), as listed
 * in IBM's catalogue of Hyper Protect boot messages.
 */
export type HplCode = `HPL${string}`;

/** One thing validation has to say about a contract. */
export interface Finding {
    /** The rule that produced it. */
    readonly code: FindingCode;
    /** `error` stops the contract from being built; `warning` does not. */
    readonly severity: Severity;
    /**
     * Where in the contract the value at fault lives, as a dotted path from the top of the
     * contract (`env.volumes.data.seed`); keys that are not plain names are bracketed
     * (`env.auths["us.icr.io"]`), and a file inside an archive is bracketed after the archive
     * (`workload.compose.archive["docker-compose.yaml"].services.web.image`).
     */
    readonly path: string;
    /** One sentence on what is wrong and what to change. Never holds a secret value. */
    readonly message: string;
    /** The enclave's boot message for the same failure, when the finding foresees one. */
    readonly hpl?: HplCode;
}

/**
 * Builds a finding; `hpl` is left out of the object when not given. The compiler accepts for
 * `hpl` only the enclave messages that {@link FINDING_CODES} lists for `code`.
 */
export function finding<C extends FindingCode>(
    code: C,
    severity: Severity,
    path: string,
    message: string,
    hpl?: HplOf<C>,
): Finding {
    return hpl ? { code, severity, path, message, hpl } : { code, severity, path, message };
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Joins path segments the way {@link Finding.path} spells them: plain names after a dot,
 * numbers and other keys in brackets.
 */
export function joinPath(...segments: readonly (string | number)[]): string {
    let path = "";
    for (const segment of segments) {
        if (typeof segment === "number") {
            path += `[${segment}]`;
        } else if (PLAIN_KEY.test(segment)) {
            path += path === "" ? segment : `.${segment}`;
        } else {
            path += `[${JSON.stringify(segment)}]`;
        }
    }
    return path;
}

/** Whether any finding is an error. */
export function hasErrors(findings: readonly Finding[]): boolean {
    return findings.some((f) => f.severity === "error");
}

/**
 * One line for a finding: severity, code, path, message and the enclave code, e.g.
 * `error VARIABLE_UNRESOLVED env.env.REGISTRY: … (enclave: HPL08004E)`.
 */
export function formatFinding(f: Finding): string {
    const hpl = f.hpl ? ` (enclave: ${f.hpl})` : "";
    return `${f.severity} ${f.code} ${f.path}: ${f.message}${hpl}`;
}

/**
 * The findings with each one said once: two entries of one name in an archive, or one value
 * reached by two rules, give the same finding twice, which tells the reader nothing more.
 */
export function uniqueFindings(findings: readonly Finding[]): Finding[] {
    const seen = new Set<string>();
    return findings.filter((f) => {
        const key = `${f.severity}\0${f.code}\0${f.path}\0${f.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/** Orders findings errors first, then by path, then by code, for stable output; each once. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
    const rank = (f: Finding) => (f.severity === "error" ? 0 : 1);
    return uniqueFindings(findings).sort(
        (a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path) || a.code.localeCompare(b.code),
    );
}

/**
 * The error thrown when a contract cannot be built because validation found errors. Its
 * message lists every error finding, one a line; the findings themselves are in
 * {@link ContractValidationError.findings}.
 */
export class ContractValidationError extends Error {
    /** Every finding of the validation, warnings included. */
    readonly findings: readonly Finding[];

    constructor(findings: readonly Finding[]) {
        const errors = sortFindings(findings).filter((f) => f.severity === "error");
        const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
        super(
            `the contract has ${count}:\n${errors.map((f) => `  ${formatFinding(f)}`).join("\n")}`,
        );
        this.name = "ContractValidationError";
        this.findings = findings;
    }
}
