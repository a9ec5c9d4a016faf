/**
 * Building the contract: encrypt the workload and env (with the signing key's public half
 * written into env first), sign the two tokens, encrypt the attestation key, and write the
 * user data.
 */
import { generateSigningKey, readSigningKey, type SigningKey } from "../crypto/keys";
import { signSections } from "../crypto/signature";
import { encryptTokenWith, isToken, newTokenKey, sha256Hex, type TokenKey } from "../crypto/token";
import { InputError } from "../errors";
import * as log from "../log";
import { platformInfo, type Platform } from "../platform";
import { ContractValidationError, type Finding } from "../findings";
import { envPlaintext, workloadPlaintext } from "./plaintext";
import { isSealedWorkload, sealedPlaintextHash } from "./sealed";
import {
    validateContract,
    type ContractInput,
    type ContractValidation,
    type ValidateOptions,
} from "./validate";
import { writeUserData } from "./user-data";

/** Options for {@link buildContract}. */
export interface BuildOptions extends ValidateOptions {
    /**
     * A workload token made earlier from the same workload plaintext and certificate, to keep
     * instead of encrypting again (the caller vouches that the plaintext is unchanged).
     */
    readonly reuseWorkloadToken?: string;
    /**
     * An env token made earlier from the same env plaintext, certificate and signing key, to
     * keep instead of encrypting again; only the signature is made anew. Needs `signer`.
     */
    readonly reuseEnvToken?: string;
    /** An attestation key token made earlier from the same key and certificate, to keep. */
    readonly reuseAttestationToken?: string;
    /** The signing key, when the caller has read it already (overrides `signingKey`). */
    readonly signer?: SigningKey;
    /**
     * The `signingKey` value to write into env instead of base64 of the public key: base64 of
     * a certificate for that key, which gives the contract an expiry date.
     */
    readonly signingKeyValue?: string;
}

/** A built contract and what can be said of it without revealing a secret. */
export interface BuiltContract {
    /** The contract to hand to an instance as user data. Secret: it holds the sections. */
    readonly userData: string;
    readonly platform: Platform;
    /** The section tokens and the signature, as written in the user data. */
    readonly workloadToken: string;
    readonly envToken: string;
    readonly attestationToken?: string;
    readonly signature: string;
    /** Hex SHA-256 of the user data and of each value, as attestation records show them. */
    readonly sha256: {
        readonly userData: string;
        readonly workload: string;
        readonly env: string;
        readonly attestationPublicKey?: string;
    };
    /**
     * Hex SHA-256 of each section's plaintext, where this build saw it: what an enclave's
     * attestation record shows for an encrypted section, which it measures after decrypting.
     * An unsalted hash of secret text: keep it as secret as the sections.
     */
    readonly plaintextSha256: {
        readonly workload?: string;
        readonly env?: string;
        readonly attestationPublicKey?: string;
    };
    /** The encryption certificate used. */
    readonly encryptionCertificate: {
        readonly fingerprint: string;
        readonly notAfter?: string;
        readonly subject?: string;
    };
    /** The key that signed it. */
    readonly signer: {
        /** Hex SHA-256 of the public key's SPKI DER. */
        readonly fingerprint: string;
        /** Whether the key was generated for this contract and dropped afterwards. */
        readonly generated: boolean;
    };
    /** Its size, and the platform's limit. */
    readonly size: { readonly bytes: number; readonly limit?: number };
    /** The warnings of validation. */
    readonly findings: readonly Finding[];
}

/** A contract validated and ready to be encrypted, with the signing key read. */
export interface PreparedContract {
    readonly input: ContractInput;
    /** The result of validation; the contract is built only when it is ok. */
    readonly validation: ContractValidation;
    /** The signing key, when one was given. */
    readonly signer?: SigningKey;
    /** The `signingKey` value for env, when known before a key is generated. */
    readonly signingKeyValue?: string;
}

/** The token keys being derived for the sections that will be encrypted, by section. */
interface SectionKeys {
    readonly workload?: Promise<TokenKey>;
    readonly env?: Promise<TokenKey>;
    readonly attestationPublicKey?: Promise<TokenKey>;
}

