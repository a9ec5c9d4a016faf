/**
 * `KvmGuest`: everything an IBM Z / LinuxONE KVM host needs to start an on-prem enclave from a
 * contract: the cidata ISO on disk, and the guest's definition as libvirt domain XML (for
 * `virsh define`) and as the arguments of a `libvirt.Domain` (for the libvirt Pulumi package).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatFinding } from "../provider/findings";
import { buildDomainXml } from "../provider/onprem/domain";
import type { DataDisk, DiskSource, GuestNetwork, GuestOptions } from "../provider/onprem/guest";
import { buildLibvirtDomainArgs, type LibvirtDomainArgs } from "../provider/onprem/libvirt-domain";
import { CidataIso } from "./cidata-iso";
import type { Contract } from "./contract";
import type { DeepInput } from "./inputs";

/** The inputs of a {@link KvmGuest}. */
export interface KvmGuestArgs {
    /** The contract the enclave boots with. Give this or `userData`. */
    readonly contract?: Contract;
    /** The contract as text (e.g. from another stack). Give this or `contract`. */
    readonly userData?: pulumi.Input<string>;
    /** The guest's domain name. Default: the resource name. */
    readonly domainName?: string;
    /** The `meta-data` file. Default: `local-hostname: <domainName>`. */
    readonly metaData?: pulumi.Input<string>;
    /** The `vendor-data` file. Default: none. */
    readonly vendorData?: pulumi.Input<string>;
    /** Static network settings (netplan subset), checked at preview. Default: DHCP. */
    readonly networkConfig?: pulumi.Input<string>;
    /**
     * Where to write the cidata ISO, relative to the program's folder or absolute. It holds the
     * contract: keep the folder out of version control. Default: `build/<domainName>-cidata.iso`.
     */
    readonly isoPath?: pulumi.Input<string>;
    /**
     * A libvirt storage pool the ISO is uploaded to, as the volume {@link KvmGuest.isoVolumeName}
     * (e.g. by a `libvirt.Volume` whose content is {@link KvmGuest.isoPath}); the guest then
     * reads it from there. Default: none, and the guest reads the ISO file at `isoPath`, which
     * suits a Pulumi run on the KVM host itself.
     */
    readonly isoPool?: pulumi.Input<string>;
    /** Memory in MiB; at least 4096. */
    readonly memoryMiB: pulumi.Input<number>;
    /** Virtual CPUs. */
    readonly vcpus: pulumi.Input<number>;
    /** The guest's own copy of the enclave image (qcow2): a host path or a pool volume. */
    readonly bootDisk: DeepInput<DiskSource>;
    /** Data disks for the contract's volumes. Default: none. */
    readonly dataDisks?: pulumi.Input<readonly DeepInput<DataDisk>[]>;
    /** Network interfaces, enc1 first. Default: none. */
    readonly networks?: pulumi.Input<readonly DeepInput<GuestNetwork>[]>;
    /** The machine type. Default: `s390-ccw-virtio`. */
    readonly machine?: pulumi.Input<string>;
    /** A host file that also receives the serial console (boot loader and HPL messages). */
    readonly consoleLog?: pulumi.Input<string>;
    /** Adds `<launchSecurity type="s390-pv"/>` to the domain XML. Default: false. */
    readonly launchSecurity?: pulumi.Input<boolean>;
}

/** How many hex digits of the fingerprint name the ISO's storage volume. */
const VOLUME_FINGERPRINT_DIGITS = 16;

/**
 * An on-prem enclave guest: the cidata ISO (a {@link CidataIso}) and the guest definition with
 * the settings IBM's samples patch in by XSLT: machine `s390-ccw-virtio`, `iommu="on"` on every
 * disk and interface driver, no memory balloon, no ACPI, an SCLP console, the boot qcow2 as
 * `vda`, the ISO read-only as `vdb`, then the data disks and the networks.
 *
 * A new contract writes a new ISO; both definitions then change too (the XML records the ISO's
 * fingerprint in its metadata, the pool volume's name carries it), so that the guest is
 * redefined and boots with the new contract. Anything else leaves the ISO as it is.
 *
 * The component creates no libvirt resource itself: hand `domainArgs` to `libvirt.Domain` of
 * the libvirt package generated with `pulumi package add terraform-provider dmacvicar/libvirt`,
 * or `domainXml` to `virsh define`.
 */
