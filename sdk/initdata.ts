/**
 * The `initdata` annotation of a confidential-containers (CCCO) pod, from a contract.
 */
import * as pulumi from "@pulumi/pulumi";
import { buildInitdata } from "../provider/onprem/initdata";

export { INITDATA_ANNOTATION } from "../provider/onprem/initdata";

/** The options of {@link initdata}. */
export interface InitdataArgs {
    /**
     * The Secure Execution header (`.bin`) of the peer-pod image, for bare-metal peer pods; it
     * goes into the contract as `boot.sehdr`. Default: none (the peer-pod form).
     */
    readonly seHeader?: Buffer;
}

/**
 * The value of a CCCO pod's `io.katacontainers.config.runtime.cc_init_data` annotation: the
 * signed, encrypted contract (e.g. the `userData` of a `Contract` for platform `ccco`) in the
 * initdata TOML, gzipped and base64-encoded. The result is a secret, as the contract is.
 *
 * @throws InputError (when the Output resolves) for a contract the TOML literal cannot carry.
 */
export function initdata(
    userData: pulumi.Input<string>,
    args: InitdataArgs = {},
): pulumi.Output<string> {
    return pulumi.secret(
        pulumi.output(userData).apply((u) => buildInitdata(u, { seHeader: args.seHeader })),
    );
}
