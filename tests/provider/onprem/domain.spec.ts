import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../../provider/errors";
import { buildDomainXml } from "../../../provider/onprem/domain";
import type { GuestOptions } from "../../../provider/onprem/guest";
import { scratch } from "../../support/tools";
import { attempt, requireCommand, run } from "./judges";

const BASE: GuestOptions = {
    name: "hpcr-web1",
    memoryMiB: 8192,
    vcpus: 2,
    bootDisk: "/var/lib/libvirt/images/hpcr-web1.qcow2",
    cidataIso: "/var/lib/libvirt/images/cidata-web1.iso",
};

const TABLE: readonly { title: string; options: GuestOptions }[] = [
    { title: "minimal", options: BASE },
    {
        title: "data disks of every source kind and several networks",
        options: {
            ...BASE,
            dataDisks: [
                { source: "/var/lib/libvirt/images/data.raw" },
                { source: "/dev/disk/by-id/dm-name-data2", serial: "data2" },
                { source: { pool: "default", volume: "data3.qcow2" }, format: "qcow2" },
            ],
            networks: [{ network: "default" }, { bridge: "br0", mac: "52:54:00:AB:cd:01" }],
        },
    },
    { title: "bridge only", options: { ...BASE, networks: [{ bridge: "virbr1" }] } },
    { title: "network only", options: { ...BASE, networks: [{ network: "hpcr-net" }] } },
    {
        title: "storage pool volumes, another machine type, a console log and launch security",
        options: {
            ...BASE,
            bootDisk: { pool: "images", volume: "boot-web1.qcow2" },
            cidataIso: { pool: "images", volume: "cidata-web1.iso" },
            machine: "s390-ccw-virtio-noble",
            consoleLog: "/var/log/libvirt/qemu/hpcr-web1-console.log",
            launchSecurity: true,
        },
    },
    {
        title: "cidata fingerprint in the metadata",
        options: { ...BASE, cidataFingerprint: "0123456789abcdef".repeat(4) },
    },
    {
        title: "paths and names that need escaping",
        options: {
            ...BASE,
            name: "web+1",
            bootDisk: `/srv/a&b/"boot" <1>.qcow2`,
            cidataIso: "/srv/it's/cidata.iso",
        },
    },
];

