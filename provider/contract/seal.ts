/**
 * Sealing a workload: the workload provider's half of the two-party flow. The workload is
 * validated on its own, encrypted for the enclave's certificate, and published with a manifest
 * of what the deployer must supply.
 */
import { readEncryptionKey } from "../crypto/keys";
import { encryptTokenWith, newTokenKey, sha256Hex } from "../crypto/token";
import { platformInfo, type Platform } from "../platform";
import { validateSectionSchema } from "../schema";
import { ContractValidationError, sortFindings, hasErrors, type Finding } from "../findings";
import { workloadPlaintext } from "./plaintext";
import { overlaySections } from "./overlay";
import { imageRules } from "./rules-images";
import { volumeRules } from "./rules-volumes";
import { manifestOf, SEALED_FORMAT, type SealedWorkload } from "./sealed";
import { readSection, type SectionInput } from "./section";
import { analyzeWorkload } from "./workload-analysis";

/** What {@link sealWorkload} needs. */
export interface SealInput {
    /** The platform the workload will run on. Default: `hpvs`. */
    readonly platform?: Platform;
    /** The plain workload section (mapping or YAML string). */
    readonly workload: SectionInput;
    /** The enclave image's encryption certificate (PEM), or a bare RSA public key. */
    readonly encryptionCertificate: string;
}

/** A sealed workload, with the warnings of its validation. */
export interface SealResult extends SealedWorkload {
    readonly findings: readonly Finding[];
}

/**
 * Validates a workload alone (what can be judged without env) and encrypts it.
 *
 * @throws ContractValidationError when the workload has errors.
 * @throws InputError when the certificate cannot be read.
 */
export async function sealWorkload(input: SealInput): Promise<SealResult> {
    const platform = input.platform ?? "hpvs";
    // The key derivation needs no plaintext: it runs on the thread pool during validation.
    const tokenKey = newTokenKey();
    tokenKey.catch(() => undefined);
    const key = readEncryptionKey(input.encryptionCertificate);
    const { findings, facts, plaintext } = checkWorkloadAlone(platform, input.workload);
    if (hasErrors(findings)) throw new ContractValidationError(findings);
    const token = encryptTokenWith(
        plaintext,
        await tokenKey,
        key,
        platformInfo(platform).tokenPrefix,
    );
    return {
        token,
        manifest: {
            format: SEALED_FORMAT,
            platform,
            encryptionCertificate: {
                fingerprint: key.fingerprint,
                ...(key.certificate ? { notAfter: key.certificate.notAfter.toISOString() } : {}),
            },
            tokenSha256: sha256Hex(token),
            ...manifestOf(facts),
        },
        plaintextSha256: sha256Hex(plaintext),
        findings,
    };
}

/** The findings on a workload judged without its env, with its facts and plaintext. */
export function checkWorkloadAlone(platform: Platform, workload: SectionInput) {
    const read = readSection("workload", workload);
    const findings: Finding[] = [...read.findings];
    const section = read.section;
    if (section?.kind !== "plain") {
        if (section?.kind === "encrypted") {
            findings.push({
                code: "SECTION_NOT_MAPPING",
                severity: "error",
                path: "workload",
                message: "is already encrypted; seal the plain workload",
            });
        }
        throw new ContractValidationError(findings);
    }
    findings.push(...validateSectionSchema(platform, "workload", section.value));
    const analysis = analyzeWorkload(section.value);
    findings.push(...analysis.findings);
    const view = overlaySections(analysis.facts, undefined);
    findings.push(...imageRules(analysis.facts, view, false).findings);
    findings.push(...volumeRules(view, section.value, undefined, false));
    return {
        findings: sortFindings(findings),
        facts: analysis.facts,
        plaintext: workloadPlaintext(section),
    };
}
