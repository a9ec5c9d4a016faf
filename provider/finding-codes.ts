/**
 * The catalogue of finding codes: what each code means, how severe its findings are, and which
 * enclave boot messages (`HPL…`) its findings may name. The catalogue is the single source of
 * the README's table of codes, and {@link finding} accepts for a code only the enclave messages
 * listed here, so the two cannot drift apart.
 */
import type { FindingCode, HplCode, Severity } from "./findings";

/** What one finding code means. */
export interface FindingCodeInfo {
    /** The severities its findings take. */
    readonly severities: readonly Severity[];
    /** What the code reports, in a few words. */
    readonly summary: string;
    /** The enclave boot messages its findings may name; empty when the enclave has none. */
    readonly hpl: readonly HplCode[];
    /**
     * Messages that other boot services of the enclave show for the same failure (each service
     * parses and checks the contract on its own); a finding names only one, from {@link hpl}.
     */
    readonly alsoSeenAs?: readonly HplCode[];
}

const E = ["error"] as const;
const W = ["warning"] as const;
const EW = ["error", "warning"] as const;

// Every boot service parses the contract itself, each with its own message for a parse failure.
const PARSE_FAILURES = [
    "HPL01000E",
    "HPL06001E",
    "HPL07000E",
    "HPL08001E",
    "HPL09000E",
    "HPL12000E",
    "HPL15000E",
    "HPL16000E",
] as const;

