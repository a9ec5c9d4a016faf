/**
 * What every measurement of the benchmark works on: a test enclave identity (RSA-4096, as IBM's
 * encryption certificates are), an RSA-4096 signing key, and a compose workload with its env,
 * given to every contestant as the same inputs and the same plaintexts.
 */
import * as crypto from "node:crypto";
import { archiveFiles, type ArchiveFile } from "../provider/archive";
import { envPlaintext, workloadPlaintext } from "../provider/contract/plaintext";
import { readSection, type PlainSection } from "../provider/contract/section";
import { createTestIdentity } from "../provider/trust/test-identity";

/** The keys and sections of the benchmark. */
export interface BenchFixture {
    /** The enclave's encryption certificate (PEM). */
    readonly certificate: string;
    /** The enclave's private key (PKCS#8 PEM), to check that outputs decrypt. */
    readonly enclaveKey: string;
    /** The contract signing key (PKCS#8 PEM). */
    readonly signingKey: string;
    /** The workload section as a Pulumi program gives it. */
    readonly workload: Record<string, unknown>;
    /** The env section as a Pulumi program gives it. */
    readonly env: Record<string, unknown>;
    /** The workload text the package encrypts. */
    readonly workloadText: string;
    /** The env text the package encrypts, without its `signingKey` line. */
    readonly envText: string;
    /** The env text with `signingKey` set, as the package encrypts it. */
    readonly envTextSigned: string;
}

const DIGEST = `sha256:${"5e".repeat(32)}`;

/**
 * A compose workload whose archive holds a compose file and, optionally, `padding` random
 * bytes; each `variant` gives a different archive.
 */
export function composeWorkload(padding = 0, variant = 0): Record<string, unknown> {
    const compose =
        `# variant ${variant}\nservices:\n` +
        `  web:\n    image: us.icr.io/team/web@${DIGEST}\n    ports:\n      - "443:8443"\n` +
        `  worker:\n    image: us.icr.io/team/worker@${DIGEST}\n`;
    const files: ArchiveFile[] = [{ name: "docker-compose.yaml", content: compose }];
    if (padding > 0) {
        // Random bytes do not compress, so the archive is about `padding` bytes long.
        files.push({ name: "static.bin", content: crypto.randomBytes(padding) });
    }
    return { type: "workload", compose: { archive: archiveFiles(files).base64 } };
}

/** An env section with logging and registry credentials. */
export function envSection(): Record<string, unknown> {
    return {
        type: "env",
        logging: {
            logRouter: { hostname: "logs.example.com", iamApiKey: "bench-not-a-real-api-key" },
        },
        auths: { "us.icr.io": { username: "iamapikey", password: "bench-not-a-real-password" } },
    };
}

function plain(name: "workload" | "env", value: Record<string, unknown>): PlainSection {
    const section = readSection(name, value).section;
    if (section?.kind !== "plain") throw new Error(`the bench ${name} is not a plain section`);
    return section;
}

/**
 * Generates the keys (a few seconds for two RSA-4096 keys) and writes the sections' texts.
 *
 * @param bits The size of both keys. Default: 4096, the size of IBM's certificates.
 */
export async function createFixture(bits = 4096): Promise<BenchFixture> {
    const identity = await createTestIdentity({ bits, commonName: "Benchmark Enclave" });
    const { privateKey } = await new Promise<crypto.KeyPairKeyObjectResult>((resolve, reject) =>
        crypto.generateKeyPair("rsa", { modulusLength: bits }, (err, publicKey, privateKey) =>
            err ? reject(err) : resolve({ publicKey, privateKey }),
        ),
    );
    const workload = composeWorkload();
    const env = envSection();
    const publicPem = crypto
        .createPublicKey(privateKey)
        .export({ type: "spki", format: "pem" })
        .toString();
    return {
        certificate: identity.certificate,
        enclaveKey: identity.privateKey,
        signingKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        workload,
        env,
        workloadText: workloadPlaintext(plain("workload", workload)),
        envText: envPlaintext(plain("env", env), undefined),
        envTextSigned: envPlaintext(plain("env", env), Buffer.from(publicPem).toString("base64")),
    };
}

/**
 * The fixture with texts that no earlier contract of the process used: the same keys and
 * sections, but written differently, so that nothing read before is reused (a contract built
 * alone, as the CLI builds one).
 */
export function freshTexts(fixture: BenchFixture, variant: number): BenchFixture {
    const blank = "\n".repeat(variant + 1);
    return {
        ...fixture,
        certificate: fixture.certificate + blank,
        signingKey: fixture.signingKey + blank,
        workload: composeWorkload(0, variant + 1),
    };
}
