/**
 * Reading an encrypted contract back: decrypting its tokens with the private key of the
 * encryption certificate (a test enclave identity, or an auditor's attestation key).
 */
import type * as crypto from "node:crypto";
import { isToken, decryptToken } from "../crypto/token";
import { readUserData } from "./user-data";
import { ContractValidationError } from "../findings";

/** A contract's values with every token decrypted. */
export interface DecryptedContract {
    readonly workload?: string;
    readonly env?: string;
    readonly attestationPublicKey?: string;
    readonly envWorkloadSignature?: string;
}

/**
 * Decrypts every token of a contract (user data) with `privateKey`; plain values pass through.
 *
 * @throws ContractValidationError when the text is not a contract.
 * @throws InputError when a token does not decrypt with the key.
 */
export async function decryptContract(
    userData: string,
    privateKey: crypto.KeyObject,
): Promise<DecryptedContract> {
    const read = readUserData(userData);
    if (!read.values) throw new ContractValidationError(read.findings);
    const out: Record<string, string> = {};
    for (const key of ["workload", "env", "attestationPublicKey", "envWorkloadSignature"]) {
        const value = read.values[key];
        if (typeof value !== "string") continue;
        out[key] =
            key !== "envWorkloadSignature" && isToken(value)
                ? (await decryptToken(value, privateKey, key)).toString("utf8")
                : value;
    }
    return out;
}
