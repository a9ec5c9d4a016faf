/**
 * Contracts: reading sections, overlaying them, validating, building, sealing and reviewing.
 */
export * from "../findings";
export { FINDING_CODES, type FindingCodeInfo, type HplOf } from "../finding-codes";
export {
    readSection,
    type Section,
    type SectionInput,
    type SectionName,
    type PlainSection,
    type EncryptedSection,
} from "./section";
export {
    overlaySections,
    type EffectiveView,
    type VariableView,
    type CredentialView,
    type VolumeView,
    type ShadowedKey,
    type Source,
} from "./overlay";
export { analyzeWorkload } from "./workload-analysis";
export type { WorkloadFacts, ImageUse, VariableUse } from "./workload-facts";
export {
    validateContract,
    type ContractInput,
    type ContractValidation,
    type ValidateOptions,
} from "./validate";
export { buildContract, type BuildOptions, type BuiltContract } from "./assemble";
export { sealWorkload, type SealInput, type SealResult } from "./seal";
export {
    isSealedWorkload,
    SEALED_FORMAT,
    type SealedWorkload,
    type SealedManifest,
} from "./sealed";
export { reviewContract, formatReview, type ContractReview } from "./review";
export { readUserData, writeUserData, type UserDataValues } from "./user-data";
export { decryptContract, type DecryptedContract } from "./decrypt";
export { predictSize, type SizeReport } from "./size-report";
export { parseImageReference, isPinnedByDigest, type ImageReference } from "./images";
export { workloadPlaintext, envPlaintext } from "./plaintext";
export { withArchive } from "./with-archive";