describe("libvirt domain of an on-prem enclave", () => {
    let dir: string;
    let remove: () => void;
    before(() => ({ dir, remove } = scratch("hpcr-domain-")));
    after(() => remove());

    const save = (title: string, xml: string) => {
        const file = path.join(dir, `${title.replace(/\W+/g, "-")}.xml`);
        fs.writeFileSync(file, xml);
        return file;
    };
    const xpath = (file: string, expr: string) =>
        run("xmllint", ["--xpath", expr, file]).toString().trim();

    describe("libvirt's schema", () => {
        before(function () {
            requireCommand(this, "virt-xml-validate", "libvirt-clients");
        });
        it("is a real judge: it refuses a domain with a device libvirt does not know", () => {
            const xml = buildDomainXml(BASE).xml.replace(
                "<memballoon",
                "<bogus/>\n    <memballoon",
            );
            const r = attempt("virt-xml-validate", [save("bogus", xml), "domain"]);
            assert.notEqual(r.status, 0);
        });
        for (const { title, options } of TABLE) {
            it(`accepts the ${title} domain`, () => {
                const file = save(title, buildDomainXml(options).xml);
                const r = attempt("virt-xml-validate", [file, "domain"]);
                assert.equal(r.status, 0, r.stdout + r.stderr);
            });
        }
    });

    describe("settings", () => {
        before(function () {
            requireCommand(this, "xmllint", "libxml2-utils");
        });

        it("makes an s390x KVM guest with IBM's Secure Execution settings", () => {
            const file = save("settings", buildDomainXml(TABLE[1].options).xml);
            assert.equal(xpath(file, "string(/domain/@type)"), "kvm");
            assert.equal(xpath(file, "string(/domain/name)"), "hpcr-web1");
            assert.equal(xpath(file, "string(/domain/memory/@unit)"), "MiB");
            assert.equal(xpath(file, "string(/domain/memory)"), "8192");
            assert.equal(xpath(file, "string(/domain/vcpu)"), "2");
            assert.equal(xpath(file, "string(/domain/os/type/@arch)"), "s390x");
            assert.equal(xpath(file, "string(/domain/os/type/@machine)"), "s390-ccw-virtio");
            assert.equal(xpath(file, "string(/domain/os/type)"), "hvm");
            assert.equal(xpath(file, "count(/domain/features)"), "0", "no ACPI or APIC");
            assert.equal(xpath(file, "count(//disk)"), "5");
            assert.equal(xpath(file, "count(//disk/driver[@iommu='on'])"), "5");
            assert.equal(xpath(file, "count(//disk/target[@bus='virtio'])"), "5");
            assert.equal(xpath(file, "count(//interface)"), "2");
            assert.equal(xpath(file, "count(//interface/driver[@iommu='on'])"), "2");
            assert.equal(xpath(file, "count(//interface/model[@type='virtio'])"), "2");
            assert.equal(xpath(file, "string(//memballoon/@model)"), "none");
            assert.equal(xpath(file, "string(//console/@type)"), "pty");
            assert.equal(xpath(file, "string(//console/target/@type)"), "sclp");
            for (const absent of [
                "devices/channel",
                "devices/controller[@type='virtio-serial']",
                "devices/sound",
                "devices/audio",
                "devices/rng",
                "devices/graphics",
                "devices/video",
                "devices/serial",
                "launchSecurity",
            ]) {
                assert.equal(xpath(file, `count(/domain/${absent})`), "0", absent);
            }
        });

        it("boots the qcow2 image and attaches the cidata ISO read-only as raw", () => {
            const file = save("disks", buildDomainXml(TABLE[1].options).xml);
            assert.equal(xpath(file, "string(//disk[target/@dev='vda']/driver/@type)"), "qcow2");
            assert.equal(xpath(file, "string(//disk[target/@dev='vda']/boot/@order)"), "1");
            assert.equal(
                xpath(file, "string(//disk[target/@dev='vdb']/source/@file)"),
                BASE.cidataIso,
            );
            assert.equal(xpath(file, "string(//disk[target/@dev='vdb']/driver/@type)"), "raw");
            assert.equal(xpath(file, "count(//disk[target/@dev='vdb']/readonly)"), "1");
            assert.equal(xpath(file, "count(//disk[readonly])"), "1");
            assert.equal(xpath(file, "string(//disk[target/@dev='vdd']/@type)"), "block");
            assert.equal(xpath(file, "string(//disk[target/@dev='vdd']/serial)"), "data2");
            assert.equal(xpath(file, "string(//disk[target/@dev='vde']/source/@pool)"), "default");
            assert.equal(
                xpath(file, "string(//interface[@type='bridge']/mac/@address)"),
                "52:54:00:ab:cd:01",
            );
        });

        it("escapes values so that libvirt reads them back exactly", () => {
            const options = TABLE.find((t) => t.title.startsWith("paths"))!.options;
            const file = save("escaping", buildDomainXml(options).xml);
            assert.equal(
                xpath(file, "string(//disk[target/@dev='vda']/source/@file)"),
                options.bootDisk,
            );
            assert.equal(
                xpath(file, "string(//disk[target/@dev='vdb']/source/@file)"),
                options.cidataIso,
            );
            assert.equal(xpath(file, "string(/domain/name)"), "web+1");
        });

        it("records the cidata ISO's fingerprint in the metadata, in the package's namespace", () => {
            const file = save("metadata", buildDomainXml(TABLE[5].options).xml);
            assert.equal(
                xpath(file, "string(/domain/metadata/*[local-name()='cidata']/@fingerprint)"),
                "0123456789abcdef".repeat(4),
            );
            assert.equal(
                xpath(file, "namespace-uri(/domain/metadata/*)"),
                "urn:pulumi-hyper-protect:guest:1",
            );
            const plain = save("no-metadata", buildDomainXml(BASE).xml);
            assert.equal(xpath(plain, "count(/domain/metadata)"), "0");
        });

        it("adds launch security, the console log and the machine type when asked", () => {
            const file = save("extras", buildDomainXml(TABLE[4].options).xml);
            assert.equal(xpath(file, "string(/domain/launchSecurity/@type)"), "s390-pv");
            assert.equal(
                xpath(file, "string(//console/log/@file)"),
                "/var/log/libvirt/qemu/hpcr-web1-console.log",
            );
            assert.equal(xpath(file, "string(/domain/os/type/@machine)"), "s390-ccw-virtio-noble");
            assert.equal(xpath(file, "string(//disk[target/@dev='vda']/@type)"), "volume");
        });
    });

    describe("findings and refusals", () => {
        it("warns below 4 GiB of memory with the enclave's code", () => {
            assert.deepEqual(buildDomainXml(BASE).findings, []);
            const [f] = buildDomainXml({ ...BASE, memoryMiB: 2048 }).findings;
            assert.equal(f.code, "DOMAIN_MEMORY");
            assert.equal(f.severity, "warning");
            assert.equal(f.path, "memoryMiB");
            assert.equal(f.hpl, "HPL11003E");
        });

        const refusals: readonly [string, Partial<GuestOptions>, RegExp][] = [
            ["an empty name", { name: "" }, /^name: /],
            ["a name with a slash", { name: "a/b" }, /^name: /],
            ["a relative path", { bootDisk: "images/boot.qcow2" }, /^bootDisk: /],
            ["a path with a line break", { cidataIso: "/tmp/a\nb.iso" }, /^cidataIso: /],
            ["a folder path", { cidataIso: "/tmp/" }, /^cidataIso: /],
            [
                "a pool name with a slash",
                { bootDisk: { pool: "a/b", volume: "x" } },
                /^bootDisk\.pool: /,
            ],
            ["zero memory", { memoryMiB: 0 }, /^memoryMiB: /],
            ["half a CPU", { vcpus: 1.5 }, /^vcpus: /],
            ["an x86 machine", { machine: "pc-q35-8.0" }, /^machine: /],
            [
                "a multicast MAC",
                { networks: [{ network: "default", mac: "01:00:5e:00:00:01" }] },
                /^networks\[0\]\.mac: /,
            ],
            [
                "a long bridge name",
                { networks: [{ bridge: "a-bridge-name-too-long" }] },
                /^networks\[0\]\.bridge: /,
            ],
            [
                "a serial with a space",
                { dataDisks: [{ source: "/d", serial: "a b" }] },
                /^dataDisks\[0\]\.serial: /,
            ],
            [
                "25 data disks",
                { dataDisks: Array.from({ length: 25 }, () => ({ source: "/d" })) },
                /^dataDisks: /,
            ],
            ["a relative console log", { consoleLog: "console.log" }, /^consoleLog: /],
            [
                "a fingerprint in upper case",
                { cidataFingerprint: "ABCDEF0123456789" },
                /^cidataFingerprint: /,
            ],
            ["a short fingerprint", { cidataFingerprint: "abc" }, /^cidataFingerprint: /],
        ];
        for (const [title, change, field] of refusals) {
            it(`refuses ${title}`, () => {
                assert.throws(
                    () => buildDomainXml({ ...BASE, ...change }),
                    (e: unknown) => InputError.isInstance(e) && field.test(e.message),
                );
            });
        }
    });
});
