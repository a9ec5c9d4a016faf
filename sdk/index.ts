/**
 * pulumi-hyper-protect: contracts for IBM Hyper Protect and Confidential Computing enclaves,
 * as Pulumi resources, and the engine-independent library they are built on.
 */
export * from "../provider";
export { Contract, type ContractArgs } from "./contract";
export type { ContractExpiryArgs } from "./contract-expiry";
export {
    getEncryptionCertificate,
    getHyperProtectImage,
    verifyAttestationRecords,
    type AttestationArgs,
    type AttestationLine,
    type AttestationResult,
    type EncryptionCertificateArgs,
    type EncryptionCertificateResult,
    type HyperProtectImageArgs,
} from "./trust";
export { SealedWorkload, type SealedWorkloadArgs } from "./sealed-workload";
export { SealedSecret, type SealedSecretArgs } from "./sealed-secret";
export { ComposeArchive, type ComposeArchiveArgs } from "./compose-archive";
export { EncryptedText, EncryptedJson, EncryptedArchive, type EncryptionArgs } from "./encrypted";
export { CidataIso, type CidataIsoArgs } from "./cidata-iso";
export { KvmGuest, type KvmGuestArgs } from "./kvm-guest";
export { initdata, INITDATA_ANNOTATION, type InitdataArgs } from "./initdata";
export type { DeepInput } from "./inputs";
export type { SealedWorkload as SealedWorkloadValue } from "../provider/contract/sealed";
