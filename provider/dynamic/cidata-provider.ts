/**
 * The provider object of `CidataIso`, which Pulumi serializes into the resource's state. Like
 * the other providers of the package, each method loads its handler by package path inside
 * the method, so the text in state stays small, captures nothing and runs the installed code.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The provider of `CidataIso`. */
export const cidataProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds, news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/cidata-handlers.js").check(
            olds,
            news,
        );
    },
    async diff(id, olds, news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/cidata-handlers.js").diff(
            id,
            olds,
            news,
        );
    },
    async create(news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/cidata-handlers.js").create(news);
    },
    async update(id, olds, news) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/cidata-handlers.js").update(
            id,
            olds,
            news,
        );
    },
    async read(id, props) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/cidata-handlers.js").read(
            id,
            props,
        );
    },
    async delete(id, props) {
        return require("pulumi-hyper-protect/lib/provider/dynamic/cidata-handlers.js").remove(
            id,
            props,
        );
    },
};
