/**
 * The libvirt domain of an on-prem enclave: an s390x KVM guest that boots an IBM Secure
 * Execution image. It carries what IBM's samples patch in with XSLT: `iommu="on"` on every
 * virtio disk and interface, no memory balloon, an SCLP console, and no ACPI, virtio-serial,
 * channels, sound, RNG or graphics (a protected guest cannot share memory with such devices,
 * and ACPI is unknown to some s390 machine types).
 */
import { InputError } from "../errors";
import { finding, type Finding } from "../contract/findings";
import { element, type XmlNode } from "./xml";

/**
 * Where a disk's content lies: an absolute path on the host (a block device under `/dev/`, a
 * file elsewhere) or a volume of a libvirt storage pool.
 */
export type DiskSource = string | { readonly pool: string; readonly volume: string };

/** A data disk for the enclave's `env.volumes` / `workload.volumes`. */
export interface DataDisk {
    readonly source: DiskSource;
    /** The image format. Default: `raw`. */
    readonly format?: "raw" | "qcow2";
    /** The serial number the guest sees (at most 20 letters, digits, `-` or `_`). */
    readonly serial?: string;
}

/** A network interface: attached to a libvirt network or to a host bridge. */
export type GuestNetwork =
    | { readonly network: string; readonly mac?: string }
    | { readonly bridge: string; readonly mac?: string };

/** The settings of {@link buildDomainXml}. */
export interface GuestOptions {
    /** The domain name (1 to 64 letters, digits, `.`, `_`, `+` or `-`, starting with a letter or digit). */
    readonly name: string;
    /** Memory in MiB. The enclave refuses to boot with less than 4096 (HPL11003E). */
    readonly memoryMiB: number;
    /** Virtual CPUs. */
    readonly vcpus: number;
    /** The enclave image (qcow2), a copy per guest: the image re-creates its root disk at boot. */
    readonly bootDisk: DiskSource;
    /** The `cidata` ISO of {@link buildCidataIso}, attached read-only. */
    readonly cidataIso: DiskSource;
    /** Further disks, attached after the ISO. Default: none. */
    readonly dataDisks?: readonly DataDisk[];
    /** Network interfaces, in order (enc1 is the first). Default: none. */
    readonly networks?: readonly GuestNetwork[];
    /** The machine type; later variants such as `s390-ccw-virtio-noble` also work. Default: `s390-ccw-virtio`. */
    readonly machine?: string;
    /**
     * Adds `<launchSecurity type="s390-pv"/>`, with which libvirt checks that the host can run
     * protected guests and sets up their devices itself (libvirt 7.6 or later). IBM's samples
     * do without it, so it is off by default.
     */
    readonly launchSecurity?: boolean;
    /** A host file that also receives the console output (boot loader and HPL messages). */
    readonly consoleLog?: string;
}

/** The result of {@link buildDomainXml}. */
export interface DomainXml {
    /** The domain definition, for `virsh define`. */
    readonly xml: string;
    /** Warnings on settings that will keep the enclave from booting. */
    readonly findings: readonly Finding[];
}

/** The smallest memory the enclave boots with, in MiB. */
export const MIN_MEMORY_MIB = 4096;

const DOMAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const MACHINE = /^s390-ccw-virtio(-[A-Za-z0-9._]+)?$/;
const LIBVIRT_NAME = /^[A-Za-z0-9][A-Za-z0-9._+:@-]{0,254}$/;
const BRIDGE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$/;
const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;
const SERIAL = /^[A-Za-z0-9_-]{1,20}$/;
// Control characters would end up in libvirt's XML and the shell commands of whoever reads it.
const HOST_PATH = /^\/[^\u0000-\u001f\u007f]*$/;

function check(ok: boolean, field: string, reason: string): void {
    if (!ok) throw new InputError(field, reason);
}

function count(value: number, field: string): void {
    check(Number.isSafeInteger(value) && value > 0, field, "must be a whole number above 0");
}

function disk(
    field: string,
    source: DiskSource,
    format: string,
    target: string,
    extra: XmlNode[],
): XmlNode {
    let type: string;
    let sourceNode: XmlNode;
    if (typeof source === "string") {
        check(
            HOST_PATH.test(source) && !source.endsWith("/"),
            field,
            "must be an absolute host path to a file or block device",
        );
        type = source.startsWith("/dev/") ? "block" : "file";
        sourceNode = element("source", { [type === "block" ? "dev" : "file"]: source });
    } else {
        check(LIBVIRT_NAME.test(source.pool), `${field}.pool`, "is not a storage pool name");
        check(LIBVIRT_NAME.test(source.volume), `${field}.volume`, "is not a storage volume name");
        type = "volume";
        sourceNode = element("source", { pool: source.pool, volume: source.volume });
    }
    return element("disk", { type, device: "disk" }, [
        element("driver", { name: "qemu", type: format, iommu: "on" }),
        sourceNode,
        element("target", { dev: target, bus: "virtio" }),
        ...extra,
    ]);
}

