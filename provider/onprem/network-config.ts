/**
 * The on-prem `network-config` file: the netplan version 2 subset that the enclave accepts
 * (IBM's network schema), checked more closely than the schema does. Addresses, prefixes and
 * gateways are read for real, and a static set-up that would fail the enclave's DNS check at
 * boot draws a warning with the enclave's message code.
 *
 * Input that is JSON is accepted: JSON is YAML, cloud-init reads it, and nothing is gained by
 * refusing it (IBM's contract-go refuses it, a difference listed in the tests).
 */
import { finding, joinPath, sortFindings, type Finding } from "../findings";
import { isMapping, readYaml } from "../contract/yaml-text";
import { checkInterface, type InterfaceSummary } from "./network-interface";

/** The result of {@link validateNetworkConfig}. */
export interface NetworkConfigValidation {
    /** Whether no finding is an error. */
    readonly ok: boolean;
    /** Errors first, then by path. */
    readonly findings: readonly Finding[];
    /** The parsed document, when it parses. */
    readonly value?: unknown;
}

/** The name the findings give to the file as a whole. */
export const NETWORK_CONFIG_PATH = "network-config";

const INTERFACE_NAME = /^enc[0-9]+$/;

/**
 * Validates a `network-config` file.
 *
 * @param text The file's content (UTF-8 when a Buffer).
 * @returns findings, never throwing on bad input; messages never quote the text.
 */
export function validateNetworkConfig(text: string | Buffer): NetworkConfigValidation {
    let source: string;
    try {
        source =
            typeof text === "string"
                ? text
                : new TextDecoder("utf-8", { fatal: true }).decode(text);
    } catch {
        const f = finding(
            "YAML_INVALID",
            "error",
            NETWORK_CONFIG_PATH,
            "is not UTF-8 text; save it as UTF-8",
        );
        return { ok: false, findings: [f] };
    }
    const read = readYaml(source, { path: NETWORK_CONFIG_PATH });
    if (read.findings.length > 0) {
        // The enclave message readYaml names is the contract's; a broken network file has none.
        const findings = read.findings.map((f) => finding(f.code, f.severity, f.path, f.message));
        return { ok: false, findings };
    }
    const findings = sortFindings(checkNetworkConfig(read.value));
    return { ok: !findings.some((f) => f.severity === "error"), findings, value: read.value };
}

function unknownKeys(
    value: Record<string, unknown>,
    allowed: readonly string[],
    at: string[],
    out: Finding[],
): void {
    for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) {
            out.push(
                finding(
                    "UNKNOWN_KEY",
                    "error",
                    joinPath(...at, key),
                    `is not a setting the enclave accepts here; remove it (allowed: ${allowed.join(", ")})`,
                ),
            );
        }
    }
}

/**
 * Checks a parsed `network-config` document (what {@link validateNetworkConfig} does after
 * parsing).
 */
export function checkNetworkConfig(document: unknown): Finding[] {
    const out: Finding[] = [];
    const error = (path: string, message: string) =>
        out.push(finding("NETWORK_CONFIG", "error", path, message));
    if (!isMapping(document)) {
        error(NETWORK_CONFIG_PATH, "must be a YAML mapping with a top-level network key");
        return out;
    }
    unknownKeys(document, ["network"], [], out);
    const network = document.network;
    if (network === undefined || network === null) {
        error("network", "is missing; put version: 2 and ethernets under a top-level network key");
        return out;
    }
    if (!isMapping(network)) {
        error("network", "must be a mapping with version and ethernets");
        return out;
    }
    unknownKeys(network, ["version", "ethernets"], ["network"], out);
    if (network.version === undefined) {
        error("network.version", "is missing; add version: 2");
    } else if (network.version !== 2) {
        error("network.version", "must be the number 2 (netplan version 2)");
    }
    const ethernets = network.ethernets;
    if (!isMapping(ethernets) || Object.keys(ethernets).length === 0) {
        error(
            "network.ethernets",
            ethernets === undefined || ethernets === null || isMapping(ethernets)
                ? "lists no interface; add at least one, such as enc1 with dhcp4: true"
                : "must be a mapping of interface names (enc1, enc2, ...) to their settings",
        );
        return out;
    }
    const summaries: InterfaceSummary[] = [];
    for (const [name, settings] of Object.entries(ethernets)) {
        const at = ["network", "ethernets", name];
        if (!INTERFACE_NAME.test(name)) {
            error(
                joinPath(...at),
                "is not an interface name the enclave accepts; use enc followed by digits, such as enc1",
            );
        }
        summaries.push(checkInterface(settings, at, out));
    }
    out.push(...connectivityWarnings(summaries));
    return out;
}

/**
 * The enclave checks DNS at boot: it needs a name server and a route off the local subnets.
 * DHCP supplies both; otherwise some static interface must. Each static interface is named
 * in the warning, since the fix goes into one of them.
 */
function connectivityWarnings(interfaces: readonly InterfaceSummary[]): Finding[] {
    if (interfaces.some((i) => i.dhcp === true)) return [];
    const statics = interfaces.filter((i) => i.dhcp === false);
    const out: Finding[] = [];
    if (!statics.some((i) => i.hasNameservers)) {
        for (const i of statics) {
            out.push(
                finding(
                    "NETWORK_DNS_MISSING",
                    "warning",
                    joinPath(...i.path, "nameservers"),
                    "is missing and no interface gets DNS from DHCP; add nameservers.addresses, or the enclave's DNS check fails at boot",
                    "HPL14001E",
                ),
            );
        }
    }
    if (!statics.some((i) => i.hasDefaultRoute)) {
        for (const i of statics) {
            out.push(
                finding(
                    "NETWORK_ROUTE_MISSING",
                    "warning",
                    joinPath(...i.path, "gateway4"),
                    "is missing and no interface has a default route; add gateway4 or a route to 0.0.0.0/0, or the enclave's DNS check times out at boot",
                    "HPL14002E",
                ),
            );
        }
    }
    return out;
}
