/**
 * The on-prem enclave guest: an s390x KVM guest that boots an IBM Secure Execution image, as
 * the operator describes it, checked and laid out once (disk names, sources, drivers) so that
 * the libvirt domain XML and the arguments of the libvirt Pulumi provider say the same thing.
 */
import { InputError } from "../errors";
import { finding, type Finding } from "../findings";

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

/** The settings of an on-prem enclave guest. */
export interface GuestOptions {
    /** The domain name (1 to 64 letters, digits, `.`, `_`, `+` or `-`, starting with a letter or digit). */
    readonly name: string;
    /** Memory in MiB. The enclave refuses to boot with less than 4096 (HPL11003E). */
    readonly memoryMiB: number;
    /** Virtual CPUs. */
    readonly vcpus: number;
    /** The enclave image (qcow2), a copy per guest: the image re-creates its root disk at boot. */
    readonly bootDisk: DiskSource;
    /** The `cidata` ISO of `buildCidataIso`, attached read-only. */
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
    /**
     * A fingerprint of the cidata ISO's content (hex), recorded in the domain's metadata so that
     * the definition changes whenever the contract does, even when the ISO keeps its path.
     * Default: none.
     */
    readonly cidataFingerprint?: string;
}

/** Where a planned disk's content lies. */
export type PlannedSource =
    | { readonly kind: "file" | "block"; readonly path: string }
    | { readonly kind: "volume"; readonly pool: string; readonly volume: string };

/** A disk as the guest gets it. */
export interface PlannedDisk {
    /** A host file, a host block device or a pool volume. */
    readonly source: PlannedSource;
    readonly format: "qcow2" | "raw";
    /** The virtio disk name: vda, vdb, ... */
    readonly target: string;
    readonly readOnly: boolean;
    /** The boot order, for the boot disk. */
    readonly bootOrder?: number;
    readonly serial?: string;
}

/** A network interface as the guest gets it. */
export interface PlannedInterface {
    readonly kind: "network" | "bridge";
    /** The libvirt network or host bridge. */
    readonly source: string;
    /** The MAC address in lower case. */
    readonly mac?: string;
}

/** A checked guest, ready to render. */
export interface GuestPlan {
    readonly name: string;
    readonly memoryMiB: number;
    readonly vcpus: number;
    readonly machine: string;
    readonly launchSecurity: boolean;
    /** Boot disk, cidata ISO, then the data disks. */
    readonly disks: readonly PlannedDisk[];
    readonly interfaces: readonly PlannedInterface[];
    readonly consoleLog?: string;
    readonly cidataFingerprint?: string;
    /** Warnings on settings that will keep the enclave from booting. */
    readonly findings: readonly Finding[];
}

/** The smallest memory the enclave boots with, in MiB. */
export const MIN_MEMORY_MIB = 4096;

/** The machine type IBM's samples use. */
export const DEFAULT_MACHINE = "s390-ccw-virtio";

const DOMAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const MACHINE = /^s390-ccw-virtio(-[A-Za-z0-9._]+)?$/;
const LIBVIRT_NAME = /^[A-Za-z0-9][A-Za-z0-9._+:@-]{0,254}$/;
const BRIDGE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$/;
const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;
const SERIAL = /^[A-Za-z0-9_-]{1,20}$/;
const FINGERPRINT = /^[0-9a-f]{16,128}$/;
// Control characters would end up in libvirt's XML and the shell commands of whoever reads it.
const HOST_PATH = /^\/[^\u0000-\u001f\u007f]*$/;

function check(ok: boolean, field: string, reason: string): void {
    if (!ok) throw new InputError(field, reason);
}

function count(value: number, field: string): void {
    check(Number.isSafeInteger(value) && value > 0, field, "must be a whole number above 0");
}

function hostPath(value: string, field: string, what: string): void {
    check(
        HOST_PATH.test(value) && !value.endsWith("/"),
        field,
        `must be an absolute host path to ${what}`,
    );
}

/** The virtio disk name of the n-th disk (0 → vda). */
function target(n: number): string {
    return `vd${String.fromCharCode(97 + n)}`;
}

