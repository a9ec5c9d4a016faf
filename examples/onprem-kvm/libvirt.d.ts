// STAND-IN, NOT THE REAL PACKAGE. The libvirt Pulumi package is generated on your machine from
// the Terraform provider, with `pulumi package add terraform-provider dmacvicar/libvirt`; it
// cannot be generated where this example is type-checked. This file declares, by hand, only the
// part of it that index.ts uses, following the provider's 0.9 schema in Pulumi's camel case.
// Once the real package is generated, delete this file and its line in tsconfig.json: the
// compiler then checks index.ts against the generated types.
declare module "@pulumi/libvirt" {
    import * as pulumi from "@pulumi/pulumi";

    type In<T> = pulumi.Input<T>;

    /** `libvirt_volume`: a storage volume in a pool. */
    export interface VolumeArgs {
        name: In<string>;
        pool: In<string>;
        /** Bytes; computed from the content when `create.content` is given. */
        capacity?: In<number>;
        target?: In<{ format?: In<{ type: In<string> }> }>;
        /** Fills the volume from a URL or a local file at creation. */
        create?: In<{ content: In<{ url: In<string> }> }>;
    }

    export class Volume extends pulumi.CustomResource {
        constructor(name: string, args: VolumeArgs, opts?: pulumi.CustomResourceOptions);
        readonly name: pulumi.Output<string>;
        readonly pool: pulumi.Output<string>;
        readonly path: pulumi.Output<string>;
    }

    export interface DomainDiskArgs {
        device?: In<string>;
        source?: In<{
            file?: In<{ file?: In<string> }>;
            block?: In<{ dev?: In<string> }>;
            volume?: In<{ pool?: In<string>; volume?: In<string> }>;
        }>;
        target?: In<{ dev: In<string>; bus?: In<string> }>;
        driver?: In<{ name?: In<string>; type?: In<string>; iommu?: In<string> }>;
        readOnly?: In<boolean>;
        boot?: In<{ order: In<number> }>;
        serial?: In<string>;
    }

    export interface DomainInterfaceArgs {
        source?: In<{
            network?: In<{ network?: In<string> }>;
            bridge?: In<{ bridge?: In<string> }>;
        }>;
        mac?: In<{ address: In<string> }>;
        model?: In<{ type: In<string> }>;
        driver?: In<{ name?: In<string>; iommu?: In<string> }>;
    }

    export interface DomainConsoleArgs {
        target?: In<{ type?: In<string>; port?: In<number> }>;
        log?: In<{ file: In<string>; append?: In<string> }>;
    }

    /** `libvirt_domain`: a guest, modelled on libvirt's domain XML. */
    export interface DomainArgs {
        name: In<string>;
        type: In<string>;
        memory?: In<number>;
        memoryUnit?: In<string>;
        vcpu?: In<number>;
        os?: In<{ type?: In<string>; typeArch?: In<string>; typeMachine?: In<string> }>;
        devices?: In<{
            disks?: In<In<DomainDiskArgs>[]>;
            interfaces?: In<In<DomainInterfaceArgs>[]>;
            consoles?: In<In<DomainConsoleArgs>[]>;
            memBalloon?: In<{ model: In<string> }>;
        }>;
        running?: In<boolean>;
    }

    export class Domain extends pulumi.CustomResource {
        constructor(name: string, args: DomainArgs, opts?: pulumi.CustomResourceOptions);
        readonly name: pulumi.Output<string>;
        readonly uuid: pulumi.Output<string>;
    }
}
