/**
 * The provider methods of the building blocks: `SealedWorkload`, `ComposeArchive`,
 * `EncryptedText`, `EncryptedJson`, `EncryptedArchive` and `SealedSecret`. Like `Contract`, each diffs by keyed
 * fingerprints of its inputs and encrypts only in create and update.
 */
import * as crypto from "node:crypto";
import { inspectArchive } from "../archive";
import { finding, formatFinding, type Finding } from "../findings";
import { checkWorkloadAlone, sealWorkload } from "../contract/seal";
import { readEncryptionKey, readPrivateKey } from "../crypto/keys";
import { encryptToken, sha256Hex } from "../crypto/token";
import { InputError } from "../errors";
import { sealSecret } from "../onprem/sealed-secret";
import { isPlatform, platformInfo, PLATFORMS, type Platform } from "../platform";
import {
    failuresOf,
    fingerprint,
    hasUnknown,
    logLine,
    logWarnings,
    newFingerprintKey,
    normalizeOuts,
    unchangedInputs,
    withoutProvider,
} from "./common";

type Bag = Record<string, unknown>;

/** The kinds of building block, as the `kind` input names them. */
export type BlockKind =
    | "sealed-workload"
    | "compose-archive"
    | "encrypted-text"
    | "encrypted-json"
    | "encrypted-archive"
    | "sealed-secret";

/**
 * The inputs of each kind that its outputs depend on. An archive's key is its content hash
 * alone: the same files from another checkout, under another path, are no change.
 */
const INPUTS: Readonly<Record<BlockKind, readonly string[]>> = {
    "sealed-workload": ["platform", "workload", "encryptionCertificate", "rotate"],
    "compose-archive": ["contentHash"],
    "encrypted-text": ["platform", "text", "encryptionCertificate", "rotate"],
    "encrypted-json": ["platform", "json", "encryptionCertificate", "rotate"],
    "encrypted-archive": ["platform", "contentHash", "encryptionCertificate", "rotate"],
    "sealed-secret": ["section", "secret", "encryptionKey", "signingKey", "rotate"],
};

function kindOf(bag: Bag): BlockKind {
    const kind = bag.kind as BlockKind;
    if (!(kind in INPUTS)) throw new Error(`unknown building block kind "${String(kind)}"`);
    return kind;
}

/** Validates a block's inputs; unknown values are tolerated, and unchanged inputs not judged again. */
export async function check(
    olds: Bag,
    news: Bag,
): Promise<{ inputs: Bag; failures: { property: string; reason: string }[] }> {
    const kind = kindOf(news);
    const name = String(news.resourceName ?? kind);
    const inputs: Bag = INPUTS[kind].includes("platform")
        ? { ...news, platform: news.platform ?? "hpvs" }
        : { ...news };
    // Inputs equal to those checked before were judged then: a preview does no work for them.
    if (unchangedInputs(olds, inputs)) return { inputs, failures: [] };
    const findings: Finding[] = [];
    if (
        inputs.platform !== undefined &&
        !hasUnknown(inputs.platform) &&
        !isPlatform(inputs.platform)
    ) {
        findings.push(
            finding(
                "SCHEMA",
                "error",
                "platform",
                `is not a platform; use one of ${PLATFORMS.join(", ")}`,
            ),
        );
    }
    const cert = inputs.encryptionCertificate;
    if (INPUTS[kind].includes("encryptionCertificate") && !hasUnknown(cert)) {
        try {
            readEncryptionKey(String(cert ?? ""));
        } catch (e) {
            if (!InputError.isInstance(e)) throw e;
            findings.push(
                finding("CERTIFICATE_INVALID", "error", "encryptionCertificate", e.reason),
            );
        }
    }
    if (kind === "sealed-workload" && !hasUnknown(inputs.workload) && isPlatform(inputs.platform)) {
        try {
            findings.push(
                ...checkWorkloadAlone(inputs.platform, inputs.workload as never).findings,
            );
        } catch (e) {
            if (e && typeof e === "object" && "findings" in e)
                findings.push(...(e as { findings: Finding[] }).findings);
            else throw e;
        }
    }
    if (
        (kind === "compose-archive" || kind === "encrypted-archive") &&
        !hasUnknown(inputs.base64)
    ) {
        findings.push(...inspectArchive(String(inputs.base64 ?? ""), "base64").findings);
    }
    if (kind === "encrypted-json" && !hasUnknown(inputs.json) && typeof inputs.json === "string") {
        try {
            JSON.parse(inputs.json);
        } catch {
            findings.push(
                finding(
                    "SCHEMA",
                    "error",
                    "json",
                    "is not a JSON document; give valid JSON text or an object",
                ),
            );
        }
    }
    if (
        kind === "encrypted-text" &&
        !hasUnknown(inputs.text) &&
        (typeof inputs.text !== "string" || inputs.text === "")
    ) {
        findings.push(finding("SCHEMA", "error", "text", "must be a non-empty string"));
    }
    if (kind === "sealed-secret") findings.push(...sealedSecretFindings(inputs));
    logWarnings(name, findings);
    return { inputs, failures: failuresOf(findings) };
}

