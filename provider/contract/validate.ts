/**
 * Validating a contract before anything is encrypted: the schema of each section, the overlay
 * of the two, and the rules the enclave would otherwise enforce at boot by shutting down.
 */
import { readEncryptionKey, readSigningKey, type EncryptionKey } from "../crypto/keys";
import { isToken, sha256Hex } from "../crypto/token";
import { InputError } from "../errors";
import { isPlatform, platformInfo, PLATFORMS, type Platform } from "../platform";
import { validateSectionSchema } from "../schema";
import { finding, sortFindings, hasErrors, type Finding } from "../findings";
import { overlaySections, type EffectiveView } from "./overlay";
import { loggingRules } from "./rules-logging";
import { imageRules, shadowRules, variableRules, type ResolvedImage } from "./rules-images";
import {
    attestationKeyRules,
    encryptionKeyRules,
    envSigningKeyRules,
    sectionTokens,
    tokenKeyRules,
    tokenPlatformRules,
} from "./rules-keys";
import { kmsRules, volumeRules } from "./rules-volumes";
import {
    factsOfManifest,
    isSealedWorkload,
    sealedPlaintextHash,
    type SealedWorkload,
} from "./sealed";
import { readSection, type PlainSection, type Section, type SectionInput } from "./section";
import { predictSize, type SizeReport } from "./size-report";
import { analyzeWorkload } from "./workload-analysis";
import { EMPTY_FACTS, type WorkloadFacts } from "./workload-facts";

/** A contract's parts as users give them to this package. */
export interface ContractInput {
    /** The target platform. Default: `hpvs`. */
    readonly platform?: Platform;
    /** The workload section: a mapping, a YAML string, a token, or a sealed workload. */
    readonly workload: SectionInput | SealedWorkload;
    /** The env section: a mapping, a YAML string or a token. */
    readonly env: SectionInput;
    /** An RSA public key (PEM or base64 of PEM) that the enclave encrypts its attestation record for. */
    readonly attestationPublicKey?: string;
    /** The enclave image's encryption certificate (PEM), or a bare RSA public key. */
    readonly encryptionCertificate?: string;
    /** The RSA private key that signs the contract (PEM). Default: a fresh key per contract. */
    readonly signingKey?: string;
    /** The password of an encrypted `signingKey`. */
    readonly signingKeyPassword?: string;
}

/** Options for {@link validateContract}. */
export interface ValidateOptions {
    /** The time against which expiry is judged. Default: now. */
    readonly now?: Date;
    /**
     * Tells which input values are not known yet (a preview). A section that holds an unknown
     * value anywhere is treated as unknown, and the rules that need it are skipped.
     */
    readonly isUnknown?: (value: unknown) => boolean;
    /** The encryption key, when the caller has read it already. */
    readonly encryptionKey?: EncryptionKey;
    /** The length of the `signingKey` value that will be written into env, when known. */
    readonly signingKeyValueLength?: number;
    /**
     * The `signingKey` value itself, when known: the size is then measured on the very env
     * text that will be encrypted, which is written once for both.
     */
    readonly signingKeyValue?: string;
    /** The signing key's modulus size, when the caller has read the key already. */
    readonly signingKeyBits?: number;
}

/** What validation found, with what it read along the way. */
export interface ContractValidation {
    readonly platform: Platform;
    /** Every finding, errors first. */
    readonly findings: readonly Finding[];
    /** Whether no finding is an error. */
    readonly ok: boolean;
    /** The workload section, when readable and not sealed. */
    readonly workload?: Section;
    /** The sealed workload, when one was given. */
    readonly sealed?: SealedWorkload;
    /** The env section, when readable. */
    readonly env?: Section;
    /** What the workload declares (empty when it is unknown or encrypted). */
    readonly facts: WorkloadFacts;
    /** Whether the facts describe the workload (false when it is unknown or encrypted). */
    readonly workloadKnown: boolean;
    /** The overlay the enclave will see. */
    readonly view: EffectiveView;
    /** The images, resolved against the merged environment. */
    readonly images: readonly ResolvedImage[];
    /** The encryption key, when one was given and readable. */
    readonly encryptionKey?: EncryptionKey;
    /** The modulus size of the signing key, when one was given and readable. */
    readonly signingKeyBits?: number;
    /** The size of the contract to be built, when both sections are known. */
    readonly size?: SizeReport;
}

