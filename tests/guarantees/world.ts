/**
 * A deployment whose every secret is a recognisable canary: the registry password, the logging
 * API key, the seeds, the key-service API key, an env value, the signing key and its password,
 * the CA key and its password, the attestation key and its password. The guarantee specs run
 * the whole lifecycle on it and then search every output for the canaries.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { CANARIES, CANARY, DIGEST, composeArchive, composeFile } from "../support/contracts";
import { testIdentity } from "../support/keys";
import { bash, scratch } from "../support/tools";

/** The secrets and the inputs that hold them. */
export interface SecretWorld {
    /** A scratch folder holding the inputs as files (see {@link writeInputs}). */
    readonly dir: string;
    readonly remove: () => void;
    /** The test enclave's encryption certificate, and the private key that reads its tokens. */
    readonly certificate: string;
    readonly enclaveKey: string;
    /** The signing key, encrypted with {@link CANARY.signingKeyPassword}. */
    readonly signingKey: string;
    /** A CA certificate, and its key encrypted with {@link CANARY.caKeyPassword}. */
    readonly caCertificate: string;
    readonly caKey: string;
    /** The attestation key pair; the private key is encrypted with its canary password. */
    readonly attestationPublicKey: string;
    readonly attestationKey: string;
    /** Every value that must never appear outside a secret: canaries and key material. */
    readonly secrets: readonly string[];
}

/** The workload section, with a seed, a variable, and registry credentials of its own. */
export function canaryWorkload(): Record<string, unknown> {
    return {
        type: "workload",
        compose: { archive: composeArchive(composeFile({ web: `\${REGISTRY}/app@${DIGEST}` })) },
        volumes: { data: { seed: CANARY.workloadSeed, mount: "/mnt/data", filesystem: "ext4" } },
        env: { DB_PASSWORD: CANARY.envValue },
        auths: { "workload.example.com": { username: "robot", password: CANARY.registryPassword } },
    };
}

/** The env section, with every secret field the deployer fills. */
export function canaryEnv(): Record<string, unknown> {
    return {
        type: "env",
        logging: { logRouter: { hostname: "logs.example.com", iamApiKey: CANARY.iamApiKey } },
        env: { REGISTRY: "us.icr.io/team" },
        auths: { "us.icr.io": { username: "iamapikey", password: CANARY.registryPassword } },
        volumes: {
            data: {
                seed: CANARY.envSeed,
                previousSeed: CANARY.previousSeed,
                kms: [
                    {
                        apiKey: CANARY.hpcsApiKey,
                        crn: "crn:v1:bluemix:public:hs-crypto:us-south:a/1:2:key:3",
                    },
                ],
            },
        },
    };
}

/** Slices from inside a key's base64 body: if an output holds one, the key leaked. */
function keySlices(...pems: string[]): string[] {
    return pems.flatMap((p) => {
        const body = p.replace(/-----[^-]+-----|\s+|Proc-Type:.*|DEK-Info:.*/g, "");
        return [0.25, 0.5, 0.75].map((at) => {
            const from = Math.floor(body.length * at);
            return body.slice(from, from + 24);
        });
    });
}

/**
 * The base64 forms of a canary at each of the three alignments, without their edge
 * characters: an output that holds a canary base64-encoded leaks it just the same.
 */
function base64Forms(secret: string): string[] {
    return [0, 1, 2].map((shift) => {
        const encoded = Buffer.from(`${"x".repeat(shift)}${secret}`).toString("base64");
        return encoded.slice(4, -4);
    });
}

/** Makes the world: keys and a CA in a scratch folder. */
export async function secretWorld(): Promise<SecretWorld> {
    const { dir, remove } = scratch("hpcr-canary-");
    const identity = await testIdentity();
    const rsa = () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const encrypt = (key: crypto.KeyObject, passphrase: string) =>
        key.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase }).toString();
    const plain = (key: crypto.KeyObject) => [
        key.export({ type: "pkcs8", format: "pem" }).toString(),
        key.export({ type: "pkcs1", format: "pem" }).toString(),
    ];
    const signing = rsa();
    const attestation = rsa();
    bash(
        `openssl req -x509 -newkey rsa:2048 -keyout ca.key -passout pass:${CANARY.caKeyPassword} -out ca.crt -days 30 -subj "/CN=Canary CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null`,
        dir,
    );
    const caKey = fs.readFileSync(path.join(dir, "ca.key"), "utf8");
    const caPlain = crypto
        .createPrivateKey({ key: caKey, passphrase: CANARY.caKeyPassword })
        .export({ type: "pkcs8", format: "pem" })
        .toString();
    const signingKey = encrypt(signing.privateKey, CANARY.signingKeyPassword);
    const attestationKey = encrypt(attestation.privateKey, CANARY.attestationKeyPassword);
    const canaries = [...CANARIES];
    return {
        dir,
        remove,
        certificate: identity.certificate,
        enclaveKey: identity.privateKey,
        signingKey,
        caCertificate: fs.readFileSync(path.join(dir, "ca.crt"), "utf8"),
        caKey,
        attestationPublicKey: attestation.publicKey
            .export({ type: "spki", format: "pem" })
            .toString(),
        attestationKey,
        secrets: [
            ...canaries,
            ...canaries.flatMap(base64Forms),
            ...keySlices(
                signingKey,
                attestationKey,
                caKey,
                caPlain,
                ...plain(signing.privateKey),
                ...plain(attestation.privateKey),
            ),
        ],
    };
}

/** The secrets found in `value` (text, bytes, or anything JSON can show). */
export function leaks(world: SecretWorld, value: unknown, extra: readonly string[] = []): string[] {
    const text =
        typeof value === "string"
            ? value
            : Buffer.isBuffer(value)
              ? value.toString("latin1")
              : JSON.stringify(value, (_, v) => (v instanceof Map ? [...v.entries()] : v));
    return [...world.secrets, ...extra].filter((s) => text?.includes(s));
}
