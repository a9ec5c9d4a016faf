/**
 * The `Contract` resource's provider methods. The serialized provider object only forwards to
 * these, by package path, so that the code in state stays small and the code that runs is
 * always the installed package's.
 */
import * as crypto from "node:crypto";
import * as YAML from "yaml";
import { assembleContract, prepareContract } from "../contract/assemble";
import { reviewContract } from "../contract/review";
import { ContractValidationError, formatFinding, hasErrors } from "../findings";
import { validateContract } from "../contract/validate";
import { certificateDateRules } from "../contract/rules-keys";
import type { Platform } from "../platform";
import {
    failuresOf,
    fingerprint,
    hasUnknown,
    isUnknown,
    logLine,
    logWarnings,
    newFingerprintKey,
    normalizeOuts,
    unchangedInputs,
    withoutProvider,
} from "./common";
import { describeChanges, withSameKeysKept } from "./contract-keys";
import {
    caDateWarnings,
    checkExpiry,
    expiryFailuresUnnamed,
    issuanceOf,
    previewExpiry,
    renewalDue,
    signingCertificateForBuild,
} from "./contract-expiry";
import {
    FINGERPRINTED,
    PART_INPUTS,
    type ContractInputs,
    type ContractState,
    type FingerprintedInput,
} from "./contract-state";

type Bag = Record<string, unknown>;

/** The inputs with their defaults filled in, as check returns them. */
function withDefaults(news: Bag): Bag {
    return { ...news, platform: news.platform ?? "hpvs" };
}

/**
 * Validates the inputs: every rule of the package, at preview. Unknown values are tolerated.
 * An input identical to the previous one is not validated again, nor is anything parsed, so
 * that a preview of an unchanged stack costs no crypto; what time changes (the certificate's
 * expiry) is judged by `diff`, from the state.
 */
export async function check(
    olds: Bag,
    news: Bag,
): Promise<{ inputs: Bag; failures: { property: string; reason: string }[] }> {
    const inputs = withDefaults(news);
    const name = String(news.resourceName ?? "contract");
    const previous = withoutProvider(olds);
    if (unchangedInputs(olds, inputs)) {
        logWarnings(name, caDateWarnings(inputs.expiry, new Date()));
        return { inputs, failures: [] };
    }
    if (hasUnknown(inputs.platform)) {
        // The platform picks the schema and the rules: until it is known, nothing can be judged.
        return { inputs, failures: [] };
    }
    const input = inputs as unknown as ContractInputs;
    const validation = validateContract(
        {
            platform: input.platform,
            workload: input.workload as never,
            env: input.env as never,
            encryptionCertificate: input.encryptionCertificate,
            signingKey: input.signingKey,
            signingKeyPassword: input.signingKeyPassword,
            attestationPublicKey: input.attestationPublicKey,
        },
        { isUnknown },
    );
    const findings = [...validation.findings, ...checkExpiry(previous, inputs, new Date())];
    logWarnings(name, findings);
    return { inputs, failures: expiryFailuresUnnamed(failuresOf(findings)) };
}

/** The inputs whose keyed fingerprint differs from the state's (unknown ones count as changed). */
export function changedInputs(state: Partial<ContractState>, raw: Bag): FingerprintedInput[] {
    const news = withDefaults(raw);
    const key = state.fingerprintKey;
    const prints = state.fingerprints;
    if (!key || !prints) return [...FINGERPRINTED];
    const changed = FINGERPRINTED.filter(
        (name) =>
            hasUnknown(news[name]) ||
            // A state from before an input existed has no print for it: absent equals absent.
            (prints[name] ?? fingerprint(key, null)) !== fingerprint(key, printed(news, name)),
    );
    return withSameKeysKept(state, news, changed);
}

/** The value fingerprinted for an input: for `expiry`, all but the renew window. */
function printed(news: Bag, name: FingerprintedInput): unknown {
    return name === "expiry" ? issuanceOf(news.expiry) : (news[name] ?? null);
}

/**
 * Compares the state with the new inputs by keyed fingerprints: no crypto, no validation. An
 * unchanged program gives no diff, and the certificate's expiry is judged from the state's
 * date; a change is named in the log.
 */
export async function diff(
    _id: string,
    olds: Bag,
    news: Bag,
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    const state = olds as Partial<ContractState>;
    const changed: string[] = changedInputs(state, news);
    const name = String(news.resourceName ?? "contract");
    if (previewExpiry(name, state, news, changed, new Date())) changed.push("expiry");
    if (state.providerVersion !== news.providerVersion) changed.push("providerVersion");
    const notAfter = state.encryptionCertificateNotAfter;
    if (changed.length === 0 && notAfter) {
        logWarnings(name, certificateDateRules(new Date(notAfter), new Date()));
    }
    if (changed.length > 0) {
        const parts = (Object.keys(PART_INPUTS) as (keyof typeof PART_INPUTS)[])
            .filter((p) => PART_INPUTS[p].some((i) => changed.includes(i)))
            .map((p) => p);
        const kept = ["workload", "env"].filter((p) => !parts.includes(p as never));
        logLine(
            `info: ${String(news.resourceName ?? "contract")}: ` +
                `${describeChanges(state, news, changed).join(", ")} changed; ` +
                (parts.length > 0
                    ? `re-encrypting ${parts.join(", ")}`
                    : "no section is re-encrypted") +
                (kept.length > 0
                    ? `; ${kept.join(" and ")} keep${kept.length === 1 ? "s" : ""} ${kept.length === 1 ? "its token" : "their tokens"}`
                    : ""),
        );
    }
    return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
}

