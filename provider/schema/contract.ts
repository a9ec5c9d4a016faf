/**
 * The plain contract: both sections as mappings (not yet encrypted), with the optional
 * signature and attestation key beside them.
 */

import { z } from "zod";
import { platformInfo, type Platform } from "../platform";
import { ENV_SCHEMAS, cccoEnvSchema, ccrtEnvSchema, ccrvEnvSchema, hpvsEnvSchema } from "./env";
import { attestationPublicKeySchema, envWorkloadSignatureSchema } from "./keys";
import {
    WORKLOAD_SCHEMAS,
    cccoWorkloadSchema,
    ccrtWorkloadSchema,
    ccrvWorkloadSchema,
    hpvsWorkloadSchema,
} from "./workload";

/** The part of a contract a schema describes. */
export type SchemaSection = "workload" | "env" | "contract";

function plainContract<W extends z.ZodType, E extends z.ZodType>(
    platform: Platform,
    workload: W,
    env: E,
) {
    const { title } = platformInfo(platform);
    return z
        .object({
            workload,
            env,
            envWorkloadSignature: envWorkloadSignatureSchema.optional(),
            attestationPublicKey: attestationPublicKeySchema.optional(),
        })
        .describe(`A plain contract for ${title} (${platform}), both sections as mappings.`);
}

/** A plain contract on Hyper Protect Virtual Servers for VPC. */
export const hpvsContractSchema = plainContract("hpvs", hpvsWorkloadSchema, hpvsEnvSchema);

/** A plain contract on HPVS. */
export type HpvsPlainContract = z.input<typeof hpvsContractSchema>;

/** A plain contract on the Confidential Computing Container Runtime. */
export const ccrtContractSchema = plainContract("ccrt", ccrtWorkloadSchema, ccrtEnvSchema);

/** A plain contract on CCRT. */
export type CcrtPlainContract = z.input<typeof ccrtContractSchema>;

/** A plain contract on CCRT for Red Hat Virtualization Solutions. */
export const ccrvContractSchema = plainContract("ccrv", ccrvWorkloadSchema, ccrvEnvSchema);

/** A plain contract on CCRV. */
export type CcrvPlainContract = z.input<typeof ccrvContractSchema>;

/** A plain contract on Confidential Computing Containers for OpenShift. */
export const cccoContractSchema = plainContract("ccco", cccoWorkloadSchema, cccoEnvSchema);

/** A plain contract on CCCO. */
export type CccoPlainContract = z.input<typeof cccoContractSchema>;

/** A plain contract for any platform. */
export type PlainContract =
    HpvsPlainContract | CcrtPlainContract | CcrvPlainContract | CccoPlainContract;

const CONTRACT_SCHEMAS = {
    hpvs: hpvsContractSchema,
    ccrt: ccrtContractSchema,
    ccrv: ccrvContractSchema,
    ccco: cccoContractSchema,
} as const satisfies Record<Platform, z.ZodType>;

/**
 * The zod schema of one part of a platform's contract. The sections are open, as in IBM's
 * schema: unknown keys pass, but zod leaves them out of what `parse` returns, so serialize the
 * value that was validated rather than the parse result.
 *
 * @throws Error when `platform` is not a platform.
 */
export function sectionSchema(
    platform: Platform,
    section: SchemaSection,
): z.ZodObject<z.ZodRawShape> {
    const id = platformInfo(platform).id;
    const schemas = { workload: WORKLOAD_SCHEMAS, env: ENV_SCHEMAS, contract: CONTRACT_SCHEMAS };
    return schemas[section][id] as unknown as z.ZodObject<z.ZodRawShape>;
}