/**
 * Validates a contract: every rule of the package, in one pass, without encrypting anything.
 * Bad input never throws; it comes back as findings. Secrets never appear in findings.
 */
export function validateContract(
    input: ContractInput,
    options: ValidateOptions = {},
): ContractValidation {
    const findings: Finding[] = [];
    const now = options.now ?? new Date();
    const unknown = (value: unknown) =>
        !!options.isUnknown && containsUnknown(value, options.isUnknown);
    const platform = input.platform ?? "hpvs";
    if (!isPlatform(platform)) {
        findings.push(
            finding(
                "SCHEMA",
                "error",
                "platform",
                `is not a platform; use one of ${PLATFORMS.join(", ")}`,
            ),
        );
        return done("hpvs", findings, {
            facts: EMPTY_FACTS,
            workloadKnown: false,
            view: overlaySections(EMPTY_FACTS, undefined),
            images: [],
        });
    }

    let encryptionKey = options.encryptionKey;
    if (
        !encryptionKey &&
        input.encryptionCertificate !== undefined &&
        !unknown(input.encryptionCertificate)
    ) {
        try {
            encryptionKey = readEncryptionKey(String(input.encryptionCertificate));
        } catch (e) {
            findings.push(inputFinding(e, "CERTIFICATE_INVALID", "encryptionCertificate"));
        }
    }
    if (encryptionKey) findings.push(...encryptionKeyRules(encryptionKey, now));

    let signingKeyBits = options.signingKeyBits;
    if (
        input.signingKey !== undefined &&
        !unknown(input.signingKey) &&
        !unknown(input.signingKeyPassword)
    ) {
        try {
            signingKeyBits = readSigningKey(
                String(input.signingKey),
                input.signingKeyPassword,
            ).modulusBits;
        } catch (e) {
            findings.push(inputFinding(e, "SIGNING_KEY_INVALID", "signingKey"));
        }
    }

    // The workload: sealed, plain or encrypted.
    let workload: Section | undefined;
    let sealed: SealedWorkload | undefined;
    let facts = EMPTY_FACTS;
    let workloadKnown = false;
    if (!unknown(input.workload)) {
        if (isSealedWorkload(input.workload)) {
            sealed = input.workload;
            findings.push(...sealedRules(sealed, platform, encryptionKey));
            facts = factsOfManifest(sealed.manifest);
            workloadKnown = true;
        } else {
            const read = readSection("workload", input.workload);
            findings.push(...read.findings);
            workload = read.section;
            if (workload?.kind === "plain") {
                findings.push(...validateSectionSchema(platform, "workload", workload.value));
                const analysis = analyzeWorkload(workload.value);
                findings.push(...analysis.findings);
                facts = analysis.facts;
                workloadKnown = true;
            }
        }
    }

    let env: Section | undefined;
    let envPlain: PlainSection | undefined;
    const envKnown = !unknown(input.env);
    if (envKnown) {
        const read = readSection("env", input.env);
        findings.push(...read.findings);
        env = read.section;
        if (env?.kind === "plain") {
            envPlain = env;
            findings.push(...envRules(platform, env.value, now));
        }
    }
    const tokens = sectionTokens([workload, env]);
    if (isToken(input.attestationPublicKey) && !unknown(input.attestationPublicKey)) {
        // Its platform is judged here with the sections', not by attestationKeyRules.
        tokens.push({ path: "attestationPublicKey", token: input.attestationPublicKey });
    }
    findings.push(...tokenPlatformRules(tokens, platform));
    if (encryptionKey) findings.push(...tokenKeyRules(tokens, encryptionKey));

    const view = overlaySections(facts, envPlain?.value);
    let images: ResolvedImage[] = [];
    if (workloadKnown) {
        const judged = imageRules(facts, view, envPlain !== undefined);
        images = judged.images;
        findings.push(...judged.findings);
        if (envPlain) {
            findings.push(...variableRules(facts, view));
            findings.push(...shadowRules(view, facts));
        }
        findings.push(
            ...volumeRules(
                view,
                workload?.kind === "plain" ? workload.value : undefined,
                envPlain?.value,
                envPlain !== undefined,
            ),
        );
    }
    if (!unknown(input.attestationPublicKey)) {
        findings.push(...attestationKeyRules(input.attestationPublicKey));
    }

    const size =
        (workload || sealed) && env && !unknown(input.attestationPublicKey)
            ? predictSize({
                  platform,
                  workload: sealed
                      ? {
                            kind: "encrypted",
                            name: "workload",
                            token: sealed.token,
                            prefix: platformInfo(platform).tokenPrefix,
                        }
                      : workload!,
                  env,
                  attestationPublicKey: input.attestationPublicKey,
                  encryptionBits: encryptionKey?.modulusBits,
                  signingKeyBits,
                  signingKeyValueLength: options.signingKeyValueLength,
                  signingKeyValue: options.signingKeyValue,
              })
            : undefined;
    if (size) findings.push(...size.findings);
    return done(platform, findings, {
        workload,
        sealed,
        env,
        facts,
        workloadKnown,
        view,
        images,
        encryptionKey,
        signingKeyBits,
        size,
    });
}

