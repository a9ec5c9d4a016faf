/**
 * The cryptography of contracts: section tokens, keys and certificates, signatures.
 */
export {
    readEncryptionKey,
    readPublicKey,
    readPrivateKey,
    readSigningKey,
    generateSigningKey,
    publicKeyFingerprint,
    type EncryptionKey,
    type SigningKey,
    type CertificateInfo,
} from "./keys";
export {
    encryptToken,
    decryptToken,
    parseToken,
    isToken,
    sha256Hex,
    TOKEN_PREFIXES,
    type TokenParts,
} from "./token";
export { signSections, verifySections, readContractSigner, type ContractSigner } from "./signature";
export { nativeRsaDecryptAvailable, type RsaDecryptPath } from "./rsa";
export { pemBlocks } from "./pem";
