// The deployer's stack. It takes the workload provider's sealed workload (from their stack, or
// from the JSON file they committed), adds env for its own mirror registry, and builds the
// signed, encrypted contract. `pulumi preview` already checks that env sets every variable the
// workload needs and holds credentials for the registry host.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as hp from "pulumi-hyper-protect";

const config = new pulumi.Config();
const encryptionCertificate =
    config.get("encryptionCertificate") ??
    fs.readFileSync(config.require("encryptionCertificateFile"), "utf8");

// The workload provider's stack (org/project/stack), or their committed sealed-workload.json.
const providerStack = config.get("providerStack");
const sealedWorkload: pulumi.Input<hp.SealedWorkloadValue> = providerStack
    ? new pulumi.StackReference(providerStack).requireOutput("sealedWorkload")
    : JSON.parse(fs.readFileSync(config.require("sealedWorkloadFile"), "utf8"));

// The mirror that serves the workload's images: host[/namespace]. Credentials are per host.
const registry = config.require("registry");
const registryHost = registry.split("/")[0];

const contract = new hp.Contract("contract", {
    platform: "hpvs",
    workload: sealedWorkload,
    env: {
        type: "env",
        logging: {
            logRouter: {
                hostname: config.require("logHostname"),
                iamApiKey: config.requireSecret("logApiKey"),
            },
        },
        env: { REGISTRY: registry },
        auths: {
            [registryHost]: {
                username: config.require("registryUsername"),
                password: config.requireSecret("registryPassword"),
            },
        },
    },
    encryptionCertificate,
    signingKey: config.getSecret("signingKey"),
});

/** The user data for the instance (secret). */
export const userData = contract.userData;
/** What a reviewer sees: variables, images, registries, keys, size (no secret). */
export const review = contract.review;
export const size = contract.size;
export const userDataSha256 = contract.userDataSha256;
