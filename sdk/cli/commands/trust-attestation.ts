/**
 * `decrypt-attestation` (as IBM's contract-cli has it) and `verify-attestation`: reading an
 * enclave's attestation records, checking their signature, and comparing them with the
 * contract that was deployed.
 */
import type { BuiltContract } from "../../../provider/contract/assemble";
import { isToken } from "../../../provider/crypto/token";
import { InputError } from "../../../provider/errors";
import {
    readAttestationRecords,
    recordsSignatureVerifies,
} from "../../../provider/trust/attestation";
import {
    verifyAttestation,
    type AttestationVerdict,
} from "../../../provider/trust/attestation-verdict";
import {
    UsageError,
    requireFlag,
    stringFlag,
    type CliContext,
    type Command,
    type FlagSpec,
    type Flags,
} from "../command";
import { OUT_FLAG, PASSWORD_FLAG, PRIV_FLAG, passwordFlag, readText } from "./shared";

const SIGNATURE_FLAGS = {
    signature: {
        type: "string",
        description: "se-signature.bin, to verify the records (with --attestation-cert)",
    },
    "attestation-cert": {
        type: "string",
        description: "the image's attestation certificate (PEM file; with --signature)",
    },
} as const;

/** The signature and certificate, which come together or not at all. */
async function signatureFlags(
    flags: Flags,
    ctx: CliContext,
): Promise<{ signature: Buffer; certificate: string } | undefined> {
    const signature = stringFlag(flags, "signature");
    const certificate = stringFlag(flags, "attestation-cert");
    if (signature === undefined && certificate === undefined) return undefined;
    if (signature === undefined || certificate === undefined) {
        throw new UsageError("--signature and --attestation-cert go together");
    }
    return { signature: await ctx.read(signature), certificate: await readText(ctx, certificate) };
}

export const decryptAttestation: Command = {
    name: "decrypt-attestation",
    summary: "decrypt attestation records (se-checksums.txt.enc), and verify their signature",
    flags: {
        in: {
            type: "string",
            description: "the encrypted records (file, or - for stdin)",
            required: true,
        },
        priv: {
            ...PRIV_FLAG,
            description: "the attestation private key (PEM file)",
            required: true,
        },
        password: PASSWORD_FLAG,
        ...SIGNATURE_FLAGS,
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const signed = await signatureFlags(flags, ctx);
        const records = await readAttestationRecords(
            await readText(ctx, requireFlag(flags, "in")),
            await readText(ctx, requireFlag(flags, "priv")),
            passwordFlag(flags, ctx),
        );
        if (signed) {
            if (!recordsSignatureVerifies(records.bytes, signed.signature, signed.certificate)) {
                throw new InputError(
                    "--signature",
                    "does not verify the records with the attestation certificate's key; the records, the signature or the certificate do not belong together",
                );
            }
            ctx.note("signature: verified with the attestation certificate");
        }
        // The records were encrypted for the auditor alone: an output file is owner-only.
        await ctx.write(records.bytes, stringFlag(flags, "out"), true);
        return 0;
    },
};