/** Builds the contract for new inputs; `previous` lets unchanged sections keep their tokens. */
async function build(news: Bag, previous?: ContractState): Promise<ContractState> {
    const input = withoutProvider(news) as unknown as ContractInputs;
    const fingerprintKey = previous?.fingerprintKey ?? newFingerprintKey();
    const changed = previous ? changedInputs(previous, news) : [...FINGERPRINTED];
    const keep = (part: keyof typeof PART_INPUTS) =>
        previous !== undefined && !PART_INPUTS[part].some((i) => changed.includes(i));
    const oldValues = previous
        ? (YAML.parse(previous.userData, { logLevel: "error" }) as Record<string, string>)
        : {};
    const signingKeyGiven = input.signingKey !== undefined && input.signingKey !== "";
    const expiry = signingCertificateForBuild(news, previous, changed, new Date());
    if (expiry && hasErrors(expiry.findings)) throw new ContractValidationError(expiry.findings);
    // The same to both: no key is derived for a token that is kept.
    const reuse = {
        reuseWorkloadToken: keep("workload") ? oldValues.workload : undefined,
        reuseEnvToken:
            keep("env") && signingKeyGiven && !expiry?.issued ? oldValues.env : undefined,
        reuseAttestationToken: keep("attestationPublicKey")
            ? oldValues.attestationPublicKey
            : undefined,
    };
    const prepared = prepareContract(
        {
            platform: input.platform,
            workload: input.workload as never,
            env: input.env as never,
            encryptionCertificate: input.encryptionCertificate,
            signingKey: signingKeyGiven ? input.signingKey : undefined,
            signingKeyPassword: input.signingKeyPassword,
            attestationPublicKey: input.attestationPublicKey,
        },
        {
            ...reuse,
            ...(expiry && {
                signer: expiry.signer,
                signingKeyValue: Buffer.from(expiry.pem).toString("base64"),
            }),
        },
    );
    const built = await assembleContract(prepared, reuse);
    const review = reviewContract(prepared.validation, {
        fingerprint: built.signer.fingerprint,
        generated: built.signer.generated,
    });
    const defaulted = withDefaults(news);
    const fingerprints = Object.fromEntries(
        FINGERPRINTED.map((name) => [name, fingerprint(fingerprintKey, printed(defaulted, name))]),
    ) as Record<FingerprintedInput, string>;
    return normalizeOuts({
        providerVersion: input.providerVersion,
        platform: built.platform as Platform,
        userData: built.userData,
        fingerprintKey,
        fingerprints,
        userDataSha256: built.sha256.userData,
        workloadSha256: built.sha256.workload,
        envSha256: built.sha256.env,
        attestationPublicKeySha256: built.sha256.attestationPublicKey ?? null,
        encryptionCertificateFingerprint: built.encryptionCertificate.fingerprint,
        encryptionCertificateNotAfter: built.encryptionCertificate.notAfter ?? null,
        signingKeyFingerprint: built.signer.fingerprint,
        signingKeyGenerated: built.signer.generated,
        size: built.size.bytes,
        sizeLimit: built.size.limit ?? null,
        warnings: [...built.findings, ...(expiry?.findings ?? [])]
            .filter((f) => f.severity === "warning")
            .map(formatFinding),
        review: JSON.parse(JSON.stringify({ ...review, findings: undefined })) as Record<
            string,
            unknown
        >,
        expiresAt: expiry?.notAfter.toISOString() ?? null,
        signingCertificate: expiry?.pem ?? null,
        plaintextSha256: built.plaintextSha256,
    });
}

/** Encrypts and signs a new contract. */
export async function create(news: Bag): Promise<{ id: string; outs: ContractState }> {
    return { id: crypto.randomUUID(), outs: await build(news) };
}

/**
 * Encrypts again only the sections whose inputs changed and signs anew; when only the package
 * version changed, the contract is kept as it is.
 */
export async function update(_id: string, olds: Bag, news: Bag): Promise<{ outs: ContractState }> {
    const state = withoutProvider(olds) as unknown as ContractState;
    const changed = changedInputs(state, news);
    if (changed.length === 0 && !renewalDue(state, news, changed, new Date())) {
        return { outs: { ...state, providerVersion: String(news.providerVersion) } };
    }
    return { outs: await build(news, state) };
}

/** The state as it is: a contract has nothing outside to read back. */
export async function read(id: string, props: Bag): Promise<{ id: string; props: Bag }> {
    return { id, props };
}

/** Nothing to delete outside the state. */
export async function remove(): Promise<void> {
    // A contract exists only in state.
}
