/**
 * Every command of `hpcr-contract`, in the order the help lists them.
 */
import type { Command } from "../command";
import { bootLog } from "./boot-log";
import { base64, base64Tgz } from "./encoding";
import { decrypt, encrypt, encryptString, signContract } from "./encrypt";
import { testIdentity } from "./identity";
import { cidata, initdata, sealedSecret, validateNetwork } from "./onprem";
import { seal } from "./seal";
import { template } from "./template";
import { decryptAttestation, verifyAttestationCommand } from "./trust-attestation";
import {
    downloadCertificate,
    getCertificate,
    validateEncryptionCertificate,
} from "./trust-certificates";
import { image } from "./trust-image";
import { effective, validateContractCommand } from "./validate";

export const COMMANDS: readonly Command[] = [
    base64,
    base64Tgz,
    template,
    decrypt,
    encrypt,
    encryptString,
    signContract,
    validateContractCommand,
    effective,
    seal,
    testIdentity,
    cidata,
    validateNetwork,
    initdata,
    sealedSecret,
    downloadCertificate,
    getCertificate,
    validateEncryptionCertificate,
    image,
    decryptAttestation,
    verifyAttestationCommand,
    bootLog,
];
