/**
 * The contract-expiry flags of `encrypt` (IBM contract-cli's `--contract-expiry`, `--cacert`,
 * `--cakey`, `--csrParam` | `--csr`, `--expiry`, and this package's `--capassword`), and the
 * build that uses them.
 */
import { buildContract, type BuiltContract } from "../../../provider/contract/assemble";
import type { ContractInput } from "../../../provider/contract/validate";
import { InputError } from "../../../provider/errors";
import { readCsrParameters } from "../../../provider/trust/csr";
import {
    buildContractWithExpiry,
    type ContractExpiryInput,
    type ContractWithExpiry,
} from "../../../provider/trust/expiry";
import { UsageError, stringFlag, type CliContext, type FlagSpec, type Flags } from "../command";
import { readText } from "./shared";

/** The flags, to spread into a command's flags. */
export const EXPIRY_FLAGS: Readonly<Record<string, FlagSpec>> = {
    "contract-expiry": {
        type: "boolean",
        description: "make the contract expire: sign it with a certificate from your CA",
    },
    cacert: {
        type: "string",
        description: "with --contract-expiry: the CA certificate (PEM file)",
    },
    cakey: {
        type: "string",
        description: "with --contract-expiry: the CA's private key (PEM file)",
        secretFile: true,
    },
    capassword: {
        type: "string",
        description:
            "the CA key's password (or set HPCR_CA_KEY_PASSWORD, which no process list shows)",
    },
    csrParam: {
        type: "string",
        description:
            "with --contract-expiry: a JSON file of the request subject (country, state, location, org, unit, domain, mail)",
    },
    csr: {
        type: "string",
        description: "with --contract-expiry: a certificate request (PEM file) made with --priv",
    },
    expiry: {
        type: "string",
        description: "with --contract-expiry: days until the contract expires",
    },
};

const NEEDS_EXPIRY = ["cacert", "cakey", "capassword", "csrParam", "csr", "expiry"];

/**
 * The contract expiry the flags ask for, or undefined without `--contract-expiry`.
 *
 * @throws UsageError when a flag is missing, comes without `--contract-expiry`, or both or
 *   neither of `--csrParam` and `--csr` are given.
 */
export async function contractExpiryFlags(
    flags: Flags,
    ctx: CliContext,
): Promise<ContractExpiryInput | undefined> {
    const given = (name: string) => stringFlag(flags, name) !== undefined;
    if (!flags["contract-expiry"]) {
        const stray = NEEDS_EXPIRY.find(given);
        if (stray) throw new UsageError(`--${stray} needs --contract-expiry`);
        return undefined;
    }
    const missing = ["priv", "cacert", "cakey", "expiry"].filter((n) => !given(n));
    if (missing.length > 0) {
        throw new UsageError(`--contract-expiry needs ${missing.map((n) => `--${n}`).join(", ")}`);
    }
    if (given("csrParam") === given("csr")) {
        throw new UsageError("--contract-expiry needs exactly one of --csrParam and --csr");
    }
    const expiry = stringFlag(flags, "expiry")!;
    if (!/^\d+$/.test(expiry) || Number(expiry) <= 0) {
        throw new UsageError(`--expiry must be a positive whole number of days, not "${expiry}"`);
    }
    const csrParam = stringFlag(flags, "csrParam");
    const csr = stringFlag(flags, "csr");
    return {
        caCertificate: await readText(ctx, stringFlag(flags, "cacert")!),
        caKey: await readText(ctx, stringFlag(flags, "cakey")!),
        caKeyPassword: stringFlag(flags, "capassword") ?? ctx.env.HPCR_CA_KEY_PASSWORD,
        ...(csrParam
            ? { csrParameters: readCsrParameters(await readText(ctx, csrParam), "--csrParam") }
            : { csr: await readText(ctx, csr!) }),
        days: Number(expiry),
    };
}

// The library names its inputs; a CLI user knows the flags.
const FLAG_NAMES: Record<string, string> = {
    caCertificate: "--cacert",
    caKey: "--cakey",
    csr: "--csr",
    days: "--expiry",
    signingKey: "--priv",
};

/**
 * Builds the contract, with an expiry when one is given; errors name the flags.
 *
 * @throws as `buildContract` and `buildContractWithExpiry` do.
 */
export async function buildWithExpiry(
    expiry: ContractExpiryInput | undefined,
    input: ContractInput,
): Promise<BuiltContract> {
    if (!expiry) return buildContract(input);
    try {
        const built = await buildContractWithExpiry(input, expiry);
        return built;
    } catch (e) {
        if (InputError.isInstance(e) && FLAG_NAMES[e.field]) {
            const reason = e.reason
                .replace("caKeyPassword", "--capassword (or HPCR_CA_KEY_PASSWORD)")
                .replace("csrParameters", "--csrParam");
            throw new InputError(FLAG_NAMES[e.field], reason);
        }
        throw e;
    }
}

/** Notes on standard error when a contract built with an expiry expires. */
export function noteExpiry(ctx: CliContext, built: BuiltContract | ContractWithExpiry): void {
    if ("expiresAt" in built) ctx.note(`note: the contract expires on ${built.expiresAt}`);
}
