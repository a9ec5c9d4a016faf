/**
 * `confidential-containers` and `host-attestation`: the settings of Confidential Computing
 * Containers for OpenShift (CCCO). The other platforms' schemas accept any mapping under
 * `confidential-containers`.
 */

import { z } from "zod";
import { matching } from "./expectations";
import { CC_NAME } from "./patterns";
import { has, withRules } from "./refinements";

const ccName = matching(CC_NAME, "a name of letters, digits, _ and -");

/** A free-form `confidential-containers` mapping, as HPVS, CCRT and CCRV accept it. */
export const freeFormConfidentialContainersSchema = z
    .record(z.string(), z.unknown())
    .describe("Settings for confidential containers; free-form on this platform.");

/** The key pair of a CCCO workload: one verifies, one decrypts. */
export const ccSecretSchema = z
    .object({
        verificationKey: z.string().describe("The key that verifies signed data."),
        decryptionKey: z.string().describe("The key that decrypts sealed data."),
    })
    .describe("The keys the workload's sealed secrets need.");

/** The key pair of a CCCO workload. */
export type CcSecret = z.input<typeof ccSecretSchema>;

const allowedImagesSchema = withRules(
    z.object({
        imageNames: z.array(z.string()).describe("Exact image references.").optional(),
        imagePatterns: z.array(z.string()).describe("Image reference patterns.").optional(),
    }),
    (value, report) => {
        if (!has(value, "imageNames") && !has(value, "imagePatterns")) {
            report([], "add imageNames or imagePatterns (or both)");
        }
    },
).meta({ anyOf: [{ required: ["imageNames"] }, { required: ["imagePatterns"] }] });

/** The images one container may run. */
export type AllowedImages = z.input<typeof allowedImagesSchema>;

/** The workload's `confidential-containers` mapping on CCCO. */
export const confidentialContainersSchema = z
    .object({
        config: z
            .object({
                // Entries under names outside the pattern pass unchecked, as in IBM's schema.
                cosign: z
                    .looseRecord(
                        ccName,
                        z.object({
                            publicKey: z.string().describe("The cosign public key (PEM)."),
                        }),
                    )
                    .describe("Cosign public keys by image name.")
                    .optional(),
            })
            .optional(),
        allowedContainers: z
            .record(ccName, z.object({ allowedImages: allowedImagesSchema }))
            .describe("The images each container may run, by container name.")
            .optional(),
        regoValidator: z
            .object({ policy: z.string().describe("The base64 of the Rego policy.") })
            .describe("The policy that admits pods."),
        secret: ccSecretSchema.optional(),
    })
    .describe("Confidential containers on OpenShift: image policy, Rego policy and keys.");

/** The workload's `confidential-containers` mapping on CCCO. */
export type ConfidentialContainers = z.input<typeof confidentialContainersSchema>;

/** The env's `confidential-containers` mapping on CCCO. */
export const envConfidentialContainersSchema = z
    .object({ secret: ccSecretSchema.optional() })
    .describe("The deployer's keys for confidential containers.");

/** The env's `confidential-containers` mapping on CCCO. */
export type EnvConfidentialContainers = z.input<typeof envConfidentialContainersSchema>;

/** One host key document that the workload may be attested against (CCCO bare metal). */
export const hostKeyDocumentSchema = z
    .object({
        description: z.string().describe("What the host is."),
        "host-key-doc": z.string().describe("The host key document (PEM)."),
    })
    .describe("A host key document.");

/** One host key document. */
export type HostKeyDocument = z.input<typeof hostKeyDocumentSchema>;

/** Host key documents by name (CCCO). */
export const hostAttestationSchema = z
    .record(ccName, hostKeyDocumentSchema)
    .describe("Host key documents by name, for attestation on bare metal.");

/** Host key documents by name. */
export type HostAttestation = z.input<typeof hostAttestationSchema>;
