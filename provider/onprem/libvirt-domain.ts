/**
 * The same guest as the domain XML, as the arguments of a `libvirt.Domain` resource of the
 * Pulumi package generated from the Terraform libvirt provider (`pulumi package add
 * terraform-provider dmacvicar/libvirt`, provider 0.9 or later, whose schema mirrors libvirt's
 * domain XML; Pulumi spells its fields in camel case).
 */
import type { Finding } from "../findings";
import { planGuest, type GuestOptions, type PlannedDisk, type PlannedInterface } from "./guest";

/** A disk of {@link LibvirtDomainArgs.devices}. */
export interface LibvirtDisk {
    readonly device: "disk";
    readonly source:
        | { readonly file: { readonly file: string } }
        | { readonly block: { readonly dev: string } }
        | { readonly volume: { readonly pool: string; readonly volume: string } };
    readonly target: { readonly dev: string; readonly bus: "virtio" };
    readonly driver: { readonly name: "qemu"; readonly type: string; readonly iommu: "on" };
    readonly readOnly?: true;
    readonly boot?: { readonly order: number };
    readonly serial?: string;
}

/** A network interface of {@link LibvirtDomainArgs.devices}. */
export interface LibvirtInterface {
    readonly source:
        | { readonly network: { readonly network: string } }
        | { readonly bridge: { readonly bridge: string } };
    readonly mac?: { readonly address: string };
    readonly model: { readonly type: "virtio" };
    readonly driver: { readonly name: "vhost"; readonly iommu: "on" };
}

/** A console of {@link LibvirtDomainArgs.devices}. */
export interface LibvirtConsole {
    readonly target: { readonly type: "sclp"; readonly port: 0 };
    readonly log?: { readonly file: string; readonly append: "on" };
}

/** The arguments of a `libvirt.Domain`, as plain values. */
export interface LibvirtDomainArgs {
    readonly name: string;
    readonly type: "kvm";
    readonly memory: number;
    readonly memoryUnit: "MiB";
    readonly vcpu: number;
    readonly os: { readonly type: "hvm"; readonly typeArch: "s390x"; readonly typeMachine: string };
    readonly devices: {
        // Mutable arrays, as the generated SDK's input types have them.
        readonly disks: LibvirtDisk[];
        readonly interfaces: LibvirtInterface[];
        readonly consoles: LibvirtConsole[];
        readonly memBalloon: { readonly model: "none" };
    };
    readonly running: true;
}

/** The result of {@link buildLibvirtDomainArgs}. */
export interface LibvirtDomain {
    readonly args: LibvirtDomainArgs;
    /** Warnings on settings that will keep the enclave from booting. */
    readonly findings: readonly Finding[];
}

function diskArgs(d: PlannedDisk): LibvirtDisk {
    const s = d.source;
    const source: LibvirtDisk["source"] =
        s.kind === "volume"
            ? { volume: { pool: s.pool, volume: s.volume } }
            : s.kind === "block"
              ? { block: { dev: s.path } }
              : { file: { file: s.path } };
    return {
        device: "disk",
        source,
        target: { dev: d.target, bus: "virtio" },
        driver: { name: "qemu", type: d.format, iommu: "on" },
        ...(d.readOnly ? { readOnly: true as const } : {}),
        ...(d.bootOrder === undefined ? {} : { boot: { order: d.bootOrder } }),
        ...(d.serial === undefined ? {} : { serial: d.serial }),
    };
}

function interfaceArgs(i: PlannedInterface): LibvirtInterface {
    return {
        source:
            i.kind === "network"
                ? { network: { network: i.source } }
                : { bridge: { bridge: i.source } },
        ...(i.mac === undefined ? {} : { mac: { address: i.mac } }),
        model: { type: "virtio" },
        driver: { name: "vhost", iommu: "on" },
    };
}

/**
 * The arguments of a `libvirt.Domain` for an on-prem enclave: the devices and settings of
 * `buildDomainXml`, from the same checks.
 *
 * TODO: `launchSecurity` and `cidataFingerprint` reach only the XML; add them here once the
 * generated SDK's names for the s390-pv launch security and domain metadata are confirmed
 * against a generated package.
 *
 * @throws InputError as `planGuest` does.
 */
export function buildLibvirtDomainArgs(options: GuestOptions): LibvirtDomain {
    const plan = planGuest(options);
    const console: LibvirtConsole = {
        target: { type: "sclp", port: 0 },
        ...(plan.consoleLog === undefined ? {} : { log: { file: plan.consoleLog, append: "on" } }),
    };
    return {
        args: {
            name: plan.name,
            type: "kvm",
            memory: plan.memoryMiB,
            memoryUnit: "MiB",
            vcpu: plan.vcpus,
            os: { type: "hvm", typeArch: "s390x", typeMachine: plan.machine },
            devices: {
                disks: plan.disks.map(diskArgs),
                interfaces: plan.interfaces.map(interfaceArgs),
                consoles: [console],
                memBalloon: { model: "none" },
            },
            running: true,
        },
        findings: plan.findings,
    };
}
