/**
 * Builders of plain contract sections for tests: compose and pod workloads, env sections with
 * logging, and recognisable canary values for every secret field.
 */
import { archiveFiles } from "../../provider/archive";
import { openssl } from "./tools";

/** A digest for pinned references. */
export const DIGEST = `sha256:${"ab".repeat(32)}`;

/** Canary values: if one of these shows up in a message or output, a secret leaked. */
export const CANARY = {
    iamApiKey: "canary-iam-api-key-0001",
    registryPassword: "canary-registry-password-0002",
    workloadSeed: "canaryWorkloadSeed0003",
    envSeed: "canaryEnvSeed-0004-xyz",
    envValue: "canary-env-value-0005",
    previousSeed: "canaryPreviousSeed0006",
    hpcsApiKey: "canary-hpcs-api-key-0007",
    signingKeyPassword: "canary-signing-key-password-0008",
    caKeyPassword: "canary-ca-key-password-0009",
    attestationKeyPassword: "canary-attestation-key-password-0010",
} as const;

/** Every canary value. */
export const CANARIES: readonly string[] = Object.values(CANARY);

/** base64 of a compose archive holding `compose` as docker-compose.yaml, and other files. */
export function composeArchive(
    compose: string,
    extra: { name: string; content: string }[] = [],
): string {
    return archiveFiles([{ name: "docker-compose.yaml", content: compose }, ...extra]).base64;
}

/** A compose file with one service per image. */
export function composeFile(images: Record<string, string>, more = ""): string {
    const services = Object.entries(images)
        .map(([name, image]) => `  ${name}:\n    image: ${JSON.stringify(image)}\n`)
        .join("");
    return `services:\n${services}${more}`;
}

/** A compose workload section whose archive holds `compose` as docker-compose.yaml. */
export function composeWorkloadOf(compose: string): Record<string, unknown> {
    return { type: "workload", compose: { archive: composeArchive(compose) } };
}

/** A compose workload section. */
export function composeWorkload(
    images: Record<string, string> = { web: `us.icr.io/team/app@${DIGEST}` },
    extra: Record<string, unknown> = {},
): Record<string, unknown> {
    return {
        type: "workload",
        compose: { archive: composeArchive(composeFile(images)) },
        ...extra,
    };
}

/** An env section with IBM Cloud Logs logging. */
export function envSection(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        type: "env",
        logging: { logRouter: { hostname: "logs.example.com", iamApiKey: CANARY.iamApiKey } },
        ...extra,
    };
}

/** Registry credentials for a host, with the canary password. */
export function auths(...hosts: string[]): Record<string, { username: string; password: string }> {
    return Object.fromEntries(
        hosts.map((h) => [h, { username: "iamapikey", password: CANARY.registryPassword }]),
    );
}

/** A pod workload with the given container images, in resources or templates. */
export function podWorkload(
    images: string[],
    where: "resources" | "templates" = "resources",
): Record<string, unknown> {
    return {
        type: "workload",
        play: {
            [where]: [
                {
                    apiVersion: "v1",
                    kind: "Pod",
                    metadata: { name: "app" },
                    spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
                },
            ],
        },
    };
}

let notaryRoot: string | undefined;

/**
 * A Docker Content Trust entry of `images.dct`: an https notary and the base64 of a root
 * certificate, as Docker's trust metadata holds it (a throwaway self-signed certificate).
 */
export function dctEntry(): { notary: string; publicKey: string } {
    notaryRoot ??= openssl([
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "/dev/null",
        "-subj",
        "/CN=notary root",
        "-days",
        "3650",
    ]).toString();
    return {
        notary: "https://notary.us.icr.io",
        publicKey: Buffer.from(notaryRoot).toString("base64"),
    };
}

/**
 * An armoured OpenPGP public key block around `packets` (default: the start of a public-key
 * packet), as `gpg --armor --export` writes one.
 */
export function pgpArmour(packets = Buffer.from([0x99, 0x00, 0x0d, 0x04, 0x65, 0x00])): string {
    return `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${packets.toString("base64")}\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----\n`;
}

/** A Red Hat simple-signing entry of `images.rhs`: base64 of an armoured GPG public key. */
export function rhsEntry(): { publicKey: string } {
    return { publicKey: Buffer.from(pgpArmour()).toString("base64") };
}
