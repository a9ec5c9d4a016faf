/**
 * Registry credentials (`auths`), allowed in both sections; the enclave overlays them with the
 * workload's entries taking precedence.
 */

import { z } from "zod";
import { expecting, matching } from "./expectations";
import { REGISTRY_HOST } from "./patterns";

/** A user name and password for one registry; nothing else is allowed in the entry. */
export const credentialSchema = z
    .strictObject({
        username: expecting(
            z
                .string()
                .min(3)
                .describe("The user name, e-mail address or keyword such as iamapikey."),
            "a user name of at least 3 characters",
        ),
        password: expecting(
            z.string().min(3).describe("The password or API key."),
            "a password or API key of at least 3 characters",
        ),
    })
    .describe("Credentials for one container registry.");

/** Credentials for one registry. */
export type Credential = z.input<typeof credentialSchema>;

/** The registry key form IBM accepts. */
const registryHost = matching(
    REGISTRY_HOST,
    "a registry host name with an optional :port, an IPv4 address with an optional :port, or " +
        "https://index.docker.io/v1/ for Docker Hub",
);

/**
 * Pull credentials keyed by registry host. Credentials apply per host, so a key never carries
 * a namespace or path.
 */
export const authsSchema = z
    .record(registryHost, credentialSchema)
    .describe(
        "Pull credentials keyed by registry host (host[:port], IPv4[:port] or " +
            "https://index.docker.io/v1/).",
    );

/** Pull credentials keyed by registry host. */
export type Auths = z.input<typeof authsSchema>;
