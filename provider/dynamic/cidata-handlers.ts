/**
 * The provider methods of `CidataIso`: the cloud-init ISO of an on-prem enclave, written to a
 * file on the machine that runs Pulumi. The ISO holds the contract, so the file is owner-only
 * and written in one step, and the state keeps no copy of it: only the path, the size and a
 * keyed fingerprint of the files that make the image and one of the image itself (HMAC-SHA256
 * under the resource's own secret key). The image is a pure function of those files and the
 * package version, so `diff` compares the files' fingerprint and never builds the image; the
 * image's fingerprint tells whether the file on disk is still the one written.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { finding, hasErrors, type Finding } from "../findings";
import { InputError } from "../errors";
import { writeFileAtomic } from "../files";
import { buildCidataIso } from "../onprem/cidata";
import { validateNetworkConfig } from "../onprem/network-config";
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

/** The resource's inputs, as the provider receives them (resolved, plain). */
export interface CidataIsoInputs {
    /** The resource's name, for log lines. */
    readonly resourceName: string;
    /** The package version that wrote the resource; a change rewrites the provider in state. */
    readonly providerVersion: string;
    /** Where the ISO goes: an absolute path on the machine that runs Pulumi. */
    readonly path: string;
    /** The contract. Secret. */
    readonly userData: string;
    readonly metaData: string;
    readonly vendorData?: string;
    readonly networkConfig?: string;
}

/** What the resource keeps in state. Secret: `fingerprintKey`. */
export interface CidataIsoState {
    readonly providerVersion: string;
    /** The ISO file. */
    readonly path: string;
    /** The key of {@link CidataIsoState.fingerprint}. Secret. */
    readonly fingerprintKey: string;
    /** HMAC-SHA256 of the image under `fingerprintKey`, hex: it changes exactly when the bytes do. */
    readonly fingerprint: string;
    /** HMAC-SHA256 of the files the image holds, under `fingerprintKey`: the diff key. */
    readonly inputsFingerprint: string;
    /** The image's size in bytes. */
    readonly size: number;
}

function nameOf(bag: Bag): string {
    return String(bag.resourceName ?? "cidata");
}

function image(inputs: CidataIsoInputs): Buffer {
    return buildCidataIso({
        userData: inputs.userData,
        metaData: inputs.metaData,
        vendorData: inputs.vendorData,
        networkConfig: inputs.networkConfig,
    });
}

/** The keyed fingerprint of an image. */
function fingerprintOf(key: string, iso: Buffer): string {
    return fingerprint(key, iso.toString("base64"));
}

/** The keyed fingerprint of the files an image is made of. */
function inputsFingerprintOf(key: string, inputs: Bag | CidataIsoInputs): string {
    const { userData, metaData, vendorData, networkConfig } = inputs;
    return fingerprint(key, { userData, metaData, vendorData, networkConfig });
}

/** The file's bytes, or undefined when there is no such file. */
function readIfPresent(file: string): Buffer | undefined {
    try {
        return fs.readFileSync(file);
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
    }
}

function inputFindings(inputs: Bag): Finding[] {
    const out: Finding[] = [];
    const file = inputs.path;
    if (
        !hasUnknown(file) &&
        (typeof file !== "string" || !path.isAbsolute(file) || file.endsWith("/"))
    ) {
        out.push(
            finding("SCHEMA", "error", "path", "must be an absolute path to the ISO file to write"),
        );
    }
    for (const name of ["userData", "metaData", "vendorData", "networkConfig"]) {
        const value = inputs[name];
        const optional = name === "vendorData" || name === "networkConfig";
        if (hasUnknown(value) || (optional && value === undefined) || typeof value === "string") {
            continue;
        }
        out.push(finding("SCHEMA", "error", name, "must be text"));
    }
    if (typeof inputs.userData === "string" && inputs.userData.length === 0) {
        out.push(finding("SCHEMA", "error", "userData", "is empty; give the contract"));
    }
    const network = inputs.networkConfig;
    if (typeof network === "string" && !hasUnknown(network)) {
        out.push(
            ...validateNetworkConfig(network).findings.map((f) => ({
                ...f,
                path: `networkConfig.${f.path}`,
            })),
        );
    }
    return out;
}

/**
 * Validates the inputs: the path, the file contents, the network configuration (findings at
 * `networkConfig.<path>`) and, when everything is known, the image itself. Unknown values are
 * tolerated, as a preview sends them.
 */
