/**
 * A stand-in for the `@pulumi/ibm` SDK that `pulumi package add terraform-provider
 * ibm-cloud/ibm` generates, for running the vpc example under mocks: each class registers a
 * custom resource with the generated SDK's type token and passes its arguments through, which
 * is all a generated resource class does before the engine takes over. It covers the names of
 * examples/vpc/ibm-subset.d.ts and nothing else.
 */
import * as pulumi from "@pulumi/pulumi";

type Args = Record<string, pulumi.Input<unknown>>;

/** The constructor every class of the generated SDK has. */
type ResourceClass = new (
    name: string,
    args?: Args,
    opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/** A class registering resources of one type token. */
function resourceClass(token: string): ResourceClass {
    return class extends pulumi.CustomResource {
        constructor(name: string, args: Args = {}, opts?: pulumi.CustomResourceOptions) {
            super(token, name, { ...args }, opts);
        }
    };
}

/** `ibm_is_vpc`. */
export const IsVpc = resourceClass("ibm:index/isVpc:IsVpc");
/** `ibm_is_subnet`. */
export const IsSubnet = resourceClass("ibm:index/isSubnet:IsSubnet");
/** `ibm_is_ssh_key`. */
export const IsSshKey = resourceClass("ibm:index/isSshKey:IsSshKey");
/** `ibm_is_instance`. */
export const IsInstance = resourceClass("ibm:index/isInstance:IsInstance");
