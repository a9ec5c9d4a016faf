/**
 * Trust around a contract: contract expiry through a signing certificate from the user's CA,
 * IBM's encryption certificates (download, status, chain and revocation), the choice of image
 * version, and attestation records.
 */
export {
    checkSigningCertificateInput,
    issueSigningCertificate,
    resolveSigningCertificate,
    buildContractWithExpiry,
    type CheckedIssuance,
    type SigningCertificateInput,
    type IssuedCertificate,
    type ContractExpiryInput,
    type ContractWithExpiry,
    type ResolvedSigningCertificate,
} from "./expiry";
export {
    expiryNeedsRenewal,
    renewalDecision,
    type RenewalAction,
    type RenewalDecision,
} from "./renewal";
export {
    createSigningRequest,
    readSigningRequest,
    readCsrParameters,
    requireRequestForKey,
    type CsrParameters,
    type SigningRequest,
} from "./csr";
export {
    certificateValidity,
    certificateDocument,
    formatCertificateDocument,
    readCertificateDocument,
    chooseCertificate,
    type CertificateStatus,
    type CertificateValidity,
    type CertificateDocument,
    type CertificateDocumentEntry,
    type ChosenCertificate,
    type DocumentFormat,
} from "./certificates";
export {
    DEFAULT_CERTIFICATE_URL_TEMPLATE,
    certificateUrl,
    defaultCertificateCacheDir,
    displayUrl,
    downloadCertificate,
    downloadCertificates,
    downloadCertificateInRange,
    type DownloadOptions,
    type RangeDownloadOptions,
    type DownloadedCertificate,
} from "./download";
export {
    encryptionCertificateFor,
    type EncryptionCertificateChoice,
    type EncryptionCertificateOptions,
} from "./encryption-certificate";
export {
    parseVersion,
    formatVersion,
    compareVersions,
    parseRange,
    satisfies,
    maxSatisfying,
    type Version,
    type Range,
} from "./semver";
export {
    validateChain,
    type ChainInput,
    type ChainVerdict,
    type ChainStage,
    type ChainLink,
    type RevocationCheck,
} from "./chain";
export { readRevocationList, crlSignedBy, revocationDate, type RevocationList } from "./crl";
export { readCertificate, type CertificateFacts, type KeyUsage } from "./x509";
export { selectImage, hyperProtectImages, type HyperProtectImage } from "./images";
export {
    parseAttestationRecords,
    readAttestationRecords,
    recordsSignatureVerifies,
    type AttestationEntry,
    type AttestationRecords,
} from "./attestation";
export {
    verifyAttestation,
    type AttestationInput,
    type AttestationVerdict,
    type PlaintextHashes,
    type RecordComparison,
    type RecordVerdict,
} from "./attestation-verdict";
export { createTestIdentity, type TestIdentity, type TestIdentityOptions } from "./test-identity";
