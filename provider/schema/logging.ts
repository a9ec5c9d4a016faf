/**
 * `env.logging`: where the enclave sends its logs. Logging starts before anything else, and a
 * broken configuration stops the boot.
 */

import { z } from "zod";
import { pemOrBase64 } from "./common";
import { expecting } from "./expectations";
import { PEM_CERTIFICATE, PEM_CERTIFICATE_CHAIN, PEM_PRIVATE_KEY } from "./patterns";
import { exactlyOneOf, oneOfRequired, withRules } from "./refinements";

const hostname = z.string().describe("The host name of the log endpoint.");

function port(defaultPort: number) {
    return expecting(
        z
            .number()
            .int()
            .gt(0)
            .describe(`The port of the log endpoint; ${defaultPort} when left out.`),
        "a port number greater than 0",
    );
}

const logRouterShape = {
    hostname: hostname.describe("The IBM Cloud Logs ingress endpoint (public or private)."),
    iamApiKey: z.string().describe("An API key of a service ID allowed to send logs."),
    port: port(443).optional(),
};

/** IBM Cloud Logs as the log backend. */
export const logRouterSchema = z
    .strictObject(logRouterShape)
    .describe("IBM Cloud Logs as the log backend.");

/** IBM Cloud Logs as the log backend. */
export type LogRouter = z.input<typeof logRouterSchema>;

/** IBM Cloud Logs on CCCO, which also takes tags. */
export const cccoLogRouterSchema = z
    .strictObject({
        ...logRouterShape,
        tags: z.array(z.string()).optional().describe("Tags attached to every log line."),
    })
    .describe("IBM Cloud Logs as the log backend.");

/** IBM Cloud Logs on CCCO. */
export type CccoLogRouter = z.input<typeof cccoLogRouterSchema>;

/** An RFC 5424 syslog server reached over mutual TLS. */
export const syslogSchema = z
    .strictObject({
        hostname: hostname.describe("The host name of the syslog server."),
        port: port(514).optional(),
        server: pemOrBase64(
            PEM_CERTIFICATE_CHAIN,
            "one or more PEM certificates, or their base64",
            "The CA certificate or chain that signed the server's (and the client's) certificate.",
        ),
        cert: pemOrBase64(
            PEM_CERTIFICATE,
            "a PEM certificate or its base64",
            "The enclave's client certificate, as PEM or base64.",
        ).optional(),
        key: pemOrBase64(
            PEM_PRIVATE_KEY,
            "a PEM private key or its base64",
            "The client certificate's private key (PKCS#8 recommended), as PEM or base64.",
        ).optional(),
    })
    .describe("A syslog server (RFC 5424 over mutual TLS).");

/** A syslog server as the log backend. */
export type Syslog = z.input<typeof syslogSchema>;

const BACKENDS = ["logRouter", "syslog"];

function loggingSchemaOf<R extends z.ZodType>(logRouter: R) {
    return withRules(
        z.object({ logRouter: logRouter.optional(), syslog: syslogSchema.optional() }),
        exactlyOneOf(BACKENDS),
    )
        .meta(oneOfRequired(BACKENDS))
        .describe("The log backend: exactly one of logRouter and syslog.");
}

/** The log backend of HPVS, CCRT and CCRV. */
export const loggingSchema = loggingSchemaOf(logRouterSchema);

/** The log backend: exactly one of `logRouter` and `syslog`. */
export type Logging = z.input<typeof loggingSchema>;

/** The log backend of CCCO. */
export const cccoLoggingSchema = loggingSchemaOf(cccoLogRouterSchema);

/** The log backend of CCCO. */
export type CccoLogging = z.input<typeof cccoLoggingSchema>;