/** Every finding code, in the order the README lists them. */
export const FINDING_CODES = {
    // reading the contract
    SECTION_MISSING: {
        severities: E,
        summary: "the workload or env section is missing or empty",
        hpl: ["HPL05002E"],
        alsoSeenAs: ["HPL05003E", "HPL06000E", "HPL08000E", "HPL12002E", "HPL15001E", "HPL16001E"],
    },
    YAML_INVALID: {
        severities: E,
        summary: "a section, compose file, pod file or network-config is not valid YAML",
        hpl: ["HPL05000E", "HPL06009E", "HPL15002E", "HPL11001E"],
        alsoSeenAs: PARSE_FAILURES,
    },
    SECTION_NOT_MAPPING: {
        severities: E,
        summary: "a section or the contract is not a YAML mapping",
        hpl: ["HPL05000E", "HPL11001E"],
        alsoSeenAs: PARSE_FAILURES,
    },
    TOKEN_INVALID: {
        severities: E,
        summary: "an encrypted value is not a well-formed token",
        hpl: ["HPL11001E"],
    },
    TOKEN_PLATFORM: {
        severities: E,
        summary: "a token's prefix is not the one the platform's boot loader expects",
        hpl: ["HPL11001E"],
    },
    TOKEN_KEY_MISMATCH: {
        severities: E,
        summary:
            "a token was encrypted for a key of another size than the encryption certificate's",
        hpl: ["HPL11001E"],
    },
    SEALED_MISMATCH: {
        severities: E,
        summary:
            "a sealed workload does not fit the contract (platform, certificate, token), or its plaintext hash is malformed",
        hpl: ["HPL11001E"],
    },
    SCHEMA: {
        severities: E,
        summary: "a value breaks the platform's contract schema",
        hpl: ["HPL05001E", "HPL01001E", "HPL07001E"],
        alsoSeenAs: ["HPL09001E", "HPL02121E"],
    },
    UNKNOWN_KEY: {
        severities: W,
        summary: "a key the enclave ignores (often a misspelling)",
        hpl: [],
    },
    WORKLOAD_KIND: {
        severities: E,
        summary:
            "not exactly one of compose, play and confidential-containers, or one the platform lacks",
        hpl: ["HPL05001E"],
        alsoSeenAs: ["HPL09001E"],
    },
    // environment variables and the overlay
    ENV_VALUE_NOT_STRING: {
        severities: E,
        summary: "an environment variable's value is not a string",
        hpl: ["HPL06003E", "HPL05001E"],
        alsoSeenAs: ["HPL08003E", "HPL09001E"],
    },
    ENV_SHADOWED: {
        severities: W,
        summary: "a deployer variable is hidden by the workload's value of the same name",
        hpl: [],
    },
    AUTH_SHADOWED: {
        severities: W,
        summary: "deployer credentials are hidden by the workload's for the same registry",
        hpl: [],
    },
    // dynamic registry references
    VARIABLE_UNRESOLVED: {
        severities: EW,
        summary: "a ${VAR} or {{ .Env.VAR }} that neither section sets",
        hpl: ["HPL08004E", "HPL15002E"],
        alsoSeenAs: ["HPL10000E"],
    },
    TEMPLATED_IMAGE_NOT_PINNED: {
        severities: E,
        summary: "an image whose registry comes from a variable is not pinned by digest",
        hpl: ["HPL06010E", "HPL15005E"],
    },
    DCT_WITH_TEMPLATED_REGISTRY: {
        severities: E,
        summary: "images.dct combined with images whose registry comes from a variable",
        hpl: ["HPL06010E"],
    },
    REGISTRY_NO_CREDENTIALS: {
        severities: W,
        summary: "the registry of a templated image has no credentials in the merged auths",
        hpl: [],
    },
    // images
    IMAGE_NOT_PINNED: {
        severities: E,
        summary:
            "an image neither pinned by digest nor covered by images.dct (compose) or images.rhs (pods)",
        hpl: ["HPL06010E", "HPL15005E"],
    },
    IMAGE_MISSING: {
        severities: E,
        summary: "a service without an image, or a reference that is not a valid image",
        hpl: ["HPL08004E", "HPL15005E"],
        alsoSeenAs: ["HPL10000E"],
    },
    DCT_ENTRY_INVALID: {
        severities: E,
        summary:
            "an images.dct entry whose notary is not an https URL or whose key is no certificate",
        hpl: ["HPL06004E"],
    },
    RHS_ENTRY_INVALID: {
        severities: E,
        summary: "an images.rhs entry whose key is not base64 of an armoured GPG public key",
        hpl: ["HPL16002E"],
    },
    // archives
    ARCHIVE_INVALID: {
        severities: E,
        summary: "an archive is not base64 of a tar.gz, or is empty, damaged or too large",
        hpl: ["HPL06002E", "HPL06006E", "HPL06007E"],
        alsoSeenAs: ["HPL08002E"],
    },
    ARCHIVE_ENTRY_TYPE: {
        severities: E,
        summary: "an archive entry that is neither a regular file nor a directory",
        hpl: ["HPL06002E"],
        alsoSeenAs: ["HPL08002E"],
    },
    ARCHIVE_PATH: {
        severities: E,
        summary: "an archive entry with an absolute, climbing or otherwise unusable name",
        hpl: ["HPL06002E"],
        alsoSeenAs: ["HPL08002E"],
    },
    ARCHIVE_NO_COMPOSE_FILE: {
        severities: E,
        summary: "a compose archive without docker-compose.yaml or .yml at its top",
        hpl: ["HPL06008E"],
        alsoSeenAs: ["HPL08005E"],
    },
    ARCHIVE_NO_POD: {
        severities: E,
        summary: "a play workload or archive without a Pod",
        hpl: ["HPL15006I"],
    },
    // compose and pods
    COMPOSE_INVALID: {
        severities: EW,
        summary: "a compose file without services, or two compose files",
        hpl: ["HPL06009E"],
    },
    COMPOSE_BUILD: {
        severities: E,
        summary: "a compose service that builds its image",
        hpl: ["HPL08004E"],
        alsoSeenAs: ["HPL10000E"],
    },
    POD_INVALID: {
        severities: E,
        summary: "an archived document that is not a v1 Pod or ConfigMap",
        hpl: ["HPL15002E"],
    },
    TEMPLATE_INVALID: {
        severities: E,
        summary: "a pod template action that is never closed",
        hpl: ["HPL15002E"],
    },
    // logging
    LOGGING_MISSING: {
        severities: E,
        summary: "env.logging is missing where the platform requires it",
        hpl: ["HPL01002W"],
    },
    LOGGING_ENDPOINT: {
        severities: E,
        summary: "a log endpoint's hostname is not a bare host name or address",
        hpl: ["HPL01001E", "HPL01011E"],
    },
    LOGGING_PEM: {
        severities: E,
        summary: "syslog certificates or key that are missing, do not parse or do not match",
        hpl: ["HPL01005E", "HPL01006E", "HPL01007E", "HPL01008E", "HPL01009E", "HPL01011E"],
    },
    // volumes and seeds
    SEED_INVALID: {
        severities: E,
        summary: "a seed shorter than 15 characters or outside the allowed set",
        hpl: ["HPL07001E"],
        alsoSeenAs: ["HPL09001E", "HPL02121E"],
    },
    SEED_MISSING: {
        severities: E,
        summary: "a volume half without its seed",
        hpl: ["HPL07001E"],
        alsoSeenAs: ["HPL07013E"],
    },
    SEED_UNCHANGED: {
        severities: E,
        summary: "previousSeed equal to seed",
        hpl: ["HPL02125E"],
    },
    VOLUME_UNPAIRED: {
        severities: E,
        summary: "a volume key in one section only",
        hpl: ["HPL07015E"],
    },
    VOLUME_MOUNT_INVALID: {
        severities: E,
        summary: "a mount that is not an absolute path of plain segments",
        hpl: ["HPL07002E"],
        alsoSeenAs: ["HPL02121E"],
    },
    VOLUME_MOUNT_DUPLICATE: {
        severities: E,
        summary: "two volumes on the same or nested mount points",
        hpl: ["HPL02007E"],
    },
    VOLUME_REFERENCE_DUPLICATE: {
        severities: E,
        summary: "two volume keys naming the same volume",
        hpl: ["HPL02123E"],
    },
    KMS_INVALID: {
        severities: E,
        summary: "a kms entry whose CRN is not a Hyper Protect Crypto Services root key",
        hpl: ["HPL07010E"],
    },
    // keys, signature, expiry, certificates
    SIGNING_KEY_INVALID: {
        severities: E,
        summary: "a signing key that cannot be read",
        hpl: ["HPL12003E"],
    },
    SIGNATURE_INCOMPLETE: {
        severities: E,
        summary: "envWorkloadSignature without env.signingKey, or the reverse",
        hpl: ["HPL12004E"],
    },
    SIGNATURE_INVALID: {
        severities: E,
        summary: "envWorkloadSignature does not verify over the workload and env values",
        hpl: ["HPL12001E"],
    },
    CONTRACT_EXPIRED: {
        severities: E,
        summary: "the signing certificate, and so the contract, has expired",
        hpl: ["HPL12007E"],
    },
    CONTRACT_EXPIRING: {
        severities: W,
        summary: "the contract expires within 30 days",
        hpl: ["HPL12006E"],
    },
    EXPIRY_INVALID: {
        severities: EW,
        summary:
            "contract expiry inputs that cannot issue the signing certificate (CA expired or not a CA, CA key not its own or not decryptable, a request of another key, days); a warning while a kept certificate stays",
        hpl: [],
    },
    ATTESTATION_KEY_INVALID: {
        severities: E,
        summary: "attestationPublicKey is not an RSA public key (PEM, base64 of PEM or a token)",
        hpl: ["HPL11002E"],
    },
    CERTIFICATE_INVALID: {
        severities: E,
        summary: "an encryption certificate that cannot be read or is not valid yet",
        hpl: [],
    },
    CERTIFICATE_EXPIRED: {
        severities: E,
        summary: "the encryption certificate has expired",
        hpl: ["HPL12013W"],
    },
    CERTIFICATE_EXPIRING: {
        severities: W,
        summary: "the encryption certificate expires within 180 days",
        hpl: ["HPL12011W"],
    },
    // size
    SIZE_LIMIT: {
        severities: EW,
        summary: "the encrypted contract exceeds the platform's user-data limit (64 KiB on HPVS)",
        hpl: [],
    },
    // on-prem network configuration
    NETWORK_CONFIG: {
        severities: E,
        summary: "a network-config value that breaks IBM's network schema",
        hpl: [],
    },
    NETWORK_ADDRESS: {
        severities: EW,
        summary: "a malformed or conflicting interface address",
        hpl: [],
    },
    NETWORK_GATEWAY: {
        severities: W,
        summary: "a gateway outside its interface's subnets",
        hpl: [],
    },
    NETWORK_DNS_MISSING: {
        severities: W,
        summary: "a static interface without name servers",
        hpl: ["HPL14001E"],
    },
    NETWORK_ROUTE_MISSING: {
        severities: W,
        summary: "static networking without a default route",
        hpl: ["HPL14002E"],
    },
    // on-prem guest definition
    DOMAIN_MEMORY: {
        severities: W,
        summary: "a guest with less than 4 GiB of memory",
        hpl: ["HPL11003E"],
    },
} as const satisfies Record<FindingCode, FindingCodeInfo>;

/** The enclave messages that findings of code `C` may name. */
export type HplOf<C extends FindingCode> = (typeof FINDING_CODES)[C]["hpl"][number];