export async function check(
    olds: Bag,
    news: Bag,
): Promise<{ inputs: Bag; failures: { property: string; reason: string }[] }> {
    const findings = inputFindings(news);
    logWarnings(nameOf(news), findings);
    if (
        !unchangedInputs(olds, news) &&
        !hasErrors(findings) &&
        !hasUnknown(withoutProvider(news))
    ) {
        try {
            image(news as unknown as CidataIsoInputs);
        } catch (e) {
            if (!InputError.isInstance(e)) throw e;
            findings.push(finding("SCHEMA", "error", e.field, e.reason));
        }
    }
    return { inputs: news, failures: failuresOf(findings) };
}

/** Why the file must be written again, or an empty list when it stays as it is. */
export function reasonsToWrite(state: Partial<CidataIsoState>, news: Bag): string[] {
    if (hasUnknown(withoutProvider(news))) return ["inputs not known yet"];
    const reasons: string[] = [];
    if (state.providerVersion !== news.providerVersion) reasons.push("package version changed");
    if (state.path !== news.path) reasons.push("path changed");
    const key = state.fingerprintKey;
    if (!key || inputsFingerprintOf(key, news) !== state.inputsFingerprint) {
        reasons.push("content changed");
    } else if (state.path === news.path) {
        const onDisk = readIfPresent(String(news.path));
        if (onDisk === undefined) reasons.push("the file is missing");
        else if (fingerprintOf(key, onDisk) !== state.fingerprint) reasons.push("the file differs");
    }
    return reasons;
}

/**
 * Compares the files the new inputs hold with the state's fingerprint of them, and the file on
 * disk with the image's fingerprint: a new contract, a lost file or a file changed by hand all
 * show as an update; a second run with the same inputs shows nothing. Never a replacement: the
 * image keeps its fingerprint key, so that what depends on the fingerprint changes only with the
 * bytes.
 */
export async function diff(
    _id: string,
    olds: Bag,
    news: Bag,
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    const reasons = reasonsToWrite(olds as Partial<CidataIsoState>, news);
    if (reasons.length > 0)
        logLine(`info: ${nameOf(news)}: ${reasons.join(", ")}; writing the ISO`);
    return { changes: reasons.length > 0, replaces: [], deleteBeforeReplace: false };
}

async function write(news: Bag, key: string): Promise<CidataIsoState> {
    const inputs = withoutProvider(news) as unknown as CidataIsoInputs;
    const iso = image(inputs);
    // The folder may be new on this machine; only the owner needs to enter it.
    await fs.promises.mkdir(path.dirname(inputs.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(inputs.path, iso, true);
    return normalizeOuts({
        providerVersion: inputs.providerVersion,
        path: inputs.path,
        fingerprintKey: key,
        fingerprint: fingerprintOf(key, iso),
        inputsFingerprint: inputsFingerprintOf(key, inputs),
        size: iso.length,
    });
}

/** Removes the file at `file` if it still holds the image of the given fingerprint. */
function removeIfOurs(file: string | undefined, key?: string, print?: string): void {
    if (!file || !key) return;
    const onDisk = readIfPresent(file);
    if (onDisk === undefined) return;
    if (fingerprintOf(key, onDisk) === print) {
        fs.rmSync(file, { force: true });
    } else {
        logLine(
            `warning: ${file} is not the cidata ISO that Pulumi wrote there; it is left in place`,
        );
    }
}

/** Builds the image and writes it owner-only. */
export async function create(news: Bag): Promise<{ id: string; outs: CidataIsoState }> {
    return { id: crypto.randomUUID(), outs: await write(news, newFingerprintKey()) };
}

/** Writes the image again, under the same key; a moved file leaves its old path. */
export async function update(_id: string, olds: Bag, news: Bag): Promise<{ outs: CidataIsoState }> {
    const state = olds as Partial<CidataIsoState>;
    const outs = await write(news, state.fingerprintKey ?? newFingerprintKey());
    if (state.path !== outs.path) {
        removeIfOurs(state.path, state.fingerprintKey, state.fingerprint);
    }
    return { outs };
}

/** The state as it is; `diff` is where the file on disk is compared. */
export async function read(id: string, props: Bag): Promise<{ id: string; props: Bag }> {
    return { id, props };
}

/** Removes the ISO file, unless someone replaced it with another. */
export async function remove(_id: string, props: Bag): Promise<void> {
    const state = props as Partial<CidataIsoState>;
    removeIfOurs(state.path, state.fingerprintKey, state.fingerprint);
}
