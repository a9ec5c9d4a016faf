/**
 * One interface of an on-prem `network-config` (`network.ethernets.encN`): DHCP, or static
 * addresses with gateway, routes and name servers.
 */
import { finding, joinPath, type Finding } from "../findings";
import { isMapping } from "../contract/yaml-text";
import {
    formatSubnet,
    inSubnet,
    isReservedHost,
    readIpv4,
    readIpv4Interface,
    type Ipv4,
    type Ipv4Interface,
} from "./ipv4";

/** What the connectivity checks need to know of one interface. */
export interface InterfaceSummary {
    /** The interface's path segments (`network`, `ethernets`, name). */
    readonly path: readonly string[];
    /** `dhcp4`, or undefined when it is missing or not a boolean. */
    readonly dhcp?: boolean;
    /** Whether it lists at least one name server. */
    readonly hasNameservers: boolean;
    /** Whether it has `gateway4` or a route to 0.0.0.0/0. */
    readonly hasDefaultRoute: boolean;
}

const SETTINGS = ["dhcp4", "addresses", "gateway4", "routes", "nameservers", "mtu"];
const STATIC_ONLY = ["addresses", "gateway4", "routes", "nameservers"];
const DOMAIN =
    /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** Collects the findings of one interface, with path helpers. */
class Checker {
    readonly subnets: Ipv4Interface[] = [];

    constructor(
        readonly at: readonly string[],
        readonly out: Finding[],
    ) {}

    path(...rest: (string | number)[]): string {
        return joinPath(...this.at, ...rest);
    }

    add(code: Finding["code"], severity: Finding["severity"], path: string, message: string): void {
        this.out.push(finding(code, severity, path, message));
    }

    list(value: unknown, path: string, what: string): unknown[] | undefined {
        if (Array.isArray(value)) return value;
        this.add("NETWORK_CONFIG", "error", path, `must be a list of ${what}`);
        return undefined;
    }

    address(value: unknown, path: string): Ipv4 | undefined {
        const read = typeof value === "string" ? readIpv4(value) : undefined;
        if (read?.ok) return read.value;
        const why = read ? read.reason : "is not an IPv4 address";
        this.add(
            "NETWORK_ADDRESS",
            "error",
            path,
            `${why}; write an address such as 192.168.122.1`,
        );
        return undefined;
    }

    subnet(value: unknown, path: string): Ipv4Interface | undefined {
        const read = typeof value === "string" ? readIpv4Interface(value) : undefined;
        if (read?.ok) return read.value;
        const why = read ? read.reason : "is not an IPv4 address with a prefix length";
        this.add(
            "NETWORK_ADDRESS",
            "error",
            path,
            `${why}; write it as address/prefix, e.g. 192.168.122.10/24`,
        );
        return undefined;
    }

    /** A next hop must be reachable on a configured subnet; otherwise the kernel refuses the route. */
    reachable(hop: Ipv4, path: string): void {
        if (this.subnets.length === 0 || this.subnets.some((s) => inSubnet(hop, s))) return;
        const subnets = this.subnets.map(formatSubnet).join(", ");
        this.add(
            "NETWORK_GATEWAY",
            "warning",
            path,
            `lies outside this interface's subnets (${subnets}); use an address inside one, or add an address in the gateway's subnet`,
        );
    }
}

/**
 * Checks one interface's settings, adding findings to `out`.
 *
 * @returns what the configuration-wide connectivity checks need.
 */
export function checkInterface(
    settings: unknown,
    at: readonly string[],
    out: Finding[],
): InterfaceSummary {
    const c = new Checker(at, out);
    const summary = { path: at, hasNameservers: false, hasDefaultRoute: false };
    if (!isMapping(settings)) {
        c.add(
            "NETWORK_CONFIG",
            "error",
            c.path(),
            "must be a mapping of settings, with at least dhcp4",
        );
        return summary;
    }
    for (const key of Object.keys(settings)) {
        if (!SETTINGS.includes(key)) {
            c.add(
                "UNKNOWN_KEY",
                "error",
                c.path(key),
                `is not an interface setting the enclave accepts; remove it (allowed: ${SETTINGS.join(", ")})`,
            );
        }
    }
    const dhcp = settings.dhcp4;
    if (dhcp === undefined) {
        c.add(
            "NETWORK_CONFIG",
            "error",
            c.path("dhcp4"),
            "is missing; set dhcp4: true, or dhcp4: false with addresses",
        );
    } else if (typeof dhcp !== "boolean") {
        c.add("NETWORK_CONFIG", "error", c.path("dhcp4"), "must be true or false");
    }
    if (dhcp === true) {
        for (const key of STATIC_ONLY.filter((k) => settings[k] !== undefined)) {
            c.add(
                "NETWORK_CONFIG",
                "error",
                c.path(key),
                "is not allowed with dhcp4: true; remove it, or set dhcp4: false",
            );
        }
    } else if (dhcp === false && settings.addresses === undefined) {
        c.add(
            "NETWORK_CONFIG",
            "error",
            c.path("addresses"),
            "is missing; a static interface (dhcp4: false) needs an address such as 192.168.122.10/24",
        );
    }
    // With DHCP the static settings are refused outright; checking their values too would
    // only repeat the message.
    const statics = dhcp !== true;
    if (statics) checkAddresses(c, settings.addresses);
    const gateway =
        statics && settings.gateway4 !== undefined
            ? c.address(settings.gateway4, c.path("gateway4"))
            : undefined;
    if (gateway !== undefined) c.reachable(gateway, c.path("gateway4"));
    const defaultRoute = statics && checkRoutes(c, settings.routes);
    const nameservers = statics ? checkNameservers(c, settings.nameservers) : 0;
    if (settings.mtu !== undefined) {
        const mtu = settings.mtu;
        if (typeof mtu !== "number" || !Number.isInteger(mtu) || mtu < 68 || mtu > 65535) {
            c.add(
                "NETWORK_CONFIG",
                "error",
                c.path("mtu"),
                "must be a whole number of bytes from 68 to 65535, such as 1500",
            );
        }
    }
    return {
        path: at,
        dhcp: typeof dhcp === "boolean" ? dhcp : undefined,
        hasNameservers: nameservers > 0,
        hasDefaultRoute: settings.gateway4 !== undefined || defaultRoute,
    };
}

