// A confidential-containers pod on OpenShift (IBM Confidential Computing Containers, `ccco`).
// The contract (the pod policy, the images the pod may run, where logs go) is signed and
// encrypted for the enclave's certificate, and reaches the peer-pod enclave in the pod's
// initdata annotation: gzip and base64 of a small TOML document that carries it. For bare-metal
// peer pods, the image's Secure Execution header goes in too (config `seHeaderFile`). A
// database password (config `databasePassword`, a secret) reaches the pod sealed: only the
// enclave opens it, with the keys the contract's env carries.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as hp from "pulumi-hyper-protect";

const config = new pulumi.Config();
const podName = config.get("podName") ?? "hello-enclave";
// The image the pod runs, pinned by digest.
const image = config.require("image");
// The CCCO image's `...-encrypt.crt`.
const encryptionCertificate =
    config.get("encryptionCertificate") ??
    fs.readFileSync(config.require("encryptionCertificateFile"), "utf8");
const policy = fs.readFileSync(config.get("policyFile") ?? "policy.rego");
const databasePassword = config.getSecret("databasePassword");

// Sealed once; the same password keeps the same sealed value and keys on every run.
const sealedPassword = databasePassword
    ? new hp.SealedSecret("database-password", { secret: databasePassword, section: "env" })
    : undefined;

const contract = new hp.Contract("contract", {
    platform: "ccco",
    workload: {
        type: "workload",
        "confidential-containers": {
            allowedContainers: { [podName]: { allowedImages: { imageNames: [image] } } },
            regoValidator: { policy: policy.toString("base64") },
        },
    },
    env: {
        type: "env",
        logging: {
            logRouter: {
                hostname: config.require("logHostname"),
                iamApiKey: config.requireSecret("logApiKey"),
            },
        },
        ...(sealedPassword
            ? {
                  "confidential-containers": {
                      secret: {
                          decryptionKey: sealedPassword.decryptionKey,
                          verificationKey: sealedPassword.verificationKey,
                      },
                  },
              }
            : {}),
    },
    encryptionCertificate,
    signingKey: config.getSecret("signingKey"),
});

const seHeaderFile = config.get("seHeaderFile");
const initdata = hp.initdata(contract.userData, {
    seHeader: seHeaderFile ? fs.readFileSync(seHeaderFile) : undefined,
});

// The pod, as a manifest for `oc apply -f -` (or for a `kubernetes.core.v1.Pod` of the
// @pulumi/kubernetes package, with the same metadata and spec).
const pod = initdata.apply((annotation) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
        name: podName,
        annotations: { [hp.INITDATA_ANNOTATION]: annotation },
    },
    spec: {
        runtimeClassName: config.get("runtimeClassName") ?? "kata-remote",
        containers: [
            {
                name: podName,
                image,
                ...(sealedPassword
                    ? {
                          env: [
                              {
                                  name: "DATABASE_PASSWORD",
                                  valueFrom: {
                                      secretKeyRef: { name: `${podName}-sealed`, key: "password" },
                                  },
                              },
                          ],
                      }
                    : {}),
            },
        ],
    },
}));

// The Kubernetes Secret that holds the sealed password: safe in the cluster, opened only in
// the enclave.
const secretManifest = sealedPassword?.sealed.apply((sealed) =>
    JSON.stringify(
        {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: `${podName}-sealed` },
            stringData: { password: sealed },
        },
        null,
        2,
    ),
);

/** The pod manifest (JSON), secret because it carries the contract. */
export const podManifest = pod.apply((p) => JSON.stringify(p, null, 2));
/** The annotation alone. */
export const initdataAnnotation = initdata;
/** What an attestation record shows for the contract. */
export const userDataSha256 = contract.userDataSha256;
/** The Secret manifest with the sealed password, when `databasePassword` is set. */
export const sealedSecretManifest = secretManifest;
