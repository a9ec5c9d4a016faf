/**
 * Schemas of the plain contract sections for each platform: zod schemas and the TypeScript
 * types users write, validation into findings, and JSON Schema documents for editors.
 */

export * from "./auths";
export * from "./common";
export * from "./confidential-containers";
export * from "./contract";
export * from "./env";
export * from "./images";
export * from "./json-schema";
export * from "./keys";
export * from "./kubernetes";
export * from "./logging";
export * from "./validate";
export * from "./volumes";
export * from "./workload";
export { writeJsonSchemas } from "./write-json-schemas";

/** IBM's regular expressions, for checks elsewhere that must agree with the schemas. */
export * as patterns from "./patterns";