export const verifyAttestationCommand: Command = {
    name: "verify-attestation",
    summary: "compare attestation records with the deployed contract, line by line",
    flags: {
        in: {
            type: "string",
            description: "the records: se-checksums.txt, or se-checksums.txt.enc with --priv",
            required: true,
        },
        contract: {
            type: "string",
            description: "the user data deployed: the encrypted contract (YAML file)",
            required: true,
        },
        priv: { ...PRIV_FLAG, description: "the attestation private key, for encrypted records" },
        password: PASSWORD_FLAG,
        ...SIGNATURE_FLAGS,
        expected: {
            type: "string",
            description:
                "a JSON file of hashes by record name (e.g. encrypt --hashes' output, or baseimage from IBM's table)",
        },
        intermediate: {
            type: "string",
            description: "with --attestation-cert: IBM's intermediate, to validate its chain",
        },
        "digicert-intermediate": { type: "string", description: "DigiCert's intermediate" },
        root: { type: "string", description: "the chain's root, trusted as given" },
    },
    async run(flags, ctx) {
        const signed = await signatureFlags(flags, ctx);
        const chainGiven = ["intermediate", "digicert-intermediate", "root"].some(
            (n) => stringFlag(flags, n) !== undefined,
        );
        if (
            chainGiven &&
            (!signed || !stringFlag(flags, "intermediate") || !stringFlag(flags, "root"))
        ) {
            throw new UsageError(
                "a chain needs --signature, --attestation-cert, --intermediate and --root",
            );
        }
        const records = await ctx.read(requireFlag(flags, "in"));
        const priv = stringFlag(flags, "priv");
        if (priv === undefined && isToken(records.toString("utf8"))) {
            throw new UsageError("--priv is required: the records are encrypted");
        }
        const chain = chainGiven
            ? {
                  intermediates: [
                      await ctx.read(stringFlag(flags, "intermediate")!),
                      ...(stringFlag(flags, "digicert-intermediate")
                          ? [await ctx.read(stringFlag(flags, "digicert-intermediate")!)]
                          : []),
                  ],
                  root: await ctx.read(stringFlag(flags, "root")!),
              }
            : undefined;
        const verdict = await verifyAttestation({
            records,
            privateKey: priv ? await readText(ctx, priv) : undefined,
            password: passwordFlag(flags, ctx),
            signature: signed?.signature,
            attestationCertificate: signed?.certificate,
            chain,
            userData: await ctx.read(requireFlag(flags, "contract")),
            expected: await expectedFlag(flags, ctx),
        });
        await ctx.write(verdictText(verdict), undefined, false);
        return verdict.ok ? 0 : 1;
    },
};

/** The hashes of `--expected`: a JSON object of record names to hex SHA-256 values. */
async function expectedFlag(
    flags: Flags,
    ctx: CliContext,
): Promise<Record<string, string> | undefined> {
    const file = stringFlag(flags, "expected");
    if (file === undefined) return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(await readText(ctx, file));
    } catch {
        throw new InputError("--expected", "is not JSON");
    }
    const object = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
    const entries = object ? Object.entries(parsed as Record<string, unknown>) : [];
    const bad = entries.find(([, v]) => typeof v !== "string" || !/^[0-9a-fA-F]{64}$/.test(v));
    if (!object || bad) {
        const which = bad ? `; the value of "${bad[0]}" is not one` : "";
        throw new InputError("--expected", `must map record names to hex SHA-256 values${which}`);
    }
    return Object.fromEntries(entries) as Record<string, string>;
}

function verdictText(verdict: AttestationVerdict): string {
    const width = Math.max(...verdict.comparisons.map((c) => c.name.length));
    const lines = verdict.comparisons.map(
        (c) => `${c.verdict.padEnd(9)} ${c.name.padEnd(width)}  ${c.reason}`,
    );
    if (verdict.signature) {
        lines.push(
            `signature: ${verdict.signature.verified ? "verified" : "FAILED"}: ${verdict.signature.reason}`,
        );
    }
    if (verdict.chain) {
        const c = verdict.chain;
        lines.push(
            c.valid
                ? "chain: valid"
                : `chain: invalid at the ${c.stage} stage: ${c.subject}: ${c.reason}`,
        );
    }
    return `${lines.join("\n")}\n`;
}

/** `--hashes`: where `encrypt` writes what attestation records should show. */
export const HASHES_FLAG: FlagSpec = {
    type: "string",
    description:
        "also write the SHA-256 of the user data and of each section's plaintext, as attestation records show them, to this JSON file (for verify-attestation --expected)",
};

/**
 * Writes `--hashes`: the user data's hash as `cidata/user-data`, and each section's plaintext
 * hash by its name. Written owner-only: an unsalted hash of secret text is not for everyone.
 */
export async function writeHashes(flags: Flags, ctx: CliContext, built: BuiltContract) {
    const file = stringFlag(flags, "hashes");
    if (file === undefined) return;
    const hashes = { "cidata/user-data": built.sha256.userData, ...built.plaintextSha256 };
    await ctx.write(`${JSON.stringify(hashes, null, 2)}\n`, file, true);
}
