/**
 * Hostile on-prem inputs: network-config files of any shape and bytes, and initdata
 * annotations that are damaged. Each ends in findings or one InputError, never a throw of
 * another kind; a contract that initdata can carry reads back unchanged.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import * as YAML from "yaml";
import { buildInitdata, readInitdata } from "../../../provider/onprem/initdata";
import { validateNetworkConfig } from "../../../provider/onprem/network-config";
import {
    assertClearFindings,
    damaged,
    damagedText,
    fuzzParameters,
    resultOrClearError,
    valueCount,
} from "../../support/fuzz";

const address = fc.oneof(
    fc.ipV4(),
    fc.ipV4Extended(),
    fc.constantFrom("192.168.122.1", "010.0.0.1", "256.1.1.1", "::1", "", "1.2.3"),
    fc.string({ maxLength: 16 }),
);
const subnet = fc.oneof(
    fc.tuple(fc.ipV4(), fc.integer({ min: -1, max: 40 })).map(([a, p]) => `${a}/${p}`),
    address,
);
const any = fc.jsonValue({ maxDepth: 2 });

/** An interface's settings: the real keys with values right or wrong, and unknown keys. */
const settings = fc.record(
    {
        dhcp4: fc.oneof(fc.boolean(), any),
        addresses: fc.oneof(fc.array(subnet, { maxLength: 3 }), any),
        gateway4: fc.oneof(address, any),
        routes: fc.oneof(
            fc.array(fc.record({ to: subnet, via: address }, { requiredKeys: [] }), {
                maxLength: 3,
            }),
            any,
        ),
        nameservers: fc.oneof(
            fc.record(
                {
                    addresses: fc.array(address, { maxLength: 3 }),
                    search: fc.array(fc.oneof(fc.domain(), fc.string()), { maxLength: 2 }),
                },
                { requiredKeys: [] },
            ),
            any,
        ),
        mtu: fc.oneof(fc.integer(), any),
        "set-name": fc.string(),
    },
    { requiredKeys: [] },
);

const document = fc.record(
    {
        network: fc.oneof(
            fc.record(
                {
                    version: fc.oneof(fc.constant(2), any),
                    ethernets: fc.oneof(
                        fc.dictionary(
                            fc.oneof(
                                fc.constantFrom("enc1", "enc2", "eth0", "toString"),
                                fc.string(),
                            ),
                            settings,
                            { maxKeys: 3 },
                        ),
                        any,
                    ),
                },
                { requiredKeys: [] },
            ),
            any,
        ),
        renderer: fc.string(),
    },
    { requiredKeys: [] },
);

describe("on-prem inputs under fuzzing", function () {
    const sample =
        "network:\n  version: 2\n  ethernets:\n    enc1:\n      dhcp4: false\n      addresses: [192.168.122.110/24]\n      gateway4: 192.168.122.1\n      nameservers:\n        addresses: [192.168.122.1]\n";

    it("validates network-config files of any shape into findings", () => {
        fc.assert(
            fc.property(document, fc.boolean(), (doc, asJson) => {
                const text = asJson ? JSON.stringify(doc) : YAML.stringify(doc);
                const validation = validateNetworkConfig(text);
                assertClearFindings(validation.findings, [], 2 * valueCount(doc));
                assert.equal(
                    validation.ok,
                    !validation.findings.some((f) => f.severity === "error"),
                );
            }),
            fuzzParameters(),
        );
    });

    it("validates damaged network-config bytes into findings, one for text that is not YAML", () => {
        fc.assert(
            fc.property(damaged(Buffer.from(sample)), (bytes) => {
                const validation = validateNetworkConfig(bytes);
                assertClearFindings(validation.findings, [], 30);
                const yaml = validation.findings.filter((f) => f.code === "YAML_INVALID");
                assert.ok(yaml.length <= 1);
            }),
            fuzzParameters(),
        );
    });

    it("reads a damaged initdata annotation, or names initdata", () => {
        const annotation = buildInitdata("env: hyper-protect-basic.AAAA.BBBB\nworkload: x\n");
        fc.assert(
            fc.property(
                fc.oneof(
                    damagedText(annotation),
                    damaged(Buffer.from(annotation, "base64")).map((b) => b.toString("base64")),
                ),
                (text) => {
                    resultOrClearError(() => readInitdata(text), ["initdata"]);
                },
            ),
            fuzzParameters(),
        );
    });

    it("carries any contract text initdata can hold and reads it back unchanged", () => {
        fc.assert(
            fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (contract) => {
                const annotation = resultOrClearError(() => buildInitdata(contract), ["contract"]);
                if (annotation === undefined) return;
                const read = readInitdata(annotation);
                // A TOML reader drops one line break at the very start of the contract.
                assert.equal(read.contract, contract.replace(/^\r?\n/, ""));
            }),
            fuzzParameters(),
        );
    });
});
