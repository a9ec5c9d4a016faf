/**
 * The enclave platforms a contract can target, and what differs between them.
 */

/**
 * A platform identifier, as IBM's contract tooling spells it:
 * - `hpvs`: Hyper Protect Virtual Servers for VPC (IBM Cloud);
 * - `ccrt`: Confidential Computing Container Runtime on IBM Z and LinuxONE KVM (on-prem);
 * - `ccrv`: its Red Hat Virtualization Solutions variant (pod workloads only);
 * - `ccco`: Confidential Computing Containers for OpenShift (peer pods and bare metal).
 */
export type Platform = "hpvs" | "ccrt" | "ccrv" | "ccco";

/** Every platform, in documentation order. */
export const PLATFORMS: readonly Platform[] = ["hpvs", "ccrt", "ccrv", "ccco"];

/** The kinds of workload a contract can carry; exactly one appears in a workload section. */
export type WorkloadKind = "compose" | "play" | "confidential-containers";

/** The first field of an encrypted section token. */
export type TokenPrefix = "hyper-protect-basic" | "contract-basic";

/** What the package knows about one platform. */
export interface PlatformInfo {
    /** The identifier. */
    readonly id: Platform;
    /** The product name, for messages. */
    readonly title: string;
    /** The prefix of the section tokens that the platform's boot loader expects. */
    readonly tokenPrefix: TokenPrefix;
    /** The largest user data the platform accepts, in bytes; undefined where none is documented. */
    readonly userDataLimit?: number;
    /** The workload kinds the platform's schema accepts. */
    readonly workloadKinds: readonly WorkloadKind[];
    /** Whether `env.logging` is mandatory. */
    readonly loggingRequired: boolean;
    /** The IBM JSON schema that describes the platform's contract (for reference and tests). */
    readonly ibmSchema: string;
}

const PLATFORM_INFO: Record<Platform, PlatformInfo> = {
    hpvs: {
        id: "hpvs",
        title: "Hyper Protect Virtual Servers for VPC",
        tokenPrefix: "hyper-protect-basic",
        // IBM Cloud VPC refuses user data over 64 KiB at provisioning.
        userDataLimit: 64 * 1024,
        workloadKinds: ["compose", "play", "confidential-containers"],
        loggingRequired: true,
        ibmSchema: "hpse-contract-schema-1.0.116.json",
    },
    ccrt: {
        id: "ccrt",
        title: "Confidential Computing Container Runtime",
        tokenPrefix: "contract-basic",
        workloadKinds: ["compose", "play", "confidential-containers"],
        loggingRequired: true,
        ibmSchema: "hpse-contract-schema-1.0.116.json",
    },
    ccrv: {
        id: "ccrv",
        title: "Confidential Computing Container Runtime for Red Hat Virtualization Solutions",
        tokenPrefix: "contract-basic",
        workloadKinds: ["play", "confidential-containers"],
        loggingRequired: true,
        ibmSchema: "hpse-contract-schema-1.0.116-rhel.json",
    },
    ccco: {
        id: "ccco",
        title: "Confidential Computing Containers for OpenShift",
        tokenPrefix: "hyper-protect-basic",
        workloadKinds: ["play", "compose", "confidential-containers"],
        loggingRequired: false,
        ibmSchema: "hpse-contract-schema-coco-1.0.93-rhel.json",
    },
};

/** Whether a value names a platform. */
export function isPlatform(value: unknown): value is Platform {
    return typeof value === "string" && (PLATFORMS as readonly string[]).includes(value);
}

/**
 * What the package knows about a platform.
 *
 * @throws Error when `platform` is not one of {@link PLATFORMS}.
 */
export function platformInfo(platform: Platform): PlatformInfo {
    if (!isPlatform(platform)) {
        throw new Error(
            `platform: "${String(platform)}" is not a platform; use one of ${PLATFORMS.join(", ")}`,
        );
    }
    return PLATFORM_INFO[platform];
}
