import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../../provider/errors";
import { buildDomainXml } from "../../../provider/onprem/domain";
import type { GuestOptions } from "../../../provider/onprem/guest";
import { buildLibvirtDomainArgs } from "../../../provider/onprem/libvirt-domain";
import { scratch } from "../../support/tools";
import { requireCommand, run } from "./judges";

const GUEST: GuestOptions = {
    name: "hpcr-web1",
    memoryMiB: 8192,
    vcpus: 2,
    bootDisk: { pool: "images", volume: "hpcr-web1-boot.qcow2" },
    cidataIso: { pool: "images", volume: "hpcr-web1-cidata-0123456789abcdef.iso" },
    dataDisks: [
        { source: "/var/lib/libvirt/images/data.raw" },
        { source: "/dev/disk/by-id/dm-name-data2", serial: "data2" },
    ],
    networks: [{ network: "default" }, { bridge: "br0", mac: "52:54:00:AB:cd:01" }],
    consoleLog: "/var/log/libvirt/qemu/hpcr-web1-console.log",
    machine: "s390-ccw-virtio-noble",
};

describe("libvirt.Domain arguments of an on-prem enclave", () => {
    const { args, findings } = buildLibvirtDomainArgs(GUEST);

    it("describes an s390x KVM guest of the given size and machine", () => {
        assert.equal(args.name, "hpcr-web1");
        assert.equal(args.type, "kvm");
        assert.deepEqual([args.memory, args.memoryUnit, args.vcpu], [8192, "MiB", 2]);
        assert.deepEqual(args.os, {
            type: "hvm",
            typeArch: "s390x",
            typeMachine: "s390-ccw-virtio-noble",
        });
        assert.equal(args.running, true);
        assert.deepEqual(findings, []);
    });

    it("puts iommu on every disk and interface driver, no balloon, an SCLP console", () => {
        for (const d of args.devices.disks) assert.equal(d.driver.iommu, "on");
        for (const i of args.devices.interfaces) {
            assert.deepEqual(i.driver, { name: "vhost", iommu: "on" });
            assert.deepEqual(i.model, { type: "virtio" });
        }
        assert.deepEqual(args.devices.memBalloon, { model: "none" });
        assert.deepEqual(args.devices.consoles, [
            {
                target: { type: "sclp", port: 0 },
                log: { file: GUEST.consoleLog, append: "on" },
            },
        ]);
        assert.deepEqual(Object.keys(args.devices).sort(), [
            "consoles",
            "disks",
            "interfaces",
            "memBalloon",
        ]);
    });

    it("boots the qcow2 volume, reads the ISO read-only, then the data disks", () => {
        assert.deepEqual(args.devices.disks[0], {
            device: "disk",
            source: { volume: { pool: "images", volume: "hpcr-web1-boot.qcow2" } },
            target: { dev: "vda", bus: "virtio" },
            driver: { name: "qemu", type: "qcow2", iommu: "on" },
            boot: { order: 1 },
        });
        assert.equal(args.devices.disks[1].readOnly, true);
        assert.equal(args.devices.disks[1].driver.type, "raw");
        assert.deepEqual(args.devices.disks[2].source, {
            file: { file: "/var/lib/libvirt/images/data.raw" },
        });
        assert.deepEqual(args.devices.disks[3].source, {
            block: { dev: "/dev/disk/by-id/dm-name-data2" },
        });
        assert.equal(args.devices.disks[3].serial, "data2");
        assert.deepEqual(args.devices.interfaces[1].source, { bridge: { bridge: "br0" } });
        assert.deepEqual(args.devices.interfaces[1].mac, { address: "52:54:00:ab:cd:01" });
    });

    it("holds no undefined value, which the engine cannot carry", () => {
        const walk = (v: unknown): void => {
            assert.notEqual(v, undefined);
            if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
        };
        walk(args);
    });

    it("refuses what the domain XML refuses, with the same field", () => {
        for (const bad of [
            { name: "a/b" },
            { memoryMiB: 0 },
            { bootDisk: "relative.qcow2" },
            { networks: [{ bridge: "a-bridge-name-too-long" }] },
        ] as Partial<GuestOptions>[]) {
            const message = (fn: () => unknown) => {
                try {
                    fn();
                } catch (e) {
                    assert.ok(InputError.isInstance(e));
                    return e.message;
                }
                assert.fail("no error");
            };
            assert.equal(
                message(() => buildLibvirtDomainArgs({ ...GUEST, ...bad })),
                message(() => buildDomainXml({ ...GUEST, ...bad })),
            );
        }
    });

    describe("agrees with the domain XML, read by xmllint", () => {
        let dir: string;
        let remove: () => void;
        before(function () {
            requireCommand(this, "xmllint", "libxml2-utils");
            ({ dir, remove } = scratch("hpcr-libvirt-args-"));
        });
        after(() => remove?.());

        it("on every disk and interface, in order", () => {
            const file = path.join(dir, "guest.xml");
            fs.writeFileSync(file, buildDomainXml(GUEST).xml);
            const xpath = (expr: string) =>
                run("xmllint", ["--xpath", expr, file]).toString().replace(/\n$/, "");
            args.devices.disks.forEach((d, i) => {
                const at = `/domain/devices/disk[${i + 1}]`;
                assert.equal(xpath(`string(${at}/target/@dev)`), d.target.dev);
                assert.equal(xpath(`string(${at}/driver/@type)`), d.driver.type);
                assert.equal(xpath(`string(${at}/driver/@iommu)`), d.driver.iommu);
                assert.equal(xpath(`count(${at}/readonly)`), d.readOnly ? "1" : "0");
                const s = d.source;
                const where =
                    "volume" in s
                        ? `${s.volume.pool}/${s.volume.volume}`
                        : "file" in s
                          ? s.file.file
                          : s.block.dev;
                const fromXml = xpath(
                    `concat(${at}/source/@pool, substring('/', 1, count(${at}/source/@pool)), ${at}/source/@volume, ${at}/source/@file, ${at}/source/@dev)`,
                );
                assert.equal(fromXml, where);
            });
            args.devices.interfaces.forEach((n, i) => {
                const at = `/domain/devices/interface[${i + 1}]`;
                const name =
                    "network" in n.source ? n.source.network.network : n.source.bridge.bridge;
                assert.equal(xpath(`string(${at}/source/@network | ${at}/source/@bridge)`), name);
                assert.equal(xpath(`string(${at}/mac/@address)`), n.mac?.address ?? "");
            });
        });
    });
});
