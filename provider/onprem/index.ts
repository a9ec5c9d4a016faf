/**
 * On-prem delivery of a contract: the `cidata` ISO that carries it into an IBM Z / LinuxONE
 * KVM guest, the guest's libvirt domain, the validation of its static network settings, and
 * the `initdata` annotation and sealed secrets of confidential containers.
 */
export { buildCidataIso, CIDATA_FILES, CIDATA_VOLUME_ID, type CidataInput } from "./cidata";
export {
    writeIso9660,
    planIso9660,
    MAX_FILE_SIZE,
    type IsoFile,
    type Iso9660Input,
    type IsoPlan,
    type PlannedFile,
} from "./iso9660";
export {
    validateNetworkConfig,
    checkNetworkConfig,
    NETWORK_CONFIG_PATH,
    type NetworkConfigValidation,
} from "./network-config";
export {
    planGuest,
    MIN_MEMORY_MIB,
    DEFAULT_MACHINE,
    type DataDisk,
    type DiskSource,
    type GuestNetwork,
    type GuestOptions,
    type GuestPlan,
    type PlannedDisk,
    type PlannedInterface,
    type PlannedSource,
} from "./guest";
export { buildDomainXml, METADATA_NAMESPACE, type DomainXml } from "./domain";
export {
    buildLibvirtDomainArgs,
    type LibvirtConsole,
    type LibvirtDisk,
    type LibvirtDomain,
    type LibvirtDomainArgs,
    type LibvirtInterface,
} from "./libvirt-domain";
export {
    buildInitdata,
    initdataToml,
    INITDATA_ANNOTATION,
    readInitdata,
    type Initdata,
    type InitdataOptions,
} from "./initdata";
export {
    sealSecret,
    openSealedSecret,
    type SealedSecret,
    type SealedSecretInput,
    type SealedSecretSection,
    type OpenedSecret,
} from "./sealed-secret";