/** What is wrong with a sealed secret's inputs that are known; never a secret's value. */
function sealedSecretFindings(inputs: Bag): Finding[] {
    const findings: Finding[] = [];
    const { section, secret } = inputs;
    if (!hasUnknown(section) && section !== "workload" && section !== "env") {
        findings.push(finding("SCHEMA", "error", "section", 'must be "workload" or "env"'));
    }
    if (!hasUnknown(secret) && (typeof secret !== "string" || secret === "")) {
        findings.push(finding("SCHEMA", "error", "secret", "must be a non-empty string"));
    }
    for (const field of ["encryptionKey", "signingKey"]) {
        const key = inputs[field];
        if (key === undefined || key === null || hasUnknown(key)) continue;
        try {
            readPrivateKey(String(key), undefined, field);
        } catch (e) {
            if (!InputError.isInstance(e)) throw e;
            findings.push(finding("SCHEMA", "error", field, e.reason));
        }
    }
    return findings;
}

function changed(kind: BlockKind, olds: Bag, news: Bag): string[] {
    const key = olds.fingerprintKey as string | undefined;
    const prints = olds.fingerprints as Record<string, string> | undefined;
    if (!key || !prints) return [...INPUTS[kind]];
    return INPUTS[kind].filter(
        (i) => hasUnknown(news[i]) || prints[i] !== fingerprint(key, news[i] ?? null),
    );
}

/** Compares by keyed fingerprints; a change is named in the log. */
export async function diff(
    _id: string,
    olds: Bag,
    news: Bag,
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    const kind = kindOf(news);
    const list = changed(kind, olds, news);
    if (olds.providerVersion !== news.providerVersion) list.push("providerVersion");
    if (list.length > 0)
        logLine(`info: ${String(news.resourceName ?? kind)}: ${list.join(", ")} changed`);
    return { changes: list.length > 0, replaces: [], deleteBeforeReplace: false };
}

async function produce(kind: BlockKind, inputs: Bag): Promise<Bag> {
    const platform = (inputs.platform ?? "hpvs") as Platform;
    const certificate = String(inputs.encryptionCertificate ?? "");
    const encrypt = (text: string) =>
        encryptToken(text, readEncryptionKey(certificate), platformInfo(platform).tokenPrefix);
    switch (kind) {
        case "sealed-workload": {
            const sealed = await sealWorkload({
                platform,
                workload: inputs.workload as never,
                encryptionCertificate: certificate,
            });
            return {
                token: sealed.token,
                manifest: JSON.parse(JSON.stringify(sealed.manifest)),
                tokenSha256: sealed.manifest.tokenSha256,
                plaintextSha256: sealed.plaintextSha256,
                warnings: sealed.findings
                    .filter((f) => f.severity === "warning")
                    .map(formatFinding),
            };
        }
        case "sealed-secret": {
            const sealed = await sealSecret({
                secret: String(inputs.secret),
                section: inputs.section as "workload" | "env",
                encryptionKey: (inputs.encryptionKey as string | undefined) ?? undefined,
                signingKey: (inputs.signingKey as string | undefined) ?? undefined,
            });
            return {
                sealed: sealed.sealed,
                decryptionKey: sealed.decryptionKey,
                verificationKey: sealed.verificationKey,
                secretSha256: sealed.secretSha256,
                sealedSha256: sealed.sealedSha256,
            };
        }
        case "compose-archive": {
            const base64 = String(inputs.base64);
            return {
                contentHash: inputs.contentHash,
                base64,
                sha256: sha256Hex(Buffer.from(base64, "base64")),
                size: Buffer.from(base64, "base64").length,
            };
        }
        case "encrypted-text":
        case "encrypted-json":
        case "encrypted-archive": {
            const plaintext =
                kind === "encrypted-text"
                    ? String(inputs.text)
                    : kind === "encrypted-json"
                      ? typeof inputs.json === "string"
                          ? inputs.json
                          : JSON.stringify(inputs.json)
                      : String(inputs.base64);
            const rendered = await encrypt(plaintext);
            return { rendered, renderedSha256: sha256Hex(rendered) };
        }
    }
}

async function build(news: Bag, fingerprintKey: string): Promise<Bag> {
    const kind = kindOf(news);
    const inputs = withoutProvider(news);
    const outs = await produce(kind, inputs);
    const fingerprints = Object.fromEntries(
        INPUTS[kind].map((i) => [i, fingerprint(fingerprintKey, inputs[i] ?? null)]),
    );
    return normalizeOuts({
        ...outs,
        kind,
        providerVersion: inputs.providerVersion,
        fingerprintKey,
        fingerprints,
    });
}

/** Produces the block. */
export async function create(news: Bag): Promise<{ id: string; outs: Bag }> {
    return { id: crypto.randomUUID(), outs: await build(news, newFingerprintKey()) };
}

/** Produces the block again when an input changed; a version change alone keeps it. */
export async function update(_id: string, olds: Bag, news: Bag): Promise<{ outs: Bag }> {
    const kind = kindOf(news);
    const state = withoutProvider(olds);
    if (changed(kind, state, news).length === 0) {
        return { outs: { ...state, providerVersion: news.providerVersion } };
    }
    return { outs: await build(news, String(state.fingerprintKey ?? newFingerprintKey())) };
}
