/**
 * The cloud-init NoCloud seed of an on-prem enclave: an ISO 9660 image labelled `cidata` whose
 * root holds `user-data` (the contract), `meta-data`, and optionally `vendor-data` and
 * `network-config`. It replaces the `genisoimage -volid cidata -joliet -rock` step of IBM's
 * samples, and it is reproducible: the same files always give the same image.
 */
import { InputError } from "../errors";
import { ContractValidationError, hasErrors } from "../findings";
import { writeIso9660, type IsoFile } from "./iso9660";
import { validateNetworkConfig } from "./network-config";

/** The volume label cloud-init looks for. */
export const CIDATA_VOLUME_ID = "cidata";

/** The file names of a NoCloud seed: the only names {@link buildCidataIso} writes. */
export const CIDATA_FILES = ["user-data", "meta-data", "vendor-data", "network-config"] as const;

/** The files of a NoCloud seed. Strings are written as UTF-8. */
export interface CidataInput {
    /** The contract, as the enclave's boot loader reads it. Must not be empty. */
    readonly userData: string | Buffer;
    /** Instance metadata, e.g. `local-hostname: web1`; may be empty, but cloud-init needs the file. */
    readonly metaData: string | Buffer;
    /** Vendor data, e.g. `#cloud-config`; left off the image when undefined. */
    readonly vendorData?: string | Buffer;
    /**
     * Static network settings (the netplan subset of {@link validateNetworkConfig}); left off
     * when undefined, and the enclave then uses DHCP.
     */
    readonly networkConfig?: string | Buffer;
}

/**
 * Builds the `cidata` ISO image for an on-prem enclave.
 *
 * @returns the image; it holds the contract, so treat it as a secret.
 * @throws InputError when the user data is empty; ContractValidationError when the network
 *   configuration has errors (warnings do not stop the build; read them with
 *   {@link validateNetworkConfig}).
 */
export function buildCidataIso(input: CidataInput): Buffer {
    if (input.userData.length === 0) {
        throw new InputError("userData", "is empty; give the contract");
    }
    if (input.networkConfig !== undefined) {
        const findings = validateNetworkConfig(input.networkConfig).findings;
        if (hasErrors(findings)) throw new ContractValidationError(findings);
    }
    const files: IsoFile[] = [
        { name: "user-data", data: input.userData },
        { name: "meta-data", data: input.metaData },
    ];
    if (input.vendorData !== undefined) files.push({ name: "vendor-data", data: input.vendorData });
    if (input.networkConfig !== undefined) {
        files.push({ name: "network-config", data: input.networkConfig });
    }
    return writeIso9660({ volumeId: CIDATA_VOLUME_ID, files });
}
