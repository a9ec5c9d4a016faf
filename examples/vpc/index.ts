// A confidential workload on IBM Hyper Protect Virtual Servers for VPC. The IBM Cloud provider
// reaches Pulumi as a package generated from its Terraform provider
// (`pulumi package add terraform-provider ibm-cloud/ibm`, see README.md); the contract comes
// from pulumi-hyper-protect and goes to the instance as its user data. A second `pulumi up`
// changes nothing, so the instance is never replaced by accident.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as ibm from "@pulumi/ibm";
import * as hp from "pulumi-hyper-protect";

const config = new pulumi.Config();
const name = config.get("name") ?? "hpvs";
const zone = config.get("zone") ?? "us-south-1";

// The `ibm-hyper-protect-container-runtime-<version>-encrypt.crt` of the image below.
const encryptionCertificate =
    config.get("encryptionCertificate") ??
    fs.readFileSync(config.require("encryptionCertificateFile"), "utf8");

const compose = new hp.ComposeArchive("compose", {
    folder: config.get("composeFolder") ?? "compose",
});

// The registry of the compose file's image, with an IAM API key that may pull from it.
const registry = config.get("registry") ?? "us.icr.io";

const contract = new hp.Contract("contract", {
    platform: "hpvs",
    workload: { type: "workload", compose: { archive: compose.base64 } },
    env: {
        type: "env",
        logging: {
            logRouter: {
                hostname: config.require("logHostname"),
                iamApiKey: config.requireSecret("logApiKey"),
            },
        },
        auths: {
            [registry]: { username: "iamapikey", password: config.requireSecret("registryApiKey") },
        },
    },
    encryptionCertificate,
    signingKey: config.getSecret("signingKey"),
});

// The network: a VPC with one subnet. VPC insists on an SSH key even though the enclave lets
// nobody log in.
const vpc = new ibm.IsVpc("vpc", { name: `${name}-vpc` });
const subnet = new ibm.IsSubnet("subnet", {
    name: `${name}-subnet`,
    vpc: vpc.id,
    zone,
    totalIpv4AddressCount: 256,
});
const sshKey = new ibm.IsSshKey("ssh-key", {
    name: `${name}-key`,
    publicKey: config.require("sshPublicKey"),
});

const instance = new ibm.IsInstance("enclave", {
    name: `${name}-enclave`,
    // The ID of a public `ibm-hyper-protect-container-runtime-…-s390x-…` image.
    image: config.require("imageId"),
    profile: config.get("profile") ?? "bz2e-2x8",
    vpc: vpc.id,
    zone,
    keys: [sshKey.id],
    primaryNetworkInterface: { subnet: subnet.id },
    userData: contract.userData,
});

export const instanceId = instance.id;
/** What an attestation record shows for the user data and the workload. */
export const userDataSha256 = contract.userDataSha256;
export const workloadSha256 = contract.workloadSha256;
export const encryptionCertificateNotAfter = contract.encryptionCertificateNotAfter;
/** What a reviewer sees: images, registries, logging, keys, size (no secret). */
export const review = contract.review;
