/**
 * The enclave's boot messages (`HPL…` codes on the serial console) and what a console log says
 * about a boot: which messages appeared, what each means, and whether a check of the contract
 * could have foreseen it, with the finding codes that do.
 */
import { FINDING_CODES } from "./finding-codes";
import type { FindingCode, HplCode } from "./findings";

/** How far a check of the contract can foresee a boot message. */
export type Foresight =
    /** Its cause shows in the contract and the files given with it. */
    | "yes"
    /** Some of its causes do; others lie in the host, the network, volumes or services. */
    | "partly"
    /** Its cause lies outside the contract, or it is only a notice. */
    | "no";

/** What a message reports: a failure stops the boot, a warning or a notice does not. */
export type BootMessageKind = "failure" | "warning" | "notice";

/** One boot message of the enclave. */
export interface BootMessage {
    readonly code: HplCode;
    /** The boot service that logs it. */
    readonly service: string;
    /** What it means, in a few words. */
    readonly meaning: string;
    readonly kind: BootMessageKind;
    readonly foresight: Foresight;
    /** For a failure no check of the package foresees: where its cause lies. */
    readonly cause?: string;
    /** The finding codes whose checks foresee it, in the catalogue's order. */
    readonly foreseenBy: readonly FindingCode[];
}

/** The boot services, by the two digits after `HPL`. */
const SERVICES: Readonly<Record<string, string>> = {
    "01": "logging setup",
    "02": "disk encryption",
    "05": "contract validation",
    "06": "image service (compose)",
    "07": "data volumes",
    "08": "compose run",
    "09": "contract check",
    "10": "service status",
    "11": "boot loader",
    "12": "signature and expiry",
    "13": "disk encryption check",
    "14": "network check",
    "15": "Podman play",
    "16": "pod image policy",
    "18": "HPCS key daemon",
};

/** Messages whose letter says otherwise than what they report. */
const KIND_OVERRIDES: Readonly<Record<string, BootMessageKind>> = {
    HPL12005E: "notice",
    HPL12006E: "warning",
};

/**
 * The catalogue: IBM's list of boot messages (109 codes, revision of 2026-08-21), and four
 * that its other pages cite (HPL12011W, HPL12013W, HPL13000I, HPL13001I). Each row: code,
 * meaning, foresight, and for a failure no check of the package foresees, where its cause lies.
 */
