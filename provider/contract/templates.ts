/**
 * Starting points for plain contracts, one per platform flavour, with every field explained
 * in a comment. Placeholders are in angle brackets.
 */

/** The flavours templates exist for: the platforms, with confidential containers split by host. */
export type TemplateFlavour = "hpvs" | "ccrt" | "ccrv" | "ccco-peerpod" | "ccco-bmtl";

/** Every flavour. */
export const TEMPLATE_FLAVOURS: readonly TemplateFlavour[] = [
    "hpvs",
    "ccrt",
    "ccrv",
    "ccco-peerpod",
    "ccco-bmtl",
];

const COMPOSE_WORKLOAD = `type: workload
compose:
  # base64 of a tar.gz of the folder that holds docker-compose.yaml at its top:
  #   hpcr-contract base64-tgz --in ./compose
  # Images must be pinned by digest (image: <registry>/<name>@sha256:<digest>). For a registry
  # the deployer chooses, write image: \${REGISTRY}/<name>@sha256:<digest>.
  archive: <base64 of the compose folder's tar.gz>
# Credentials for private registries the workload pulls from (the deployer may add others).
# auths:
#   <registry host>:
#     username: <user, e.g. iamapikey>
#     password: <password or API key>
# Variables for \${VAR} references; the workload's values win over the deployer's.
# env:
#   <NAME>: "<value>"
# A data volume: the workload's half of its encryption seed.
# volumes:
#   <volume key>:
#     seed: <15 or more characters of A-Z a-z 0-9 !@#$%^&*(),.?":{}|<>_->
#     mount: /mnt/data
#     filesystem: ext4
`;

const PLAY_WORKLOAD = `type: workload
play:
  # Kubernetes v1 Pods and ConfigMaps. Images pinned by digest need no signature key.
  # Use templates: instead of resources: to read the merged env as {{ .Env.NAME }}.
  resources:
    - apiVersion: v1
      kind: Pod
      metadata:
        name: <pod name>
      spec:
        containers:
          - name: <container name>
            image: <registry>/<name>@sha256:<digest>
            ports:
              - containerPort: 8080
                hostPort: 8080
# auths, env and volumes as for compose workloads.
`;

const COCO_WORKLOAD = `type: workload
confidential-containers:
  # base64 of the Rego policy that the confidential container's agent enforces.
  regoValidator:
    policy: <base64 Rego policy>
  # Images the pods may run, by container name.
  allowedContainers:
    <container name>:
      allowedImages:
        imageNames:
          - <registry>/<name>@sha256:<digest>
  # cosign public keys, by image name.
  # config:
  #   cosign:
  #     <image name>:
  #       publicKey: <PEM public key>
`;

const ENV = `type: env
logging:
  # IBM Cloud Logs; or syslog: {hostname, port, server, cert, key} for your own server.
  logRouter:
    hostname: <ingress endpoint of the IBM Cloud Logs instance>
    iamApiKey: <API key of a service ID that may send logs>
# Values for the workload's variables, e.g. the registry of \${REGISTRY} images.
# env:
#   REGISTRY: <registry host>[/<namespace>]
# Pull credentials, keyed by registry host (no path).
# auths:
#   <registry host>:
#     username: <user>
#     password: <password or API key>
# The deployer's half of each workload volume's seed, with the same keys.
# volumes:
#   <volume key>:
#     seed: <15 or more characters of A-Z a-z 0-9 !@#$%^&*(),.?":{}|<>_->
`;

const ENV_BAREMETAL = `${ENV}# Host key documents of the IBM Z machines allowed to run the pod.
# host-attestation:
#   <name>:
#     description: <what this host is>
#     host-key-doc: <base64 of the host key document>
`;

/** A template of one section, or of the whole contract (both sections as literal blocks). */
export function contractTemplate(
    type: "workload" | "env" | "contract",
    flavour: TemplateFlavour,
): string {
    const workload =
        flavour === "ccrv"
            ? PLAY_WORKLOAD
            : flavour.startsWith("ccco")
              ? COCO_WORKLOAD
              : COMPOSE_WORKLOAD;
    const env = flavour === "ccco-bmtl" ? ENV_BAREMETAL : ENV;
    if (type === "workload") return workload;
    if (type === "env") return env;
    const indent = (text: string) =>
        text
            .split("\n")
            .map((line) => (line === "" ? "" : `  ${line}`))
            .join("\n");
    return `workload: |\n${indent(workload)}env: |\n${indent(env)}`;
}
