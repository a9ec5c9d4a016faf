/**
 * A stand-in for an enclave's attestation: the records it would write for a contract, made the
 * way the enclave makes them (each section decrypted with the enclave's key, its plaintext
 * hashed), then encrypted for the contract's attestation key and signed.
 */
import * as crypto from "node:crypto";
import { decryptContract } from "../../provider/contract/decrypt";
import { readEncryptionKey, readPrivateKey } from "../../provider/crypto/keys";
import { encryptToken, sha256Hex } from "../../provider/crypto/token";

/** The base image's hash in the records: `sha256Hex("base image")`. */
export const BASE_IMAGE = sha256Hex("base image");

/** The records (`se-checksums.txt`) an enclave with `enclaveKey` writes for `userData`. */
export async function enclaveRecords(userData: string, enclaveKey: string): Promise<string> {
    const plain = await decryptContract(userData, readPrivateKey(enclaveKey));
    return [
        "26.7.1",
        "Machine Type/Plant/Serial: 9175/02/ABCDE",
        `${BASE_IMAGE} baseimage`,
        `${sha256Hex(userData)} cidata/user-data`,
        `${sha256Hex(plain.workload!)} contract:workload`,
        `${sha256Hex(plain.env!)} contract:env`,
        `${sha256Hex(plain.attestationPublicKey!)} contract:attestationPublicKey`,
        "",
    ].join("\n");
}

/** Records encrypted for an attestation public key (`se-checksums.txt.enc`). */
export function encryptRecords(records: string, attestationPublicKey: string): Promise<string> {
    const key = readEncryptionKey(attestationPublicKey, "attestationPublicKey");
    return encryptToken(records, key, "hyper-protect-basic");
}

/** `se-signature.bin` for records: RSA PKCS#1 v1.5 with SHA-256. */
export function signRecords(records: string, privateKey: string | crypto.KeyObject): Buffer {
    return crypto.sign("sha256", Buffer.from(records), privateKey);
}
