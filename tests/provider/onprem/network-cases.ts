/**
 * A table of `network-config` files: what this package reports on each, and whether IBM's
 * network schema accepts it. Where the two verdicts differ, `why` says why ours is intended.
 */

/** One case of the table. */
export interface NetworkCase {
    readonly title: string;
    /** The file's text. */
    readonly text: string;
    /** Expected findings, each `severity CODE path`; empty for a clean file. */
    readonly findings: readonly string[];
    /** Whether IBM's schema accepts the parsed file; undefined where it does not parse. */
    readonly ibm?: boolean;
    /** Why our verdict differs from IBM's, when it does. */
    readonly why?: string;
}

const head = "network:\n  version: 2\n  ethernets:\n";

/** An interface block, indented under `ethernets`. */
function iface(name: string, body: string): string {
    return `    ${name}:\n${body
        .trim()
        .split("\n")
        .map((l) => `      ${l}`)
        .join("\n")}\n`;
}

const STATIC = `dhcp4: false
addresses: [192.168.122.110/24]
gateway4: 192.168.122.1
nameservers:
  addresses: [192.168.122.1, 8.8.8.8]
  search: [example.com]`;

const E = "network.ethernets.enc1";

/** A complete static configuration of one interface, with no finding. */
export const STATIC_NETWORK_CONFIG = `network:
  version: 2
  ethernets:
    enc1:
      dhcp4: false
      addresses: [192.168.122.110/24]
      gateway4: 192.168.122.1
      nameservers:
        addresses: [192.168.122.1]
`;

