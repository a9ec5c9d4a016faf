/**
 * The libvirt domain XML of an on-prem enclave, for `virsh define`. It carries what IBM's
 * samples patch in with XSLT: `iommu="on"` on every virtio disk and interface, no memory
 * balloon, an SCLP console, and no ACPI, virtio-serial, channels, sound, RNG or graphics (a
 * protected guest cannot share memory with such devices, and ACPI is unknown to some s390
 * machine types).
 */
import type { Finding } from "../findings";
import { planGuest, type GuestOptions, type PlannedDisk, type PlannedInterface } from "./guest";
import { element, type XmlNode } from "./xml";

/** The result of {@link buildDomainXml}. */
export interface DomainXml {
    /** The domain definition, for `virsh define`. */
    readonly xml: string;
    /** Warnings on settings that will keep the enclave from booting. */
    readonly findings: readonly Finding[];
}

/** The XML namespace of the package's own element in a domain's `<metadata>`. */
export const METADATA_NAMESPACE = "urn:pulumi-hyper-protect:guest:1";

function diskNode(d: PlannedDisk): XmlNode {
    const s = d.source;
    const source =
        s.kind === "volume"
            ? element("source", { pool: s.pool, volume: s.volume })
            : element("source", { [s.kind === "block" ? "dev" : "file"]: s.path });
    return element("disk", { type: s.kind, device: "disk" }, [
        element("driver", { name: "qemu", type: d.format, iommu: "on" }),
        source,
        element("target", { dev: d.target, bus: "virtio" }),
        ...(d.bootOrder === undefined ? [] : [element("boot", { order: d.bootOrder })]),
        ...(d.readOnly ? [element("readonly")] : []),
        ...(d.serial === undefined ? [] : [element("serial", {}, d.serial)]),
    ]);
}

function interfaceNode(i: PlannedInterface): XmlNode {
    return element("interface", { type: i.kind }, [
        element("source", { [i.kind]: i.source }),
        ...(i.mac === undefined ? [] : [element("mac", { address: i.mac })]),
        element("model", { type: "virtio" }),
        element("driver", { name: "vhost", iommu: "on" }),
    ]);
}

function consoleNode(logFile: string | undefined): XmlNode {
    return element("console", { type: "pty" }, [
        ...(logFile === undefined ? [] : [element("log", { file: logFile, append: "on" })]),
        element("target", { type: "sclp", port: 0 }),
    ]);
}

/**
 * Generates the libvirt domain XML of an on-prem enclave.
 *
 * @throws InputError as `planGuest` does.
 */
export function buildDomainXml(options: GuestOptions): DomainXml {
    const plan = planGuest(options);
    const metadata =
        plan.cidataFingerprint === undefined
            ? []
            : [
                  element("metadata", {}, [
                      element("hpcr:cidata", {
                          "xmlns:hpcr": METADATA_NAMESPACE,
                          fingerprint: plan.cidataFingerprint,
                      }),
                  ]),
              ];
    const domain = element("domain", { type: "kvm" }, [
        element("name", {}, plan.name),
        ...metadata,
        element("memory", { unit: "MiB" }, String(plan.memoryMiB)),
        element("vcpu", {}, String(plan.vcpus)),
        element("os", {}, [element("type", { arch: "s390x", machine: plan.machine }, "hvm")]),
        ...(plan.launchSecurity ? [element("launchSecurity", { type: "s390-pv" })] : []),
        element("devices", {}, [
            ...plan.disks.map(diskNode),
            ...plan.interfaces.map(interfaceNode),
            consoleNode(plan.consoleLog),
            element("memballoon", { model: "none" }),
        ]),
    ]);
    return { xml: `${domain.render("")}\n`, findings: plan.findings };
}
