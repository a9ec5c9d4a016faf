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
import type { Finding } from "./contract/findings";

export * from "./platform";
export { InputError } from "./errors";
export { setLogSink, type LogSink } from "./log";
export * from "./contract";
export * as crypto from "./crypto";
export * as trust from "./trust";
export * as onprem from "./onprem";

/**
 * Encrypts one section (or any text) into a token for an enclave: the `hpcr_text_encrypted`
 * equivalent.
 *
 * @param options.encryptionCertificate The enclave image's encryption certificate (PEM) or RSA public key.
 * @param options.platform Picks the token prefix. Default: `hpvs`.
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
 * Decrypts a token with the private key of the certificate it was encrypted for.
 *
 * @param options.privateKey The private key (PEM).
 * @param options.password The key's password, when it is encrypted.
 * @throws InputError when the key cannot be read or the token does not decrypt with it.
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
 * The effective view of a contract: merged variables and credentials (the workload wins),
 * joined volumes, the deployer values the workload hides, and the images as they resolve.
 * Never throws on bad input; problems come back as findings.
 */
export function effectiveView(
    input: ContractInput,
    options?: ValidateOptions,
): EffectiveContractView {
    const validation = validateContract(input, options);
    return { ...validation.view, images: validation.images, findings: validation.findings };
}
export * from "./schema";