export class KvmGuest extends pulumi.ComponentResource {
    /** The cidata ISO resource. */
    public readonly iso: CidataIso;
    /** The ISO file, as an absolute path. */
    public readonly isoPath: pulumi.Output<string>;
    /** The ISO's keyed fingerprint: it changes exactly when the ISO's bytes do. */
    public readonly isoFingerprint: pulumi.Output<string>;
    /** The name to upload the ISO under: `<domainName>-cidata-<16 hex digits>.iso`. */
    public readonly isoVolumeName: pulumi.Output<string>;
    /** The libvirt domain XML, for `virsh define`. */
    public readonly domainXml: pulumi.Output<string>;
    /** The arguments of a `libvirt.Domain` (libvirt provider 0.9 or later). */
    public readonly domainArgs: pulumi.Output<LibvirtDomainArgs>;
    /** Warnings on the guest's settings, one line each. */
    public readonly warnings: pulumi.Output<string[]>;

    constructor(name: string, args: KvmGuestArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hyper-protect:onprem:KvmGuest", name, {}, opts);
        const userData = args.contract?.userData ?? args.userData;
        if (
            userData === undefined ||
            (args.contract !== undefined && args.userData !== undefined)
        ) {
            throw new pulumi.ResourceError(
                "KvmGuest: give exactly one of contract and userData",
                this,
            );
        }
        const domainName = args.domainName ?? name;
        this.iso = new CidataIso(
            `${name}-cidata`,
            {
                userData,
                metaData: args.metaData ?? `local-hostname: ${domainName}\n`,
                vendorData: args.vendorData,
                networkConfig: args.networkConfig,
                path: args.isoPath ?? path.join("build", `${domainName}-cidata.iso`),
            },
            { parent: this },
        );
        this.isoPath = this.iso.path;
        this.isoFingerprint = this.iso.fingerprint;
        this.isoVolumeName = this.iso.fingerprint.apply(
            (f) => `${domainName}-cidata-${f.slice(0, VOLUME_FINGERPRINT_DIGITS)}.iso`,
        );
        const options = pulumi
            .all([
                pulumi.output({
                    memoryMiB: args.memoryMiB,
                    vcpus: args.vcpus,
                    bootDisk: args.bootDisk,
                    dataDisks: args.dataDisks,
                    networks: args.networks,
                    machine: args.machine,
                    consoleLog: args.consoleLog,
                    launchSecurity: args.launchSecurity,
                }),
                args.isoPool,
                this.isoPath,
                this.isoVolumeName,
                this.isoFingerprint,
            ])
            .apply(([o, pool, file, volume, fingerprint]): GuestOptions => ({
                ...(o as Omit<GuestOptions, "name" | "cidataIso">),
                name: domainName,
                cidataIso: pool === undefined ? file : { pool, volume },
                cidataFingerprint: fingerprint,
            }));
        const xml = options.apply((o) => buildDomainXml(o));
        this.domainXml = xml.apply((d) => d.xml);
        this.domainArgs = options.apply((o) => buildLibvirtDomainArgs(o).args);
        this.warnings = xml.apply((d) => {
            const lines = d.findings.map(formatFinding);
            for (const line of lines) pulumi.log.warn(line, this);
            return lines;
        });
        this.registerOutputs({
            isoPath: this.isoPath,
            isoFingerprint: this.isoFingerprint,
            isoVolumeName: this.isoVolumeName,
            domainXml: this.domainXml,
            domainArgs: this.domainArgs,
            warnings: this.warnings,
        });
    }
}
