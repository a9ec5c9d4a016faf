/**
 * The `expiry` input of a `Contract`: the signing key gets a certificate from the user's own
 * CA, and the enclave refuses the contract after the certificate's end.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CsrParameters } from "../provider/trust/csr";
import type { DeepInput } from "./inputs";

/**
 * Contract expiry for a {@link Contract}. Give the CA, the request's subject (`csrParameters`)
 * or a request made with the signing key (`csr`), and the days. The certificate is issued at
 * the first `pulumi up` and kept in state; a new one is issued when these inputs, the signing
 * key or `rotate` change, or, with `renewWithinDays`, at the first `up` once fewer days remain.
 * A preview warns when the contract expires within 30 days, and refuses one already expired
 * that nothing renews.
 */
export interface ContractExpiryArgs {
    /** The CA certificate (PEM). It must not have expired when a certificate is issued. */
    readonly caCertificate: pulumi.Input<string>;
    /** The CA's private key (PEM). Stored only as a secret. */
    readonly caKey: pulumi.Input<string>;
    /** The password of an encrypted `caKey`. Stored only as a secret. */
    readonly caKeyPassword?: pulumi.Input<string>;
    /**
     * The subject of the request made with the signing key: `domain` (the common name, used
     * exactly), and optionally `country`, `state`, `location`, `org`, `unit`, `mail`.
     */
    readonly csrParameters?: DeepInput<CsrParameters>;
    /** A request (PEM) made elsewhere with the signing key, instead of `csrParameters`. */
    readonly csr?: pulumi.Input<string>;
    /** How many days each signing certificate is valid: a positive whole number. */
    readonly days: pulumi.Input<number>;
    /**
     * Issue a new certificate at the next `pulumi up` once fewer than this many days remain
     * (0: once expired). Under `days`. Default: none; only `rotate` or new inputs renew.
     */
    readonly renewWithinDays?: pulumi.Input<number>;
}

/** The `expiry` resource input, with the CA key and its password as secrets. */
export function expiryInput(
    expiry: ContractExpiryArgs | undefined,
): pulumi.Input<object> | undefined {
    if (expiry === undefined) return undefined;
    return {
        ...expiry,
        caKey: pulumi.secret(expiry.caKey),
        ...(expiry.caKeyPassword !== undefined
            ? { caKeyPassword: pulumi.secret(expiry.caKeyPassword) }
            : {}),
    };
}
