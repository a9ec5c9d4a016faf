/**
 * Input types: the typed contract sections, with Pulumi inputs allowed at any depth, and how
 * inputs are passed on.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * `T` with every field, at any depth, allowed to be a Pulumi input (a value, a promise or an
 * Output), so that a section can hold `archive.base64` or a secret from config.
 */
export type DeepInput<T> = T extends string | number | boolean | null | undefined
    ? pulumi.Input<T>
    : T extends readonly (infer U)[]
      ? pulumi.Input<readonly DeepInput<U>[]>
      : pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>;

/** The package version, written into each resource so that a new version rewrites its provider. */
export const PACKAGE_VERSION: string = require("../../package.json").version;

/** An input as a secret, or undefined when it was not given (so it stays absent in state). */
export function secretInput<T>(value: T | undefined): pulumi.Output<unknown> | undefined {
    return value === undefined ? undefined : pulumi.secret(value as pulumi.Input<unknown>);
}
