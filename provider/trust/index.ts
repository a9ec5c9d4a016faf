/**
 * Trust around a contract: contract expiry through a signing certificate from the user's CA,
 * IBM's encryption certificates (download, status, chain and revocation), the choice of image
 * version, and attestation records.
 */
export {
    issueSigningCertificate,
    buildContractWithExpiry,
    expiryNeedsRenewal,
    type SigningCertificateInput,
    type IssuedCertificate,
    type ContractExpiryInput,
    type ContractWithExpiry,
} from "./expiry";
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
    verifyAttestation,
    type AttestationEntry,
    type AttestationRecords,
    type AttestationInput,
    type AttestationVerdict,
    type RecordComparison,
    type RecordVerdict,
} from "./attestation";
export { createTestIdentity, type TestIdentity, type TestIdentityOptions } from "./test-identity";
