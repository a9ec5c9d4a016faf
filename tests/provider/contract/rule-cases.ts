/**
 * The shape of the validation rule tables: each case is a contract that breaks one rule, the
 * finding it must earn, and the same contract fixed. `rules.spec.ts` runs every table.
 */
import type { FindingCode } from "../../../provider/findings";
import type { ContractInput, ValidateOptions } from "../../../provider/contract/validate";

/** A contract, or a function making one (for inputs that need keys or tokens made first). */
export type CaseInput = ContractInput | (() => ContractInput | Promise<ContractInput>);

/** The finding a failing contract must earn. */
export interface Expect {
    readonly code: FindingCode;
    /** The path of the finding, as `Finding.path` spells it. */
    readonly path: string;
    /** Default: `error`. */
    readonly severity?: "error" | "warning";
    /** The enclave message the finding must name, when it names one. */
    readonly hpl?: string;
}

/** One rule: a failing contract, what it earns, and the contract fixed. */
export interface RuleCase {
    /** What the rule says, as a sentence. */
    readonly rule: string;
    readonly failing: CaseInput;
    readonly expect: Expect;
    readonly passing: CaseInput;
    /** Options given to `validateContract` for both contracts (e.g. `now`). */
    readonly options?: ValidateOptions;
}

/** Resolves a case input. */
export async function resolveInput(input: CaseInput): Promise<ContractInput> {
    return typeof input === "function" ? input() : input;
}
