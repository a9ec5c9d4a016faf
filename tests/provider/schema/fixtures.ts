/**
 * Valid sections and key material for the schema tests, and helpers that change one value of
 * a section. Secrets carry recognisable canary strings so that a test can assert that no
 * message repeats them.
 */

import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { Platform } from "../../../provider/platform";

/** Canary strings for values that are secret in real contracts. */
export const CANARY = {
    password: "canary-password-7f3a",
    apiKey: "canary-apikey-91bd2c",
    seed: "canarySeed#4410x",
    iamApiKey: "canary-iam-5e0c7d1",
} as const;

function pemBlock(label: string, body: Buffer): string {
    const lines = body.toString("base64").match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

const keyPair = generateKeyPairSync("rsa", { modulusLength: 1024 });

/** Key material in the forms the schemas accept. */
export const KEYS = {
    publicKeyPem: keyPair.publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKeyPem: keyPair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    rsaPrivateKeyPem: keyPair.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    // The schemas check the PEM shape only, so random DER bytes make a fine certificate.
    certificatePem: pemBlock("CERTIFICATE", randomBytes(300)),
    secondCertificatePem: pemBlock("CERTIFICATE", randomBytes(280)),
} as const;

/** The base64 of a text. */
export function base64(text: string): string {
    return Buffer.from(text).toString("base64");
}

/** A syntactically valid archive value. */
export const ARCHIVE = "H4sIAAAAAAAAA+3OMQqAMAwF0N1T5ARGqw=";

/** A digest-pinned image. */
export const IMAGE = "us.icr.io/team/app@sha256:" + "0123456789abcdef".repeat(4);

/** A Pod document that every platform's schema accepts. */
export function pod(): Record<string, unknown> {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "app" },
        spec: {
            containers: [
                {
                    name: "app",
                    image: IMAGE,
                    ports: [{ containerPort: 8080, hostPort: 8080 }],
                    env: [{ name: "MODE", value: "production" }],
                    envFrom: [{ configMapRef: { name: "contract.config.map" } }],
                    volumeMounts: [{ name: "data", mountPath: "/data" }],
                },
            ],
            volumes: [{ name: "data", hostPath: { path: "/mnt/data", type: "Directory" } }],
        },
    };
}

/** A valid workload section: compose where the platform runs it, a pod otherwise. */
export function workload(platform: Platform): Record<string, unknown> {
    return platform === "ccrv"
        ? { type: "workload", play: { resources: [pod()] } }
        : { type: "workload", compose: { archive: ARCHIVE } };
}

/** A valid CCCO confidential-containers mapping. */
export function confidentialContainers(): Record<string, unknown> {
    return {
        config: { cosign: { "test-image": { publicKey: KEYS.publicKeyPem } } },
        allowedContainers: { app: { allowedImages: { imageNames: [IMAGE] } } },
        regoValidator: { policy: base64("package policy\ndefault allow := true") },
        secret: { verificationKey: "verification", decryptionKey: "decryption" },
    };
}

/** A valid env section with an IBM Cloud Logs backend. */
export function env(): Record<string, unknown> {
    return {
        type: "env",
        logging: {
            logRouter: {
                hostname: "abc.ingress.us-south.logs.cloud.ibm.com",
                iamApiKey: CANARY.iamApiKey,
            },
        },
    };
}

/** A valid plain contract. */
export function contract(platform: Platform): Record<string, unknown> {
    return { workload: workload(platform), env: env() };
}

/**
 * A copy of `value` with the value at `path` replaced (created where missing), or removed when
 * `replacement` is {@link REMOVE}.
 */
export function withValue(
    value: unknown,
    path: readonly (string | number)[],
    replacement: unknown,
) {
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let node = copy;
    path.slice(0, -1).forEach((key, index) => {
        if (typeof node[key] !== "object" || node[key] === null) {
            node[key] = typeof path[index + 1] === "number" ? [] : {};
        }
        node = node[key] as Record<string | number, unknown>;
    });
    const last = path[path.length - 1];
    if (replacement === REMOVE) {
        delete node[last];
    } else {
        node[last] = replacement;
    }
    return copy;
}

/** Marks a key to remove in {@link withValue}. */
export const REMOVE = Symbol("remove");
