/**
 * Rule cases for reading a contract: sections present and parsed, tokens well formed and made
 * for the platform and certificate, sealed workloads that fit, the schema, and the size.
 */
import * as crypto from "node:crypto";
import * as YAML from "yaml";
import { sealWorkload } from "../../../provider/contract/seal";
import { readEncryptionKey } from "../../../provider/crypto/keys";
import { encryptToken } from "../../../provider/crypto/token";
import type { TokenPrefix } from "../../../provider/platform";
import {
    DIGEST,
    composeArchive,
    composeFile,
    composeWorkload,
    envSection,
    podWorkload,
} from "../../support/contracts";
import { pem, rsaPair } from "../../support/keys";
import type { RuleCase } from "./rule-cases";

const ENV_TEXT = YAML.stringify(envSection());

/** The env section encrypted for an RSA key of `bits` bits, with `prefix`. */
async function envToken(prefix: TokenPrefix = "hyper-protect-basic", bits = 2048) {
    return encryptToken(ENV_TEXT, readEncryptionKey(pem(rsaPair(bits)).publicKey), prefix);
}

/** A compose workload whose archive also holds `bytes` incompressible bytes. */
function heavyWorkload(bytes: number): Record<string, unknown> {
    const compose = composeFile({ web: `us.icr.io/team/app@${DIGEST}` });
    const padding = crypto.randomBytes(bytes).toString("base64");
    return {
        type: "workload",
        compose: { archive: composeArchive(compose, [{ name: "data.txt", content: padding }]) },
    };
}

/** The rules on reading a contract. */
export const SECTION_CASES: readonly RuleCase[] = [
    {
        rule: "env variable values must be strings",
        failing: { workload: composeWorkload(), env: envSection({ env: { PORT: 8080 } }) },
        expect: { code: "ENV_VALUE_NOT_STRING", path: "env.env.PORT", hpl: "HPL06003E" },
        passing: { workload: composeWorkload(), env: envSection({ env: { PORT: "8080" } }) },
    },
    {
        rule: "a workload has exactly one kind",
        failing: {
            workload: {
                ...composeWorkload(),
                play: (podWorkload([`a.io/b/c@${DIGEST}`]) as { play: unknown }).play,
            },
            env: envSection(),
        },
        expect: { code: "WORKLOAD_KIND", path: "workload", hpl: "HPL05001E" },
        passing: { workload: composeWorkload(), env: envSection() },
    },
    {
        rule: "CCRV runs pods only",
        failing: { platform: "ccrv", workload: composeWorkload(), env: envSection() },
        expect: { code: "WORKLOAD_KIND", path: "workload.compose" },
        passing: {
            platform: "ccrv",
            workload: podWorkload([`a.io/b/c@${DIGEST}`]),
            env: envSection(),
        },
    },
    {
        rule: "a contract has an env section",
        failing: { workload: composeWorkload(), env: "" },
        expect: { code: "SECTION_MISSING", path: "env", hpl: "HPL05002E" },
        passing: { workload: composeWorkload(), env: envSection() },
    },
    {
        rule: "a section given as text is valid YAML",
        failing: { workload: composeWorkload(), env: "type: env\nlogging: [\n" },
        expect: { code: "YAML_INVALID", path: "env", hpl: "HPL05000E" },
        passing: { workload: composeWorkload(), env: ENV_TEXT },
    },
    {
        rule: "a section given as text is a YAML mapping",
        failing: { workload: composeWorkload(), env: "- type\n- env\n" },
        expect: { code: "SECTION_NOT_MAPPING", path: "env", hpl: "HPL05000E" },
        passing: { workload: composeWorkload(), env: ENV_TEXT },
    },
    {
        rule: "an encrypted section is a well-formed token",
        failing: { workload: composeWorkload(), env: "hyper-protect-basic.QUJ.QUJD" },
        expect: { code: "TOKEN_INVALID", path: "env", hpl: "HPL11001E" },
        passing: async () => ({ workload: composeWorkload(), env: await envToken() }),
    },
    {
        rule: "a token has the prefix the platform's boot loader expects",
        failing: async () => ({
            workload: composeWorkload(),
            env: await envToken("contract-basic"),
        }),
        expect: { code: "TOKEN_PLATFORM", path: "env", hpl: "HPL11001E" },
        passing: async () => ({
            platform: "ccrt",
            workload: composeWorkload(),
            env: await envToken("contract-basic"),
        }),
    },
    {
        rule: "a token was made for a key of the encryption certificate's size",
        failing: async () => ({
            workload: composeWorkload(),
            env: await envToken("hyper-protect-basic", 1024),
            encryptionCertificate: pem(rsaPair(2048)).publicKey,
        }),
        expect: { code: "TOKEN_KEY_MISMATCH", path: "env", hpl: "HPL11001E" },
        passing: async () => ({
            workload: composeWorkload(),
            env: await envToken("hyper-protect-basic", 2048),
            encryptionCertificate: pem(rsaPair(2048)).publicKey,
        }),
    },
    {
        rule: "a sealed workload is sealed for the contract's platform",
        failing: async () => ({
            workload: await sealWorkload({
                platform: "ccco",
                workload: composeWorkload(),
                encryptionCertificate: pem(rsaPair(2048)).publicKey,
            }),
            env: envSection(),
        }),
        expect: { code: "SEALED_MISMATCH", path: "workload", hpl: "HPL11001E" },
        passing: async () => ({
            workload: await sealWorkload({
                workload: composeWorkload(),
                encryptionCertificate: pem(rsaPair(2048)).publicKey,
            }),
            env: envSection(),
        }),
    },
    {
        rule: "values follow the platform's schema",
        failing: {
            workload: composeWorkload(),
            env: envSection({
                logging: { logRouter: { hostname: "logs.example.com", iamApiKey: "k", port: 0 } },
            }),
        },
        expect: { code: "SCHEMA", path: "env.logging.logRouter.port", hpl: "HPL01001E" },
        passing: {
            workload: composeWorkload(),
            env: envSection({
                logging: { logRouter: { hostname: "logs.example.com", iamApiKey: "k", port: 443 } },
            }),
        },
    },
    {
        rule: "a key the enclave ignores is worth a warning",
        failing: { workload: composeWorkload(), env: envSection({ auth: {} }) },
        expect: { code: "UNKNOWN_KEY", path: "env.auth", severity: "warning" },
        passing: { workload: composeWorkload(), env: envSection({ auths: {} }) },
    },
    {
        rule: "the encrypted contract fits the 64 KiB user data of HPVS for VPC",
        failing: { workload: heavyWorkload(48 * 1024), env: envSection() },
        expect: { code: "SIZE_LIMIT", path: "workload" },
        passing: { workload: heavyWorkload(16 * 1024), env: envSection() },
    },
    {
        rule: "the size limit is HPVS's own: CCRT has none documented",
        failing: { workload: heavyWorkload(48 * 1024), env: envSection() },
        expect: { code: "SIZE_LIMIT", path: "workload" },
        passing: { platform: "ccrt", workload: heavyWorkload(48 * 1024), env: envSection() },
    },
];