const ROWS: readonly (readonly [HplCode, string, Foresight, string?])[] = [
    ["HPL01000E", "logging service cannot parse the contract", "yes"],
    ["HPL01001E", "logging part of the contract breaks the schema", "yes"],
    ["HPL01002W", "no remote log backend; logs stay in the local journal", "yes"],
    ["HPL01005E", "a PEM value of the log config holds no PEM block", "yes"],
    ["HPL01006E", "client private key of an unknown type", "yes"],
    ["HPL01007E", "CA (server) certificate missing or not X.509", "yes"],
    ["HPL01008E", "client certificate missing or not X.509", "yes"],
    ["HPL01009E", "client private key missing", "yes"],
    ["HPL01010I", "logging is configured", "no"],
    ["HPL01011E", "syslog configuration for the named host rejected", "partly"],
    ["HPL02001I", "disk encryption done", "no"],
    ["HPL02002E", "LUKS format step failed", "no", "the disk device's state"],
    ["HPL02002I", "device mounted at its mount point", "no"],
    [
        "HPL02003E",
        "opening the LUKS device failed",
        "partly",
        "a seed unlike the one that first encrypted the volume, with no previousSeed",
    ],
    ["HPL02004E", "LUKS resize failed", "no", "the disk device's state"],
    ["HPL02005E", "creating the filesystem failed", "no", "the disk device's state"],
    ["HPL02006E", "growing the filesystem failed", "no", "the disk device's state"],
    ["HPL02007E", "mount failed (not mounted, or already mounted)", "partly"],
    ["HPL02120E", "unexpected failure of the disk tool", "no", "the enclave itself"],
    ["HPL02121E", "disk tool got an invalid parameter value", "partly"],
    [
        "HPL02122E",
        "a named input (device, path) does not exist",
        "no",
        "the volumes attached to the instance",
    ],
    ["HPL02123E", "an input resource is already in use", "partly"],
    ["HPL02125E", "changing the LUKS passphrase (seed rotation) failed", "partly"],
    ["HPL05000E", "contract cannot be parsed", "yes"],
    ["HPL05001E", "contract breaks the schema", "yes"],
    ["HPL05002E", "no contract file found", "partly"],
    ["HPL05003E", "contract could not be written out for later steps", "partly"],
    ["HPL06000E", "no contract file found", "partly"],
    ["HPL06001E", "image service cannot parse the contract", "yes"],
    ["HPL06002E", "compose data cannot be extracted", "yes"],
    ["HPL06003E", "env data cannot be extracted", "yes"],
    ["HPL06004E", "a docker command of the image check failed", "partly"],
    ["HPL06005E", "contract file unreadable", "no", "the enclave itself"],
    ["HPL06006E", "compose archive is not a valid tar.gz", "yes"],
    ["HPL06007E", "compose tar empty or corrupt", "yes"],
    ["HPL06008E", "archive has no docker-compose.yaml/.yml", "yes"],
    ["HPL06009E", "compose file cannot be parsed", "yes"],
    ["HPL06010E", "compose image can be neither verified nor trusted by digest", "yes"],
    ["HPL06011E", "JSON content could not be parsed", "no", "the enclave itself"],
    ["HPL07000E", "volume service cannot parse the contract", "yes"],
    ["HPL07001E", "volume part of the contract breaks the schema", "yes"],
    ["HPL07002E", "mount point must be a directory", "partly"],
    ["HPL07003E", "creating the second partition failed", "no", "the data volume"],
    ["HPL07003I", "volumes mounted", "no"],
    ["HPL07004E", "resizing the partition failed", "no", "the data volume"],
    ["HPL07004I", "disk encrypted with the customer's HPCS key", "no"],
    ["HPL07005E", "expected two partitions, found fewer", "no", "the data volume"],
    ["HPL07005I", "disk encrypted (seeds only)", "no"],
    [
        "HPL07006E",
        "volume has an unsupported number of partitions",
        "no",
        "the data volume's history (e.g. one partition)",
    ],
    ["HPL07007E", "writing to the metadata partition failed", "no", "the data volume"],
    ["HPL07008E", "mounting the metadata partition failed", "no", "the data volume"],
    ["HPL07009E", "re-mounting the metadata partition failed", "no", "the data volume"],
    ["HPL07010E", "cannot connect to the KMS (HPCS)", "partly"],
    [
        "HPL07011E",
        "KMS wrap call returned nothing",
        "no",
        "the HPCS root key's state and permissions",
    ],
    [
        "HPL07012E",
        "unwrapping the stored third seed failed",
        "partly",
        "a new HPCS instance or root key whose kms list dropped the entry used before",
    ],
    ["HPL07013E", "deriving the LUKS key from env, workload and KMS seeds failed", "partly"],
    [
        "HPL07014E",
        "seed could not be blanked in the host's contract copy",
        "no",
        "the enclave itself",
    ],
    ["HPL07015E", "volume names differ between workload and env", "yes"],
    ["HPL08000E", "no contract file found", "partly"],
    ["HPL08001E", "contract cannot be parsed", "yes"],
    ["HPL08002E", "compose data cannot be extracted", "yes"],
    ["HPL08003E", "env data cannot be extracted", "yes"],
    ["HPL08004E", "a docker command failed while starting the workload", "partly"],
    ["HPL08005E", "compose file not found", "yes"],
    ["HPL08006E", "seed could not be deleted", "no", "the enclave itself"],
    ["HPL08007E", "seed file could not be deleted", "no", "the enclave itself"],
    ["HPL09000E", "contract cannot be parsed", "yes"],
    ["HPL09001E", "contract breaks the schema", "yes"],
    ["HPL10000E", "one or more boot services failed; shutdown", "partly"],
    ["HPL10001I", "all relevant services started", "no"],
    ["HPL11000E", "internal error; boot aborted", "no", "the enclave itself"],
    ["HPL11001E", "contract cannot be parsed or decrypted; boot aborted", "yes"],
    ["HPL11002E", "attestation record cannot be encrypted; boot aborted", "yes"],
    [
        "HPL11003E",
        "instance memory under 4 GiB; boot aborted",
        "partly",
        "the instance's memory: give it 4 GiB or more",
    ],
    ["HPL11099I", "boot loader finished", "no"],
    ["HPL12000E", "contract cannot be parsed for the signature check", "yes"],
    ["HPL12001E", "contract signature does not verify", "yes"],
    ["HPL12002E", "extracted contract file missing", "partly"],
    ["HPL12003E", "inputs for the signature check cannot be extracted", "yes"],
    ["HPL12004E", "inputs for the signature check missing", "yes"],
    ["HPL12005E", "contract is valid", "no"],
    ["HPL12006E", "contract close to expiry", "yes"],
    ["HPL12007E", "contract expired; boot fails", "yes"],
    ["HPL12011W", "the image's encryption certificate expires within 30 days", "yes"],
    ["HPL12013W", "the image's encryption certificate has expired", "yes"],
    ["HPL13000I", "disk encryption verified", "no"],
    ["HPL13001I", "disk encryption verification notice", "no"],
    ["HPL14000I", "DNS connectivity check passed", "no"],
    ["HPL14001E", "DNS connectivity check failed; startup stops", "partly"],
    ["HPL14002E", "DNS connectivity check timed out; startup stops", "partly"],
    ["HPL15000E", "pod setup cannot parse the contract", "yes"],
    ["HPL15001E", "contract file not found", "partly"],
    ["HPL15002E", "Kubernetes documents cannot be processed", "yes"],
    ["HPL15003I", "documents produced", "no"],
    ["HPL15004I", "pod started", "no"],
    ["HPL15005E", "pod failed to start; shutdown", "partly"],
    ["HPL15006I", "no pod definitions; boot goes on without a workload", "yes"],
    ["HPL16000E", "policy setup cannot parse the contract", "yes"],
    ["HPL16001E", "contract file not found", "partly"],
    ["HPL16002E", "image signature policy cannot be built", "yes"],
    ["HPL16003I", "policy documents produced", "no"],
    [
        "HPL18001E",
        "backed-up wrapped key cannot be recovered",
        "no",
        "the data volume's metadata partition",
    ],
    ["HPL18001W", "unexpected daemon failure; reboot", "no", "the enclave itself"],
    ["HPL18001I", "rotation detected; wrapped key updated", "no"],
    ["HPL18002E", "rewrapping after root-key rotation failed", "no", "HPCS"],
    [
        "HPL18002W",
        "root key in an invalid state; reboot after timeout",
        "no",
        "the HPCS root key's state",
    ],
    ["HPL18002I", "key valid again before timeout; daemon resumes", "no"],
    ["HPL18003E", "key daemon did not start", "no", "the enclave itself"],
    ["HPL18003W", "reboot triggered by the daemon", "no", "the enclave itself"],
    ["HPL18003I", "key daemon started", "no"],
    ["HPL18004E", "key daemon failed; data volume closed", "no", "HPCS and the root key's state"],
    ["HPL18006E", "a required config file is missing", "no", "the enclave itself"],
    ["HPL18007E", "rotated key not saved to the metadata partition", "no", "the data volume"],
];

