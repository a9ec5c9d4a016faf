// A confidential pod on CCRV (IBM Confidential Computing Container Runtime for Red Hat
// Virtualization Solutions), started on IBM Cloud Infrastructure Center through its OpenStack
// API. The contract is validated at `pulumi preview`, encrypted for the CCRV image's
// certificate at `pulumi up`, and handed to the instance as its user data; a second
// `pulumi up` changes nothing, so the instance (whose user data cannot change in place) is
// never replaced by accident.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import * as hp from "pulumi-hyper-protect";

const config = new pulumi.Config();
const fileOrValue = (key: string) =>
    config.get(key) ?? fs.readFileSync(config.require(`${key}File`), "utf8");

// The `ibm-confidential-computing-container-runtime-rhvs-<version>-encrypt.crt` that ships
// with the CCRV image.
const encryptionCertificate = fileOrValue("encryptionCertificate");

// CCRV runs pods only: the pods folder becomes the play archive, byte for byte the same on
// every checkout, so that its content hash is the archive's diff key.
const pods = new hp.ComposeArchive("pods", { folder: config.get("podsFolder") ?? "pods" });

// On premises the logs usually go to a syslog server. The enclave logs over mutual TLS: the
// server's CA, and a client certificate that CA issued with its key.
const syslog = {
    hostname: config.require("syslogHostname"),
    port: config.getNumber("syslogPort") ?? 6514,
    server: fileOrValue("syslogServerCertificate"),
    cert: fileOrValue("syslogClientCertificate"),
    key: config.requireSecret("syslogClientKey"),
};

// Credentials for a private registry, when the pod's image needs them.
const registryHost = config.get("registryHost");
const auths = registryHost
    ? {
          [registryHost]: {
              username: config.require("registryUsername"),
              password: config.requireSecret("registryPassword"),
          },
      }
    : undefined;

const contract = new hp.Contract("contract", {
    platform: "ccrv",
    workload: { type: "workload", play: { archive: pods.base64 } },
    env: { type: "env", logging: { syslog }, ...(auths ? { auths } : {}) },
    encryptionCertificate,
    signingKey: config.getSecret("signingKey"),
});

// The CCRV image: an existing Glance image, or the qcow2 uploaded with the properties IBM Cloud
// Infrastructure Center needs to boot it in Secure Execution on IBM Z or LinuxONE.
const imageId =
    config.get("imageId") ??
    new openstack.images.Image("ccrv-image", {
        name: config.get("imageName") ?? "ccrv",
        localFilePath: config.require("imageFile"),
        containerFormat: "bare",
        diskFormat: "qcow2",
        properties: {
            secure_execution: "True",
            architecture: "s390x",
            hypervisor_type: "kvm",
            os_distro: "Rhel9",
            disk_type: "SCSI",
        },
    }).id;

// Optionally pin the instance to one hypervisor, as IBM's samples do.
const hypervisor = config.get("hypervisorHostname");

const instance = new openstack.compute.Instance("enclave", {
    name: config.get("instanceName") ?? "ccrv-enclave",
    imageId,
    flavorName: config.require("flavorName"),
    networks: [{ name: config.require("networkName") }],
    securityGroups: config.getObject<string[]>("securityGroups"),
    schedulerHints: hypervisor
        ? [{ queries: [JSON.stringify(["=", "$hypervisor_hostname", hypervisor])] }]
        : undefined,
    userData: contract.userData,
});

export const instanceId = instance.id;
export const address = instance.accessIpV4;
/** What an attestation record shows for the user data and the workload. */
export const userDataSha256 = contract.userDataSha256;
export const workloadSha256 = contract.workloadSha256;
/** What a reviewer sees: images, registries, logging, keys, size (no secret). */
export const review = contract.review;
export const warnings = contract.warnings;