function checkAddresses(c: Checker, value: unknown): void {
    if (value === undefined) return;
    const list = c.list(value, c.path("addresses"), "addresses such as 192.168.122.10/24");
    if (list === undefined) return;
    if (list.length === 0) {
        c.add(
            "NETWORK_CONFIG",
            "error",
            c.path("addresses"),
            "is empty; list at least one address such as 192.168.122.10/24",
        );
    }
    list.forEach((item, i) => {
        const subnet = c.subnet(item, c.path("addresses", i));
        if (subnet === undefined) return;
        c.subnets.push(subnet);
        if (isReservedHost(subnet)) {
            c.add(
                "NETWORK_ADDRESS",
                "warning",
                c.path("addresses", i),
                `is the network or broadcast address of ${formatSubnet(subnet)}; pick a host address inside it`,
            );
        }
    });
}

/** Checks `routes`; returns whether one of them is a default route. */
function checkRoutes(c: Checker, value: unknown): boolean {
    if (value === undefined) return false;
    const list = c.list(value, c.path("routes"), "routes, each with to and via");
    let hasDefault = false;
    list?.forEach((route, i) => {
        if (!isMapping(route)) {
            c.add(
                "NETWORK_CONFIG",
                "error",
                c.path("routes", i),
                "must be a mapping with to and via",
            );
            return;
        }
        for (const key of Object.keys(route)) {
            if (key !== "to" && key !== "via") {
                c.add(
                    "UNKNOWN_KEY",
                    "error",
                    c.path("routes", i, key),
                    "is not a route setting the enclave accepts; remove it (allowed: to, via)",
                );
            }
        }
        if (route.to === undefined) {
            c.add(
                "NETWORK_CONFIG",
                "error",
                c.path("routes", i, "to"),
                "is missing; give the destination, e.g. 10.0.0.0/8 or default",
            );
        } else if (route.to === "default") {
            hasDefault = true;
        } else {
            const to = c.subnet(route.to, c.path("routes", i, "to"));
            if (to?.prefix === 0) hasDefault = true;
        }
        if (route.via === undefined) {
            c.add(
                "NETWORK_CONFIG",
                "error",
                c.path("routes", i, "via"),
                "is missing; give the gateway address the route goes through",
            );
        } else {
            const via = c.address(route.via, c.path("routes", i, "via"));
            if (via !== undefined) c.reachable(via, c.path("routes", i, "via"));
        }
    });
    return hasDefault;
}

/** Checks `nameservers`; returns how many name server addresses it lists. */
function checkNameservers(c: Checker, value: unknown): number {
    if (value === undefined) return 0;
    if (!isMapping(value)) {
        c.add(
            "NETWORK_CONFIG",
            "error",
            c.path("nameservers"),
            "must be a mapping with addresses and optionally search",
        );
        return 0;
    }
    for (const key of Object.keys(value)) {
        if (key !== "addresses" && key !== "search") {
            c.add(
                "UNKNOWN_KEY",
                "error",
                c.path("nameservers", key),
                "is not a name server setting the enclave accepts; remove it (allowed: addresses, search)",
            );
        }
    }
    let count = 0;
    if (value.addresses === undefined) {
        c.add(
            "NETWORK_CONFIG",
            "error",
            c.path("nameservers", "addresses"),
            "is missing; list the name servers, e.g. [192.168.122.1]",
        );
    } else {
        const list = c.list(
            value.addresses,
            c.path("nameservers", "addresses"),
            "name server addresses",
        );
        list?.forEach((item, i) => {
            if (c.address(item, c.path("nameservers", "addresses", i)) !== undefined) count++;
        });
    }
    if (value.search !== undefined) {
        const list = c.list(value.search, c.path("nameservers", "search"), "domain names");
        list?.forEach((item, i) => {
            if (typeof item !== "string" || !DOMAIN.test(item)) {
                c.add(
                    "NETWORK_CONFIG",
                    "error",
                    c.path("nameservers", "search", i),
                    "is not a domain name; write one such as example.com",
                );
            }
        });
    }
    return count;
}
