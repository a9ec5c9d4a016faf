import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ContractValidationError } from "../../../provider/findings";
import { InputError } from "../../../provider/errors";
import { buildCidataIso } from "../../../provider/onprem/cidata";
import { scratch } from "../../support/tools";
import { requireCommand, run } from "./judges";
import { STATIC_NETWORK_CONFIG } from "./network-cases";

describe("cidata ISO", () => {
    let dir: string;
    let remove: () => void;
    before(() => ({ dir, remove } = scratch("hpcr-cidata-")));
    after(() => remove());

    const names = (iso: Buffer, mode: string) => {
        const file = path.join(dir, "seed.iso");
        fs.writeFileSync(file, iso);
        return run("isoinfo", [mode, "-f", "-i", file]).toString().trim().split("\n");
    };

    it("holds user-data and meta-data, and the optional files only when given", function () {
        requireCommand(this, "isoinfo", "genisoimage");
        const minimal = buildCidataIso({ userData: "workload: a\nenv: b\n", metaData: "" });
        assert.deepEqual(names(minimal, "-R"), ["/meta-data", "/user-data"]);
        const full = buildCidataIso({
            userData: "workload: a\nenv: b\n",
            metaData: "local-hostname: web1\n",
            vendorData: "#cloud-config\nusers: [default]\n",
            networkConfig: STATIC_NETWORK_CONFIG,
        });
        const all = ["/meta-data", "/network-config", "/user-data", "/vendor-data"];
        assert.deepEqual(names(full, "-R"), all);
        assert.deepEqual(names(full, "-J"), all);
        const file = path.join(dir, "full.iso");
        fs.writeFileSync(file, full);
        assert.match(run("isoinfo", ["-d", "-i", file]).toString(), /^Volume id: cidata$/m);
        assert.equal(
            run("isoinfo", ["-R", "-x", "/network-config", "-i", file]).toString(),
            STATIC_NETWORK_CONFIG,
        );
    });

    it("is the same image for the same files", () => {
        const input = {
            userData: Buffer.from("workload: a\n"),
            metaData: "local-hostname: a\n",
            vendorData: "",
        };
        assert.ok(buildCidataIso(input).equals(buildCidataIso({ ...input })));
    });

    it("refuses an empty contract", () => {
        assert.throws(
            () => buildCidataIso({ userData: "", metaData: "" }),
            (e: unknown) => InputError.isInstance(e) && /^userData: /.test(e.message),
        );
    });

    it("refuses a network configuration with errors, and lets warnings through", () => {
        assert.throws(
            () =>
                buildCidataIso({
                    userData: "x",
                    metaData: "",
                    networkConfig:
                        "network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n",
                }),
            (e: unknown) =>
                e instanceof ContractValidationError &&
                e.findings.some((f) => f.path === "network.ethernets.eth0"),
        );
        const noDns = STATIC_NETWORK_CONFIG.replace(/ {6}nameservers:\n.*\n/, "");
        assert.ok(buildCidataIso({ userData: "x", metaData: "", networkConfig: noDns }).length > 0);
    });
});