/**
 * The findings on a plain env section that need nothing else: its schema, logging, key
 * services and signing key. `validateContract` runs them, and so does a check of env alone.
 */
export function envRules(
    platform: Platform,
    env: Readonly<Record<string, unknown>>,
    now: Date = new Date(),
): Finding[] {
    return [
        ...validateSectionSchema(platform, "env", env),
        ...loggingRules(env),
        ...kmsRules(env),
        ...envSigningKeyRules(env, now),
    ];
}

function done(
    platform: Platform,
    findings: Finding[],
    rest: Omit<ContractValidation, "platform" | "findings" | "ok">,
): ContractValidation {
    const sorted = dedupe(sortFindings(findings));
    return { platform, findings: sorted, ok: !hasErrors(sorted), ...rest };
}

function dedupe(findings: Finding[]): Finding[] {
    const seen = new Set<string>();
    return findings.filter((f) => {
        const key = `${f.code}|${f.path}|${f.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

function inputFinding(e: unknown, code: Finding["code"], path: string): Finding {
    if (!InputError.isInstance(e)) throw e;
    return finding(code, "error", path, e.reason);
}

/** Checks that a sealed workload fits the contract it is put into. */
function sealedRules(
    sealed: SealedWorkload,
    platform: Platform,
    key: EncryptionKey | undefined,
): Finding[] {
    const findings: Finding[] = [];
    const m = sealed.manifest;
    const mismatch = (message: string) =>
        findings.push(finding("SEALED_MISMATCH", "error", "workload", message, "HPL11001E"));
    if (sha256Hex(sealed.token) !== m.tokenSha256) {
        mismatch(
            "has a token whose SHA-256 differs from its manifest's tokenSha256; take the token and manifest from the same sealing",
        );
    }
    if (m.platform !== platform) {
        mismatch(
            `was sealed for ${m.platform}, but this contract targets ${platform}; ask the workload provider to seal it for ${platform}`,
        );
    }
    if (key && m.encryptionCertificate.fingerprint !== key.fingerprint) {
        mismatch(
            "was sealed for another encryption certificate than this contract's; the enclave could not decrypt it, so seal it again for this certificate",
        );
    }
    if (sealed.plaintextSha256 !== undefined && sealedPlaintextHash(sealed) === undefined) {
        findings.push(
            finding(
                "SEALED_MISMATCH",
                "error",
                "workload.plaintextSha256",
                "is not 64 lowercase hex digits; take it from the same sealing as the token, or leave it out",
            ),
        );
    }
    findings.push(...tokenPlatformRules([{ path: "workload", token: sealed.token }], platform));
    return findings;
}

/** Whether `isUnknown` holds for the value or anything inside it. */
export function containsUnknown(value: unknown, isUnknown: (v: unknown) => boolean): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some((v) => containsUnknown(v, isUnknown));
    if (typeof value === "object" && value !== null) {
        return Object.values(value).some((v) => containsUnknown(v, isUnknown));
    }
    return false;
}