function networkInterface(field: string, net: GuestNetwork): XmlNode {
    const children: XmlNode[] = [];
    let type: string;
    if ("network" in net) {
        check(LIBVIRT_NAME.test(net.network), `${field}.network`, "is not a libvirt network name");
        type = "network";
        children.push(element("source", { network: net.network }));
    } else {
        check(
            BRIDGE.test(net.bridge),
            `${field}.bridge`,
            "is not a host bridge name (at most 15 characters)",
        );
        type = "bridge";
        children.push(element("source", { bridge: net.bridge }));
    }
    if (net.mac !== undefined) {
        check(
            MAC.test(net.mac) && (parseInt(net.mac.slice(0, 2), 16) & 1) === 0,
            `${field}.mac`,
            "must be a unicast MAC address such as 52:54:00:12:34:56",
        );
        children.push(element("mac", { address: net.mac.toLowerCase() }));
    }
    children.push(
        element("model", { type: "virtio" }),
        element("driver", { name: "vhost", iommu: "on" }),
    );
    return element("interface", { type }, children);
}

/** The virtio disk name of the n-th disk (0 → vda). */
function target(n: number): string {
    return `vd${String.fromCharCode(97 + n)}`;
}

/**
 * Generates the libvirt domain XML of an on-prem enclave.
 *
 * @throws InputError for a name, path, count or address that libvirt would refuse or
 *   misread, and for more than 24 data disks.
 */
export function buildDomainXml(options: GuestOptions): DomainXml {
    check(
        DOMAIN_NAME.test(options.name),
        "name",
        "must be 1 to 64 letters, digits, '.', '_', '+' or '-', starting with a letter or digit",
    );
    count(options.memoryMiB, "memoryMiB");
    count(options.vcpus, "vcpus");
    const machine = options.machine ?? "s390-ccw-virtio";
    check(MACHINE.test(machine), "machine", "must be an s390-ccw-virtio machine type");
    const dataDisks = options.dataDisks ?? [];
    check(
        dataDisks.length <= 24,
        "dataDisks",
        "holds more than 24 disks; virtio disk names end at vdz",
    );
    const findings: Finding[] = [];
    if (options.memoryMiB < MIN_MEMORY_MIB) {
        findings.push(
            finding(
                "DOMAIN_MEMORY",
                "warning",
                "memoryMiB",
                `is below ${MIN_MEMORY_MIB}; the enclave stops at boot with less than 4 GiB, so give it at least ${MIN_MEMORY_MIB}`,
                "HPL11003E",
            ),
        );
    }
    const devices: XmlNode[] = [
        disk("bootDisk", options.bootDisk, "qcow2", target(0), [element("boot", { order: 1 })]),
        disk("cidataIso", options.cidataIso, "raw", target(1), [element("readonly")]),
        ...dataDisks.map((d, i) => {
            const field = `dataDisks[${i}]`;
            if (d.serial !== undefined)
                check(
                    SERIAL.test(d.serial),
                    `${field}.serial`,
                    "must be 1 to 20 letters, digits, '-' or '_'",
                );
            check(
                d.format === undefined || d.format === "raw" || d.format === "qcow2",
                `${field}.format`,
                "must be raw or qcow2",
            );
            const serial = d.serial === undefined ? [] : [element("serial", {}, d.serial)];
            return disk(`${field}.source`, d.source, d.format ?? "raw", target(2 + i), serial);
        }),
        ...(options.networks ?? []).map((n, i) => networkInterface(`networks[${i}]`, n)),
        consoleDevice(options.consoleLog),
        element("memballoon", { model: "none" }),
    ];
    const domain = element("domain", { type: "kvm" }, [
        element("name", {}, options.name),
        element("memory", { unit: "MiB" }, String(options.memoryMiB)),
        element("vcpu", {}, String(options.vcpus)),
        element("os", {}, [element("type", { arch: "s390x", machine }, "hvm")]),
        ...(options.launchSecurity ? [element("launchSecurity", { type: "s390-pv" })] : []),
        element("devices", {}, devices),
    ]);
    return { xml: `${domain.render("")}\n`, findings };
}

function consoleDevice(logFile: string | undefined): XmlNode {
    const children: XmlNode[] = [];
    if (logFile !== undefined) {
        check(
            HOST_PATH.test(logFile) && !logFile.endsWith("/"),
            "consoleLog",
            "must be an absolute host path to a file",
        );
        children.push(element("log", { file: logFile, append: "on" }));
    }
    children.push(element("target", { type: "sclp", port: 0 }));
    return element("console", { type: "pty" }, children);
}
