/**
 * The regular expressions of IBM's contract schemas (1.0.116, 1.0.116-rhel and coco-1.0.93),
 * kept character for character so that the exported JSON Schema and the differential test
 * compare like with like. Each is written as IBM's JSON string spells it, without flags: IBM's
 * validator uses Go's RE2 and every pattern here means the same in JavaScript for ASCII input.
 */

function pattern(source: string): RegExp {
    return new RegExp(source);
}

// One base64 body as IBM writes it in several places: groups of four, whitespace allowed
// between groups, optional padding at the end.
const BASE64_BODY = String.raw`(?:[A-Za-z\d+/]{4}\s*)*(?:[A-Za-z\d+/]{3}=|[A-Za-z\d+/]{2}==)?`;

// A PEM pattern needs at most two whitespace characters in a row, but a backtracking engine
// (JavaScript's, unlike IBM's RE2) spends cubic time on a long run of them: 8,000 spaces after a
// BEGIN line took 85 ms, 100,000 would take minutes. Runs are cut to two before matching, which
// changes no verdict; the pattern's source, which the JSON Schema export uses, stays IBM's.
const LONG_WHITESPACE = /\s{3,}/g;

/** A pattern that matches text with its whitespace runs cut to two characters. */
class PemPattern extends RegExp {
    override exec(text: string): RegExpExecArray | null {
        return super.exec(text.replace(LONG_WHITESPACE, (run) => run.slice(0, 2)));
    }
}

function pemPattern(source: string): RegExp {
    return new PemPattern(source);
}

function pemBlock(label: string): string {
    return String.raw`-----BEGIN ${label}-----\s+${BASE64_BODY}\s+-----END ${label}-----\s*`;
}

/** Base64 text, possibly wrapped over several lines (signatures, keys, syslog material). */
export const BASE64 = pattern(`^${BASE64_BODY}$`);

/** One PEM public key block. */
export const PEM_PUBLIC_KEY = pemPattern(`^${pemBlock("PUBLIC KEY")}$`);

/** One PEM certificate block. */
export const PEM_CERTIFICATE = pemPattern(`^${pemBlock("CERTIFICATE")}$`);

/** One or more PEM certificate blocks, as a syslog server's CA chain. */
export const PEM_CERTIFICATE_CHAIN = pemPattern(`^(${pemBlock("CERTIFICATE")})+$`);

/** One PEM private key block of any algorithm label (`PRIVATE KEY`, `RSA PRIVATE KEY`, …). */
export const PEM_PRIVATE_KEY = pemPattern(
    String.raw`^-----BEGIN (?:[A-Z]+\s+)?PRIVATE KEY-----\s+${BASE64_BODY}\s+-----END (?:[A-Z]+\s+)?PRIVATE KEY-----\s*$`,
);

/** The base64 of a gzip'd tar archive (compose and play archives, CA certificates). */
export const TGZ = pattern("^[-A-Za-z0-9+/]*={0,3}$");

/** An environment variable name. */
export const ENV_NAME = pattern("^[A-Za-z_][A-Za-z0-9_]*$");

/** A volume key, shared by `workload.volumes` and `env.volumes`. */
export const VOLUME_KEY = pattern("^[a-z_][a-z0-9-_]*$");

/** A seed or previous seed: at least 15 characters of a fixed set, no spaces. */
export const SEED = pattern('^[a-zA-Z0-9!@#$%^&*(),.?":{}|<>_-]{15,}$');

/** An absolute mount point without a trailing slash. */
export const MOUNT = pattern("^(/[^/]+)+$");

/** A Secure Execution ultravisor secret slot. */
export const UV_SECRET_ID = pattern("^index-[1-8]$");

/** The CRN of a Hyper Protect Crypto Services root key. */
export const KMS_CRN = pattern(
    "^crn:(v\\d+):(bluemix|staging):(public|dedicated|local):([^:]+):([^:]+):([^:]+):([^:]+):key:(.+)$",
);

/** A GREP11 server as `host:port` or `IPv4:port`. */
export const GREP11_ADDRESS = pattern(
    String.raw`^((([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+)|((25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(\.(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3})):[0-9]{1,5}$`,
);

/** Single-line base64 material of a GREP11 endpoint. */
export const BASE64_MATERIAL = pattern("^[A-Za-z0-9+/=]+$");

/** GREP11 key blob material, or the asterisks the enclave writes once it consumed the blob. */
export const BASE64_MATERIAL_OR_MASKED = pattern("^([A-Za-z0-9+/=]+|\\*+)$");

/** A registry key of `auths`: host name or IPv4 address with optional port, or Docker Hub. */
export const REGISTRY_HOST = pattern(
    String.raw`^(([a-zA-Z]|[a-zA-Z][a-zA-Z0-9\-]*[a-zA-Z0-9])\.)*([A-Za-z]|[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9])(:[0-9]+)?$|^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])(:[0-9]+)?$|^(https:\/\/index\.docker\.io\/v1\/)$`,
);

/** A Docker Content Trust image name without tag: `host/namespace/repository`. */
export const DCT_IMAGE = pattern(
    String.raw`^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\-]*[A-Za-z0-9])\/[a-z0-9_-]{3,30}\/[a-z0-9_-]{2,255}$`,
);

/** A Red Hat simple-signing image reference: dotted host, path, optional tag and digest. */
export const RHS_IMAGE = pattern(
    String.raw`^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9]))+(\/[a-z0-9-_]+)+(:[a-zA-Z0-9_][a-zA-Z0-9_.-]{2,127})?(@sha256:[a-f0-9]{64})?$`,
);

/** A name in the confidential-containers maps and `host-attestation` (CCCO). */
export const CC_NAME = pattern("^[a-zA-Z0-9_-]+$");

/**
 * The encrypted-token form of a contract value, for either prefix. IBM's schemas have no such
 * pattern; it lets an encrypted `attestationPublicKey` pass (see `keys.ts`).
 */
export const SECTION_TOKEN = pattern(
    "^(hyper-protect-basic|contract-basic)\\.[A-Za-z0-9+/=]+\\.[A-Za-z0-9+/=]+$",
);
