/**
 * The engine-independent library of pulumi-hyper-protect: contract validation, overlay,
 * encryption, signing, sealing and review. Nothing here loads Pulumi.
 */
import { validateContract, type ContractInput, type ValidateOptions } from "./contract/validate";
import { readEncryptionKey, readPrivateKey } from "./crypto/keys";
import { decryptToken, encryptToken } from "./crypto/token";
import { platformInfo, type Platform } from "./platform";
import type { EffectiveView } from "./contract/overlay";
import type { ResolvedImage } from "./contract/rules-images";
import type { Finding } from "./findings";

export * from "./platform";
export { InputError } from "./errors";
export { setLogSink, type LogSink } from "./log";
export * from "./boot-messages";
export * from "./contract";
export * as crypto from "./crypto";
export * as trust from "./trust";
export * as onprem from "./onprem";

/**
 * Encrypts one section (or any text) into a token for an enclave: the `hpcr_text_encrypted`
 * equivalent. The token is `<prefix>.<base64 RSA-encrypted password>.<base64 body>`, the body
 * in the format of `openssl enc -aes-256-cbc -pbkdf2`, with a fresh 32-character password.
 *
 * @param section The text (or bytes), encrypted exactly as given: nothing is trimmed.
 * @param options.encryptionCertificate The enclave image's encryption certificate (PEM, or
 *   base64 of PEM) or its bare RSA public key.
 * @param options.platform Picks the token prefix: `hyper-protect-basic` for hpvs and ccco,
 *   `contract-basic` for ccrt and ccrv. Default: `hpvs`.
 * @returns the token.
 * @throws InputError when the certificate cannot be read.
 */
export function encryptSection(
    section: string | Buffer,
    options: { encryptionCertificate: string; platform?: Platform },
): Promise<string> {
    const key = readEncryptionKey(options.encryptionCertificate);
    return encryptToken(section, key, platformInfo(options.platform ?? "hpvs").tokenPrefix);
}

/**
 * Decrypts a token with the private key of the certificate it was encrypted for. The
 * password inside is cut at its first newline or NUL, as OpenSSL's `-pass stdin` does, so that
 * tokens made by shell recipes and by IBM's tooling decrypt too.
 *
 * @param token A token of either prefix (a bare base64 RSA block is accepted as well).
 * @param options.privateKey The private key (PEM: PKCS#1, PKCS#8, or either encrypted).
 * @param options.password The key's password, when it is encrypted.
 * @returns the plaintext as UTF-8 text.
 * @throws InputError when the key cannot be read or the token does not decrypt with it; the
 *   message never holds any part of the plaintext.
 */
export async function decryptSection(
    token: string,
    options: { privateKey: string; password?: string },
): Promise<string> {
    const key = readPrivateKey(options.privateKey, options.password, "privateKey");
    return (await decryptToken(token, key)).toString("utf8");
}

/** What the enclave will see of a contract once it overlays the two sections. */
export interface EffectiveContractView extends EffectiveView {
    /** The images, resolved against the merged environment. */
    readonly images: readonly ResolvedImage[];
    /** The findings of validation. */
    readonly findings: readonly Finding[];
}

/**
 * The effective view of a contract: merged variables and credentials (per key, the workload
 * winning), joined volumes (each key with its workload and env halves, seeds withheld), the
 * deployer values the workload hides, and the images as they resolve. Never throws on bad
 * input; problems come back as findings. Holds no secret value.
 *
 * @param input The contract, as for `validateContract`; sections may be mappings, YAML strings
 *   or tokens (an encrypted section contributes nothing to the view).
 * @param options As for `validateContract`.
 */
export function effectiveView(
    input: ContractInput,
    options?: ValidateOptions,
): EffectiveContractView {
    const validation = validateContract(input, options);
    return { ...validation.view, images: validation.images, findings: validation.findings };
}
export * from "./schema";