function disk(field: string, source: DiskSource, rest: Omit<PlannedDisk, "source">): PlannedDisk {
    if (typeof source === "string") {
        hostPath(source, field, "a file or block device");
        const kind = source.startsWith("/dev/") ? "block" : "file";
        return { source: { kind, path: source }, ...rest };
    }
    check(LIBVIRT_NAME.test(source.pool), `${field}.pool`, "is not a storage pool name");
    check(LIBVIRT_NAME.test(source.volume), `${field}.volume`, "is not a storage volume name");
    return { source: { kind: "volume", pool: source.pool, volume: source.volume }, ...rest };
}

function networkInterface(field: string, net: GuestNetwork): PlannedInterface {
    let planned: PlannedInterface;
    if ("network" in net) {
        check(LIBVIRT_NAME.test(net.network), `${field}.network`, "is not a libvirt network name");
        planned = { kind: "network", source: net.network };
    } else {
        check(
            BRIDGE.test(net.bridge),
            `${field}.bridge`,
            "is not a host bridge name (at most 15 characters)",
        );
        planned = { kind: "bridge", source: net.bridge };
    }
    if (net.mac === undefined) return planned;
    check(
        MAC.test(net.mac) && (parseInt(net.mac.slice(0, 2), 16) & 1) === 0,
        `${field}.mac`,
        "must be a unicast MAC address such as 52:54:00:12:34:56",
    );
    return { ...planned, mac: net.mac.toLowerCase() };
}

function dataDisk(d: DataDisk, i: number): PlannedDisk {
    const field = `dataDisks[${i}]`;
    if (d.serial !== undefined) {
        check(
            SERIAL.test(d.serial),
            `${field}.serial`,
            "must be 1 to 20 letters, digits, '-' or '_'",
        );
    }
    check(
        d.format === undefined || d.format === "raw" || d.format === "qcow2",
        `${field}.format`,
        "must be raw or qcow2",
    );
    return disk(`${field}.source`, d.source, {
        format: d.format ?? "raw",
        target: target(2 + i),
        readOnly: false,
        ...(d.serial === undefined ? {} : { serial: d.serial }),
    });
}

/**
 * Checks an enclave guest's settings and lays out its devices: the boot qcow2 as `vda` (boot
 * order 1), the cidata ISO read-only as raw `vdb`, the data disks from `vdc`, the interfaces
 * in order.
 *
 * @throws InputError for a name, path, count or address that libvirt would refuse or
 *   misread, and for more than 24 data disks.
 */
export function planGuest(options: GuestOptions): GuestPlan {
    check(
        DOMAIN_NAME.test(options.name),
        "name",
        "must be 1 to 64 letters, digits, '.', '_', '+' or '-', starting with a letter or digit",
    );
    count(options.memoryMiB, "memoryMiB");
    count(options.vcpus, "vcpus");
    const machine = options.machine ?? DEFAULT_MACHINE;
    check(MACHINE.test(machine), "machine", "must be an s390-ccw-virtio machine type");
    const dataDisks = options.dataDisks ?? [];
    check(
        dataDisks.length <= 24,
        "dataDisks",
        "holds more than 24 disks; virtio disk names end at vdz",
    );
    if (options.consoleLog !== undefined) hostPath(options.consoleLog, "consoleLog", "a file");
    if (options.cidataFingerprint !== undefined) {
        check(
            FINGERPRINT.test(options.cidataFingerprint),
            "cidataFingerprint",
            "must be 16 to 128 lower-case hex digits",
        );
    }
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
    const disks = [
        disk("bootDisk", options.bootDisk, {
            format: "qcow2",
            target: target(0),
            readOnly: false,
            bootOrder: 1,
        }),
        disk("cidataIso", options.cidataIso, { format: "raw", target: target(1), readOnly: true }),
        ...dataDisks.map(dataDisk),
    ];
    return {
        name: options.name,
        memoryMiB: options.memoryMiB,
        vcpus: options.vcpus,
        machine,
        launchSecurity: options.launchSecurity === true,
        disks,
        interfaces: (options.networks ?? []).map((n, i) => networkInterface(`networks[${i}]`, n)),
        ...(options.consoleLog === undefined ? {} : { consoleLog: options.consoleLog }),
        ...(options.cidataFingerprint === undefined
            ? {}
            : { cidataFingerprint: options.cidataFingerprint }),
        findings,
    };
}
