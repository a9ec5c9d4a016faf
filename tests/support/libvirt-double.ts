/**
 * A test double of the libvirt Pulumi package that `pulumi package add terraform-provider
 * dmacvicar/libvirt` generates on a user's machine (it cannot be generated here): `Volume` and
 * `Domain` as custom resources with the generated type tokens, installed into a program
 * folder's node_modules. The engine double records their inputs; nothing reaches a host.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const MODULE = `"use strict";
const pulumi = require("@pulumi/pulumi");
class Volume extends pulumi.CustomResource {
    constructor(name, args, opts) {
        super("libvirt:index/volume:Volume", name, { ...args, path: undefined }, opts);
    }
}
class Domain extends pulumi.CustomResource {
    constructor(name, args, opts) {
        super("libvirt:index/domain:Domain", name, { ...args, uuid: undefined }, opts);
    }
}
module.exports = { Volume, Domain };
`;

/** Installs the double as `@pulumi/libvirt` in a program folder made by `programFolder`. */
export function installLibvirtDouble(programDir: string): void {
    const dir = path.join(programDir, "node_modules/@pulumi/libvirt");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "@pulumi/libvirt" }));
    fs.writeFileSync(path.join(dir, "index.js"), MODULE);
}
