/**
 * A test double of the IBM Cloud Pulumi package that `pulumi package add terraform-provider
 * ibm-cloud/ibm` generates on a user's machine (it cannot be generated here): the classes that
 * examples/vpc uses, as custom resources with the generated type tokens, installed into a
 * program folder's node_modules. They pass their arguments through, which is all a generated
 * resource class does before the engine takes over.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The classes of examples/vpc/ibm-subset.d.ts, by their type tokens. */
const CLASSES: Record<string, string> = {
    IsVpc: "ibm:index/isVpc:IsVpc",
    IsSubnet: "ibm:index/isSubnet:IsSubnet",
    IsSshKey: "ibm:index/isSshKey:IsSshKey",
    IsInstance: "ibm:index/isInstance:IsInstance",
};

const MODULE = `"use strict";
const pulumi = require("@pulumi/pulumi");
${Object.entries(CLASSES)
    .map(
        ([name, token]) => `exports.${name} = class ${name} extends pulumi.CustomResource {
    constructor(name, args, opts) {
        super(${JSON.stringify(token)}, name, { ...args }, opts);
    }
};`,
    )
    .join("\n")}
`;

/** Installs the double as `@pulumi/ibm` in a program folder made by `programFolder`. */
export function installIbmDouble(programDir: string): void {
    const dir = path.join(programDir, "node_modules/@pulumi/ibm");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "@pulumi/ibm" }));
    fs.writeFileSync(path.join(dir, "index.js"), MODULE);
}