// Each prepared contract's keys, taken (and so used) by the first assembly only.
const pendingKeys = new WeakMap<PreparedContract, SectionKeys>();

/**
 * Starts deriving a token key on the thread pool. A contract that fails validation never
 * awaits it, so its failure (there is none in practice) must not count as unhandled.
 */
function startKey(): Promise<TokenKey> {
    const key = newTokenKey();
    key.catch(() => undefined);
    return key;
}

/** Starts the key derivations of the sections that the input and options will encrypt. */
function startSectionKeys(input: ContractInput, options: BuildOptions): SectionKeys {
    const attestation = input.attestationPublicKey;
    const encryptsWorkload =
        options.reuseWorkloadToken === undefined &&
        !isSealedWorkload(input.workload) &&
        !isToken(input.workload);
    const keepsEnv =
        options.reuseEnvToken !== undefined &&
        (input.signingKey !== undefined || options.signer !== undefined);
    const encryptsAttestation =
        typeof attestation === "string" &&
        attestation !== "" &&
        !isToken(attestation) &&
        options.reuseAttestationToken === undefined;
    return {
        workload: encryptsWorkload ? startKey() : undefined,
        env: !keepsEnv && !isToken(input.env) ? startKey() : undefined,
        attestationPublicKey: encryptsAttestation ? startKey() : undefined,
    };
}

/**
 * Reads the signing key and validates a contract, without encrypting anything. It also
 * starts deriving the sections' AES keys on the thread pool, which needs no plaintext, so that
 * the derivations and the validation run side by side; {@link assembleContract} uses them.
 * Pass it the same options as {@link assembleContract}, so that it derives no key for a token
 * that will be kept.
 *
 * @throws InputError when the signing key cannot be read.
 */
export function prepareContract(
    input: ContractInput,
    options: BuildOptions = {},
): PreparedContract {
    const keys = startSectionKeys(input, options);
    const signer =
        options.signer ??
        (input.signingKey !== undefined
            ? readSigningKey(input.signingKey, input.signingKeyPassword)
            : undefined);
    const signingKeyValue =
        options.signingKeyValue ??
        (signer ? Buffer.from(signer.publicKeyPem).toString("base64") : undefined);
    const validation = validateContract(
        { ...input, signingKey: undefined, signingKeyPassword: undefined },
        {
            ...options,
            signingKeyValue,
            signingKeyValueLength: signingKeyValue?.length,
            signingKeyBits: signer?.modulusBits ?? 4096,
        },
    );
    const prepared: PreparedContract = { input, validation, signer, signingKeyValue };
    pendingKeys.set(prepared, keys);
    return prepared;
}

/**
 * Validates, encrypts and signs a contract.
 *
 * @throws ContractValidationError when validation finds errors (every finding is listed).
 * @throws InputError when a key or certificate cannot be used.
 */
export async function buildContract(
    input: ContractInput,
    options: BuildOptions = {},
): Promise<BuiltContract> {
    return assembleContract(prepareContract(input, options), options);
}

/**
 * Encrypts and signs a prepared contract.
 *
 * @throws ContractValidationError when its validation found errors.
 * @throws InputError when no encryption certificate was given.
 */