function kindOf(code: HplCode): BootMessageKind {
    const letter = code.slice(-1);
    return (
        KIND_OVERRIDES[code] ?? (letter === "E" ? "failure" : letter === "W" ? "warning" : "notice")
    );
}

function foreseers(code: HplCode): FindingCode[] {
    return (Object.keys(FINDING_CODES) as FindingCode[]).filter((finding) => {
        const info: { hpl: readonly HplCode[]; alsoSeenAs?: readonly HplCode[] } =
            FINDING_CODES[finding];
        return info.hpl.includes(code) || (info.alsoSeenAs ?? []).includes(code);
    });
}

/** Every boot message the package knows, by code. */
export const BOOT_MESSAGES: ReadonlyMap<HplCode, BootMessage> = new Map(
    ROWS.map(([code, meaning, foresight, cause]) => [
        code,
        {
            code,
            service: SERVICES[code.slice(3, 5)],
            meaning,
            kind: kindOf(code),
            foresight,
            ...(cause === undefined ? {} : { cause }),
            foreseenBy: foreseers(code),
        },
    ]),
);

/** One code as a console log shows it. */
export interface BootLogEntry {
    readonly code: HplCode;
    /** The line (from 1) where it first appears. */
    readonly line: number;
    /** How many lines show it. */
    readonly count: number;
    /** That first line, without terminal escapes or control characters, at most 300 characters. */
    readonly text: string;
    /** What the package knows of it; absent for a code newer than its catalogue. */
    readonly message?: BootMessage;
}

/** What a console log says about a boot. */
export interface BootLogReport {
    /**
     * `failed` when a failure appears after the last "all services started" (HPL10001I),
     * `started` when that message is the last word, `unknown` when the log shows neither.
     */
    readonly verdict: "started" | "failed" | "unknown";
    /** Each code the log holds, in the order of first appearance. */
    readonly entries: readonly BootLogEntry[];
}

const CODE = /\bHPL\d{5}[EWI]\b/g;
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f]/g;
const STARTED: HplCode = "HPL10001I";

/**
 * Reads an enclave's serial console log (or any text holding its messages) for `HPL…` codes.
 * Linear in the text's length; never throws.
 */
export function explainBootLog(text: string): BootLogReport {
    const entries = new Map<
        HplCode,
        { code: HplCode; line: number; count: number; text: string }
    >();
    let lastFailure = -1;
    let lastStarted = -1;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        // Terminal colours would hide a code from the word boundaries that delimit it.
        const clean = lines[i].replace(ESCAPES, "");
        for (const code of new Set(clean.match(CODE) as HplCode[] | null)) {
            const seen = entries.get(code);
            if (seen) seen.count++;
            else
                entries.set(code, {
                    code,
                    line: i + 1,
                    count: 1,
                    text: clean.trim().slice(0, 300),
                });
            if (code === STARTED) lastStarted = i;
            else if (kindOf(code) === "failure") lastFailure = i;
        }
    }
    const verdict = lastFailure > lastStarted ? "failed" : lastStarted >= 0 ? "started" : "unknown";
    return {
        verdict,
        entries: [...entries.values()].map((entry) => {
            const message = BOOT_MESSAGES.get(entry.code);
            return message ? { ...entry, message } : entry;
        }),
    };
}
