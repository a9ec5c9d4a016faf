/**
 * NOT the IBM Cloud package. A hand-written declaration of the few `@pulumi/ibm` names that
 * index.ts uses, so that this repository's CI can type-check the example without generating
 * the IBM provider's SDK (which needs the Pulumi CLI and a download of the Terraform provider).
 * The CI's tsconfig.examples.json maps `@pulumi/ibm` here; the example's own tsconfig.json does
 * not, so a real project type-checks against the SDK that
 * `pulumi package add terraform-provider ibm-cloud/ibm` generates. Names follow that SDK:
 * `ibm_is_instance` becomes `IsInstance`, `user_data` becomes `userData`, and a one-item block
 * such as `primary_network_interface` becomes an object. Only the fields used are declared.
 */
import * as pulumi from "@pulumi/pulumi";

/** `ibm_is_vpc`. */
export declare class IsVpc extends pulumi.CustomResource {
    constructor(name: string, args?: IsVpcArgs, opts?: pulumi.CustomResourceOptions);
}
export interface IsVpcArgs {
    readonly name?: pulumi.Input<string>;
    readonly resourceGroup?: pulumi.Input<string>;
}

/** `ibm_is_subnet`. */
export declare class IsSubnet extends pulumi.CustomResource {
    constructor(name: string, args: IsSubnetArgs, opts?: pulumi.CustomResourceOptions);
}
export interface IsSubnetArgs {
    readonly name?: pulumi.Input<string>;
    readonly vpc: pulumi.Input<string>;
    readonly zone: pulumi.Input<string>;
    readonly totalIpv4AddressCount?: pulumi.Input<number>;
}

/** `ibm_is_ssh_key`. */
export declare class IsSshKey extends pulumi.CustomResource {
    constructor(name: string, args: IsSshKeyArgs, opts?: pulumi.CustomResourceOptions);
}
export interface IsSshKeyArgs {
    readonly name?: pulumi.Input<string>;
    readonly publicKey: pulumi.Input<string>;
}

/** `ibm_is_instance`. */
export declare class IsInstance extends pulumi.CustomResource {
    constructor(name: string, args: IsInstanceArgs, opts?: pulumi.CustomResourceOptions);
}
export interface IsInstanceArgs {
    readonly name?: pulumi.Input<string>;
    readonly image?: pulumi.Input<string>;
    readonly profile?: pulumi.Input<string>;
    readonly vpc?: pulumi.Input<string>;
    readonly zone?: pulumi.Input<string>;
    readonly keys?: pulumi.Input<pulumi.Input<string>[]>;
    readonly primaryNetworkInterface?: pulumi.Input<{
        readonly subnet: pulumi.Input<string>;
        readonly securityGroups?: pulumi.Input<pulumi.Input<string>[]>;
    }>;
    /** The instance's user data: here, the contract. */
    readonly userData?: pulumi.Input<string>;
}