export async function assembleContract(
    prepared: PreparedContract,
    options: BuildOptions = {},
): Promise<BuiltContract> {
    const { input, validation, signer, signingKeyValue } = prepared;
    if (!validation.ok) throw new ContractValidationError(validation.findings);
    const key = validation.encryptionKey;
    if (!key) {
        throw new InputError(
            "encryptionCertificate",
            "is required; give the encryption certificate of the enclave image the contract is for",
        );
    }
    const platform = validation.platform;
    const prefix = platformInfo(platform).tokenPrefix;
    let generated = false;
    let signing = signer;
    if (!signing) {
        signing = await generateSigningKey();
        generated = true;
        log.info(
            "no signing key was given: a fresh RSA-4096 key signs this contract and is then dropped",
        );
    }
    const keyValue = signingKeyValue ?? Buffer.from(signing.publicKeyPem).toString("base64");

    const keys = pendingKeys.get(prepared) ?? {};
    pendingKeys.delete(prepared);
    const encrypt = async (plaintext: string, tokenKey?: Promise<TokenKey>) =>
        encryptTokenWith(plaintext, await (tokenKey ?? startKey()), key, prefix);
    const workload = validation.workload;
    const env = validation.env;
    const workloadToken: Promise<string> = validation.sealed
        ? Promise.resolve(validation.sealed.token)
        : workload?.kind === "encrypted"
          ? Promise.resolve(workload.token)
          : options.reuseWorkloadToken !== undefined
            ? Promise.resolve(options.reuseWorkloadToken)
            : encrypt(workloadPlaintext(workload!), keys.workload);
    const envToken: Promise<string> =
        env!.kind === "encrypted"
            ? Promise.resolve(env!.token)
            : options.reuseEnvToken !== undefined && !generated
              ? Promise.resolve(options.reuseEnvToken)
              : encrypt(envPlaintext(env!, keyValue), keys.env);
    const attestation = input.attestationPublicKey;
    const attestationToken: Promise<string | undefined> =
        attestation === undefined || attestation === ""
            ? Promise.resolve(undefined)
            : isToken(attestation)
              ? Promise.resolve(attestation.trim())
              : options.reuseAttestationToken !== undefined
                ? Promise.resolve(options.reuseAttestationToken)
                : encrypt(attestation, keys.attestationPublicKey);
    // The derivations of all sections run side by side on the thread pool.
    const [w, e, a] = await Promise.all([workloadToken, envToken, attestationToken]);
    const signature = await signSections(w, e, signing.privateKey);
    const userData = writeUserData({
        workload: w,
        env: e,
        envWorkloadSignature: signature,
        attestationPublicKey: a,
    });
    const bytes = Buffer.byteLength(userData);
    const limit = platformInfo(platform).userDataLimit;
    if (limit !== undefined && bytes > limit) {
        // Reached only when validation could not know a key size; it measured the rest.
        throw new ContractValidationError([
            {
                code: "SIZE_LIMIT",
                severity: "error",
                path: "workload",
                message: `makes the encrypted contract ${bytes} bytes, over the ${limit}-byte user-data limit of ${platformInfo(platform).title}; shrink the archive`,
            },
        ]);
    }
    return {
        userData,
        platform,
        workloadToken: w,
        envToken: e,
        attestationToken: a,
        signature,
        sha256: {
            userData: sha256Hex(userData),
            workload: sha256Hex(w),
            env: sha256Hex(e),
            ...(a !== undefined ? { attestationPublicKey: sha256Hex(a) } : {}),
        },
        plaintextSha256: plaintextHashes(validation, keyValue, attestation),
        encryptionCertificate: {
            fingerprint: key.fingerprint,
            ...(key.certificate
                ? {
                      notAfter: key.certificate.notAfter.toISOString(),
                      subject: key.certificate.subject,
                  }
                : {}),
        },
        signer: { fingerprint: signing.fingerprint, generated },
        size: { bytes, limit },
        findings: validation.findings,
    };
}

/** The plaintext hashes of the sections given in clear (a sealed or encrypted one is not). */
function plaintextHashes(
    validation: ContractValidation,
    signingKeyValue: string,
    attestation: string | undefined,
): BuiltContract["plaintextSha256"] {
    const { workload, env, sealed } = validation;
    const sealedHash = sealed ? sealedPlaintextHash(sealed) : undefined;
    return {
        ...(sealedHash !== undefined
            ? { workload: sealedHash }
            : !sealed && workload?.kind === "plain"
              ? { workload: sha256Hex(workloadPlaintext(workload)) }
              : {}),
        ...(env?.kind === "plain" ? { env: sha256Hex(envPlaintext(env, signingKeyValue)) } : {}),
        ...(attestation && !isToken(attestation)
            ? { attestationPublicKey: sha256Hex(attestation) }
            : {}),
    };
}
