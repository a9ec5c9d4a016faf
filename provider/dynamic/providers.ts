/**
 * The provider objects that Pulumi serializes into each resource's state and runs in its
 * provider host. Each method loads its handler by package path inside the method: the text in
 * state stays a few hundred bytes, captures nothing, and always runs the installed package's
 * code, wherever the package sits under the program's `node_modules`.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The provider of `Contract`. */
export const contractProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds, news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/contract-handlers.js").check(
            olds,
            news,
        );
    },
    async diff(id, olds, news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/contract-handlers.js").diff(
            id,
            olds,
            news,
        );
    },
    async create(news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/contract-handlers.js").create(
            news,
        );
    },
    async update(id, olds, news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/contract-handlers.js").update(
            id,
            olds,
            news,
        );
    },
    async read(id, props) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/contract-handlers.js").read(
            id,
            props,
        );
    },
    async delete() {
        // A contract exists only in state: nothing outside to remove.
    },
};

/** The provider of `SealedWorkload`, `ComposeArchive` and the encrypted building blocks. */
export const blockProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds, news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/block-handlers.js").check(
            olds,
            news,
        );
    },
    async diff(id, olds, news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/block-handlers.js").diff(
            id,
            olds,
            news,
        );
    },
    async create(news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/block-handlers.js").create(news);
    },
    async update(id, olds, news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/block-handlers.js").update(
            id,
            olds,
            news,
        );
    },
    async read(id, props) {
        return { id, props };
    },
    async delete() {
        // These resources exist only in state.
    },
};
