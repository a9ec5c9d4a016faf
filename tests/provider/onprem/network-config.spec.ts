import * as assert from "node:assert/strict";
import { formatFinding } from "../../../provider/findings";
import { validateNetworkConfig } from "../../../provider/onprem/network-config";
import { requireVectors, vectorText } from "../../support/vectors";
import { NETWORK_CASES } from "./network-cases";

const summary = (text: string | Buffer) =>
    validateNetworkConfig(text)
        .findings.map((f) => `${f.severity} ${f.code} ${f.path}`)
        .sort();

describe("network-config validation", () => {
    describe("IBM's samples", () => {
        beforeEach(function () {
            requireVectors(this);
        });

        it("accepts the valid sample", () => {
            const text = vectorText("contract-go/samples/network/network_config.yaml");
            const result = validateNetworkConfig(text);
            assert.deepEqual(result.findings, []);
            assert.equal(result.ok, true);
        });

        it("refuses the invalid sample at the interface named enc", () => {
            const text = vectorText("contract-go/samples/network/network_config_invalid.yaml");
            const result = validateNetworkConfig(text);
            assert.equal(result.ok, false);
            assert.deepEqual(summary(text), ["error NETWORK_CONFIG network.ethernets.enc"]);
            assert.match(result.findings[0].message, /enc followed by digits/);
        });
    });

    describe("the table of cases", () => {
        for (const c of NETWORK_CASES) {
            it(`${c.findings.length === 0 ? "accepts" : "reports on"} ${c.title}`, () => {
                assert.deepEqual(summary(c.text), [...c.findings].sort());
                const result = validateNetworkConfig(c.text);
                assert.equal(result.ok, !c.findings.some((f) => f.startsWith("error")));
            });
        }
    });

    describe("findings", () => {
        it("say what to change in one sentence, and name the enclave's code for DNS failures", () => {
            const text =
                "network:\n  version: 2\n  ethernets:\n    enc1:\n      dhcp4: false\n      addresses: [10.1.2.3/16]\n";
            const lines = validateNetworkConfig(text).findings.map(formatFinding);
            assert.deepEqual(lines, [
                "warning NETWORK_ROUTE_MISSING network.ethernets.enc1.gateway4: is missing and no interface has a default route; add gateway4 or a route to 0.0.0.0/0, or the enclave's DNS check times out at boot (enclave: HPL14002E)",
                "warning NETWORK_DNS_MISSING network.ethernets.enc1.nameservers: is missing and no interface gets DNS from DHCP; add nameservers.addresses, or the enclave's DNS check fails at boot (enclave: HPL14001E)",
            ]);
        });

        it("never quote the file, even when it does not parse", () => {
            const secret = "s3cr3t-value";
            for (const text of [
                `network: [${secret}\n`,
                `network:\n  version: ${secret}\n`,
                `${secret}: 1\n`,
            ]) {
                for (const f of validateNetworkConfig(text).findings) {
                    assert.ok(!f.message.includes(secret), f.message);
                }
            }
        });

        it("name the subnet a gateway should lie in", () => {
            const text =
                "network:\n  version: 2\n  ethernets:\n    enc1:\n      dhcp4: false\n      addresses: [10.1.2.3/16]\n      gateway4: 10.2.0.1\n      nameservers: {addresses: [10.1.0.1]}\n";
            const [f] = validateNetworkConfig(text).findings;
            assert.match(f.message, /10\.1\.0\.0\/16/);
        });

        it("report text that is not UTF-8", () => {
            assert.deepEqual(summary(Buffer.from([0x6e, 0xff, 0xfe, 0x0a])), [
                "error YAML_INVALID network-config",
            ]);
        });

        it("report an empty file as missing the network key", () => {
            assert.deepEqual(summary(""), ["error NETWORK_CONFIG network-config"]);
        });
    });
});