export const NETWORK_CASES: readonly NetworkCase[] = [
    // accepted by both
    { title: "DHCP", text: head + iface("enc1", "dhcp4: true"), findings: [], ibm: true },
    {
        title: "DHCP with an MTU",
        text: head + iface("enc1", "dhcp4: true\nmtu: 9000"),
        findings: [],
        ibm: true,
    },
    { title: "static, complete", text: head + iface("enc1", STATIC), findings: [], ibm: true },
    {
        title: "static with a default route instead of gateway4",
        text:
            head +
            iface(
                "enc1",
                STATIC.replace(
                    "gateway4: 192.168.122.1",
                    "routes:\n  - to: 0.0.0.0/0\n    via: 192.168.122.1",
                ),
            ),
        findings: [],
        ibm: true,
    },
    {
        title: "static with a route to default",
        text:
            head +
            iface(
                "enc1",
                STATIC.replace(
                    "gateway4: 192.168.122.1",
                    "routes:\n  - to: default\n    via: 192.168.122.1",
                ),
            ),
        findings: [],
        ibm: true,
    },
    {
        title: "a DHCP interface supplies DNS and route for a bare static one",
        text:
            head +
            iface("enc1", "dhcp4: true") +
            iface("enc2", "dhcp4: false\naddresses: [10.0.0.5/8]"),
        findings: [],
        ibm: true,
    },
    {
        title: "one static interface supplies DNS and route for another",
        text: head + iface("enc1", STATIC) + iface("enc2", "dhcp4: false\naddresses: [10.0.0.5/8]"),
        findings: [],
        ibm: true,
    },
    {
        title: "JSON, which is YAML",
        text: '{"network": {"version": 2, "ethernets": {"enc1": {"dhcp4": true}}}}',
        findings: [],
        ibm: true,
    },
    // warnings only
    {
        title: "static without name servers",
        text: head + iface("enc1", STATIC.replace(/nameservers:[\s\S]*/, "")),
        findings: [`warning NETWORK_DNS_MISSING ${E}.nameservers`],
        ibm: true,
    },
    {
        title: "static with an empty name server list",
        text: head + iface("enc1", STATIC.replace("[192.168.122.1, 8.8.8.8]", "[]")),
        findings: [`warning NETWORK_DNS_MISSING ${E}.nameservers`],
        ibm: true,
    },
    {
        title: "static without gateway or default route",
        text: head + iface("enc1", STATIC.replace("gateway4: 192.168.122.1\n", "")),
        findings: [`warning NETWORK_ROUTE_MISSING ${E}.gateway4`],
        ibm: true,
    },
    {
        title: "two bare static interfaces",
        text:
            head +
            iface("enc1", "dhcp4: false\naddresses: [10.0.0.5/8]") +
            iface("enc2", "dhcp4: false\naddresses: [10.1.0.5/8]"),
        findings: [
            `warning NETWORK_DNS_MISSING ${E}.nameservers`,
            `warning NETWORK_ROUTE_MISSING ${E}.gateway4`,
            "warning NETWORK_DNS_MISSING network.ethernets.enc2.nameservers",
            "warning NETWORK_ROUTE_MISSING network.ethernets.enc2.gateway4",
        ],
        ibm: true,
    },
    {
        title: "a gateway outside the interface's subnet",
        text:
            head +
            iface("enc1", STATIC.replace("gateway4: 192.168.122.1", "gateway4: 192.168.123.1")),
        findings: [`warning NETWORK_GATEWAY ${E}.gateway4`],
        ibm: true,
    },
    {
        title: "a route whose next hop lies outside the subnet",
        text: head + iface("enc1", `${STATIC}\nroutes:\n  - to: 10.0.0.0/8\n    via: 172.16.0.1`),
        findings: [`warning NETWORK_GATEWAY ${E}.routes[0].via`],
        ibm: true,
    },
    {
        title: "the subnet's network address as the interface address",
        text: head + iface("enc1", STATIC.replace("192.168.122.110/24", "192.168.122.0/24")),
        findings: [`warning NETWORK_ADDRESS ${E}.addresses[0]`],
        ibm: true,
    },
    // refused by both
    {
        title: "IBM's invalid sample: an interface named enc",
        text: head + iface("enc", STATIC),
        findings: ["error NETWORK_CONFIG network.ethernets.enc"],
        ibm: false,
    },
    {
        title: "an interface named eth0",
        text: head + iface("eth0", "dhcp4: true"),
        findings: ["error NETWORK_CONFIG network.ethernets.eth0"],
        ibm: false,
    },
    {
        title: "no network key",
        text: "version: 2\n",
        findings: ["error UNKNOWN_KEY version", "error NETWORK_CONFIG network"],
        ibm: false,
    },
    {
        title: "network: null",
        text: "network:\n",
        findings: ["error NETWORK_CONFIG network"],
        ibm: false,
    },
    {
        title: "a list at the top",
        text: "- network\n",
        findings: ["error NETWORK_CONFIG network-config"],
        ibm: false,
    },
    {
        title: "no ethernets",
        text: "network:\n  version: 2\n",
        findings: ["error NETWORK_CONFIG network.ethernets"],
        ibm: false,
    },
    {
        title: "empty ethernets",
        text: "network:\n  version: 2\n  ethernets: {}\n",
        findings: ["error NETWORK_CONFIG network.ethernets"],
        ibm: false,
    },
    {
        title: "no dhcp4",
        text: head + iface("enc1", "mtu: 1500"),
        findings: [`error NETWORK_CONFIG ${E}.dhcp4`],
        ibm: false,
    },
    {
        title: "dhcp4: yes, a string in YAML 1.2",
        text: head + iface("enc1", "dhcp4: yes"),
        findings: [`error NETWORK_CONFIG ${E}.dhcp4`],
        ibm: false,
    },
    {
        title: "DHCP with static addresses and name servers",
        text:
            head +
            iface(
                "enc1",
                "dhcp4: true\naddresses: [10.0.0.5/8]\nnameservers:\n  addresses: [10.0.0.1]",
            ),
        findings: [`error NETWORK_CONFIG ${E}.addresses`, `error NETWORK_CONFIG ${E}.nameservers`],
        ibm: false,
    },
    {
        title: "static without addresses",
        text:
            head +
            iface(
                "enc1",
                "dhcp4: false\ngateway4: 10.0.0.1\nnameservers:\n  addresses: [10.0.0.1]",
            ),
        findings: [`error NETWORK_CONFIG ${E}.addresses`],
        ibm: false,
    },
    {
        title: "static with an empty address list",
        text: head + iface("enc1", STATIC.replace("[192.168.122.110/24]", "[]")),
        findings: [`error NETWORK_CONFIG ${E}.addresses`],
        ibm: false,
    },
    {
        title: "addresses as a string",
        text: head + iface("enc1", STATIC.replace("[192.168.122.110/24]", "192.168.122.110/24")),
        findings: [`error NETWORK_CONFIG ${E}.addresses`],
        ibm: false,
    },
    {
        title: "a number over 255",
        text: head + iface("enc1", STATIC.replace("192.168.122.110/24", "192.168.300.110/24")),
        findings: [`error NETWORK_ADDRESS ${E}.addresses[0]`],
        ibm: false,
    },
    {
        title: "an address without a prefix",
        text: head + iface("enc1", STATIC.replace("192.168.122.110/24", "192.168.122.110")),
        findings: [`error NETWORK_ADDRESS ${E}.addresses[0]`],
        ibm: false,
    },
    {
        title: "a prefix of 33",
        text: head + iface("enc1", STATIC.replace("192.168.122.110/24", "192.168.122.110/33")),
        findings: [`error NETWORK_ADDRESS ${E}.addresses[0]`],
        ibm: false,
    },
    {
        title: "an MTU as text",
        text: head + iface("enc1", 'dhcp4: true\nmtu: "1500"'),
        findings: [`error NETWORK_CONFIG ${E}.mtu`],
        ibm: false,
    },
    {
        title: "routes as a mapping",
        text: head + iface("enc1", `${STATIC}\nroutes:\n  to: 10.0.0.0/8`),
        findings: [`error NETWORK_CONFIG ${E}.routes`],
        ibm: false,
    },
    {
        title: "name servers with search domains only",
        text: head + iface("enc1", STATIC.replace("  addresses: [192.168.122.1, 8.8.8.8]\n", "")),
        findings: [
            `error NETWORK_CONFIG ${E}.nameservers.addresses`,
            `warning NETWORK_DNS_MISSING ${E}.nameservers`,
        ],
        ibm: false,
    },
    // intended differences: ours refuses what the schema lets through
    {
        title: "a number with a leading zero",
        text: head + iface("enc1", STATIC.replace("192.168.122.110/24", "192.168.122.011/24")),
        findings: [`error NETWORK_ADDRESS ${E}.addresses[0]`],
        ibm: true,
        why: "the C library's inet_pton, which netplan's back ends use, refuses leading zeros, and other tools read them as octal",
    },
    {
        title: "a gateway that is not an address",
        text:
            head +
            iface("enc1", STATIC.replace("gateway4: 192.168.122.1", "gateway4: 192.168.122.256")),
        findings: [`error NETWORK_ADDRESS ${E}.gateway4`],
        ibm: true,
        why: "the schema's format: ipv4 is an annotation in draft 2020-12, so it checks nothing",
    },
    {
        title: "a name server given by host name",
        text: head + iface("enc1", STATIC.replace("[192.168.122.1, 8.8.8.8]", "[dns.example.com]")),
        findings: [
            `error NETWORK_ADDRESS ${E}.nameservers.addresses[0]`,
            `warning NETWORK_DNS_MISSING ${E}.nameservers`,
        ],
        ibm: true,
        why: "name servers must be addresses (the schema's format: ipv4 is not enforced)",
    },
    {
        title: "a route to a prefix of 33",
        text:
            head + iface("enc1", `${STATIC}\nroutes:\n  - to: 10.0.0.0/33\n    via: 192.168.122.1`),
        findings: [`error NETWORK_ADDRESS ${E}.routes[0].to`],
        ibm: true,
        why: "the schema puts the pattern of routes[].to under format, where it checks nothing",
    },
    {
        title: "a route without via",
        text: head + iface("enc1", `${STATIC}\nroutes:\n  - to: 10.0.0.0/8`),
        findings: [`error NETWORK_CONFIG ${E}.routes[0].via`],
        ibm: true,
        why: "netplan refuses a unicast route without a gateway",
    },
    {
        title: "an interface setting outside the subset (dhcp6)",
        text: head + iface("enc1", "dhcp4: true\ndhcp6: true"),
        findings: [`error UNKNOWN_KEY ${E}.dhcp6`],
        ibm: true,
        why: "the enclave documents only this subset; the schema leaves interface objects open",
    },
    {
        title: "a network setting outside the subset (renderer)",
        text:
            "network:\n  version: 2\n  renderer: networkd\n  ethernets:\n" +
            iface("enc1", "dhcp4: true"),
        findings: ["error UNKNOWN_KEY network.renderer"],
        ibm: true,
        why: "the enclave documents only version and ethernets; the schema leaves network open",
    },
    {
        title: "a top-level key besides network",
        text: head + iface("enc1", "dhcp4: true") + "config: x\n",
        findings: ["error UNKNOWN_KEY config"],
        ibm: true,
        why: "nothing reads other top-level keys; a typo there would go unnoticed",
    },
    {
        title: "no version",
        text: "network:\n  ethernets:\n" + iface("enc1", "dhcp4: true"),
        findings: ["error NETWORK_CONFIG network.version"],
        ibm: true,
        why: "cloud-init needs version: 2 to read the file as netplan; the schema does not require it",
    },
    {
        title: "version 1",
        text: "network:\n  version: 1\n  ethernets:\n" + iface("enc1", "dhcp4: true"),
        findings: ["error NETWORK_CONFIG network.version"],
        ibm: true,
        why: "version 1 is another format, which this subset is not",
    },
    {
        title: "an MTU below the IPv4 minimum",
        text: head + iface("enc1", "dhcp4: true\nmtu: 10"),
        findings: [`error NETWORK_CONFIG ${E}.mtu`],
        ibm: true,
        why: "Linux refuses an MTU under 68",
    },
    {
        title: "a search domain that is not a domain name",
        text: head + iface("enc1", STATIC.replace("[example.com]", '["bad domain"]')),
        findings: [`error NETWORK_CONFIG ${E}.nameservers.search[0]`],
        ibm: true,
        why: "the resolver ignores such an entry; the schema accepts any string",
    },
    // not YAML: no schema verdict
    { title: "broken YAML", text: "network: [\n", findings: ["error YAML_INVALID network-config"] },
    {
        title: "a repeated key",
        text: "network: {}\nnetwork: {}\n",
        findings: ["error YAML_INVALID network-config"],
    },
];
