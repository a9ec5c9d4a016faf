/**
 * The Kubernetes documents of a `play` workload: Pods and ConfigMaps, `apiVersion: v1`, run by
 * Podman. IBM's schema embeds the whole Kubernetes v1 definitions, in which no object is
 * closed and almost every field may be null. This model checks the parts the enclave depends
 * on (containers and their images, ports, environment, mounts, host-path volumes, ConfigMap
 * data) with IBM's types and leaves every other field free.
 */

import { z } from "zod";
import { expecting } from "./expectations";

// Kubernetes fields may be null wherever IBM's copy of the API types allows it.
const text = z.string().nullish();
const flag = z.boolean().nullish();
const whole = z.number().int().nullish();
const labels = z.record(z.string(), z.string().nullish()).nullish();

/** Names and labels of a document. */
export const objectMetaSchema = z
    .looseObject({
        name: text,
        namespace: text,
        generateName: text,
        labels,
        annotations: labels,
    })
    // An id makes the JSON Schema export define the shape once and refer to it.
    .meta({ id: "ObjectMeta", description: "The name, labels and annotations of a document." });

/** Names and labels of a document. */
export type ObjectMeta = z.input<typeof objectMetaSchema>;

const keyRef = z.looseObject({ key: z.string(), name: text, optional: flag });

/** One environment variable of a container. */
export const containerEnvVarSchema = z.looseObject({
    name: z.string(),
    value: expecting(z.string(), "a string; quote numbers and booleans").nullish(),
    valueFrom: z
        .looseObject({
            configMapKeyRef: keyRef.nullish(),
            secretKeyRef: keyRef.nullish(),
            fieldRef: z.looseObject({ fieldPath: z.string(), apiVersion: text }).nullish(),
            resourceFieldRef: z
                .looseObject({ resource: z.string(), containerName: text })
                .nullish(),
        })
        .nullish(),
});

/** One environment variable of a container. */
export type ContainerEnvVar = z.input<typeof containerEnvVarSchema>;

const nameRef = z.looseObject({ name: text, optional: flag }).nullish();

/** A ConfigMap or Secret whose keys all become environment variables. */
export const envFromSourceSchema = z.looseObject({
    configMapRef: nameRef,
    secretRef: nameRef,
    prefix: text,
});

/** A port of a container; the enclave publishes it when `hostPort` is set too. */
export const containerPortSchema = z.looseObject({
    containerPort: z.number().int(),
    hostPort: whole,
    hostIP: text,
    name: text,
    protocol: text,
});

/** A port of a container. */
export type ContainerPort = z.input<typeof containerPortSchema>;

/** Where a pod volume appears in a container. */
export const volumeMountSchema = z.looseObject({
    name: z.string(),
    mountPath: z.string(),
    readOnly: flag,
    subPath: text,
    subPathExpr: text,
    mountPropagation: text,
});

/** Where a pod volume appears in a container. */
export type VolumeMount = z.input<typeof volumeMountSchema>;

/** A container or init container. */
export const containerSchema = z
    .looseObject({
        name: z.string().describe("The container name, unique in the pod."),
        // Podman cannot start a container without an image, and the image rules need one.
        image: z.string().describe("The image, pinned by digest or covered by images.rhs."),
        imagePullPolicy: text,
        command: z.array(z.string()).nullish(),
        args: z.array(z.string()).nullish(),
        workingDir: text,
        env: z.array(containerEnvVarSchema).nullish(),
        envFrom: z.array(envFromSourceSchema).nullish(),
        ports: z.array(containerPortSchema).nullish(),
        volumeMounts: z.array(volumeMountSchema).nullish(),
        resources: z.looseObject({}).nullish(),
        securityContext: z.looseObject({}).nullish(),
        stdin: flag,
        tty: flag,
    })
    .meta({ id: "Container", description: "A container of a pod." });

/** A container or init container. */
export type Container = z.input<typeof containerSchema>;

/** A pod volume; `hostPath` reaches the contract's data volumes and the enclave's files. */
export const podVolumeSchema = z.looseObject({
    name: z.string(),
    hostPath: z.looseObject({ path: z.string(), type: text }).nullish(),
    configMap: z
        .looseObject({
            name: text,
            optional: flag,
            defaultMode: whole,
            items: z.array(z.looseObject({ key: z.string(), path: z.string() })).nullish(),
        })
        .nullish(),
    emptyDir: z.looseObject({ medium: text }).nullish(),
    persistentVolumeClaim: z.looseObject({ claimName: z.string(), readOnly: flag }).nullish(),
});

/** A pod volume. */
export type PodVolume = z.input<typeof podVolumeSchema>;

/** What a pod runs. */
export const podSpecSchema = z.looseObject({
    containers: z.array(containerSchema),
    initContainers: z.array(containerSchema).nullish(),
    volumes: z.array(podVolumeSchema).nullish(),
    restartPolicy: text,
    hostNetwork: flag,
    hostIPC: flag,
    hostPID: flag,
    hostname: text,
    dnsPolicy: text,
    terminationGracePeriodSeconds: whole,
    securityContext: z.looseObject({}).nullish(),
});

/** What a pod runs. */
export type PodSpec = z.input<typeof podSpecSchema>;

const apiVersion = z.literal("v1").describe("Always v1.").optional();

/** A Pod document. */
export const podSchema = z
    .looseObject({
        apiVersion,
        kind: z.literal("Pod"),
        metadata: objectMetaSchema.nullish(),
        spec: podSpecSchema.nullish(),
    })
    .meta({ id: "Pod", description: "A Kubernetes v1 Pod, run by Podman." });

/** A Pod document. */
export type Pod = z.input<typeof podSchema>;

/** A ConfigMap document. */
export const configMapSchema = z
    .looseObject({
        apiVersion,
        kind: z.literal("ConfigMap"),
        metadata: objectMetaSchema.nullish(),
        data: z.record(z.string(), z.string().nullish()).nullish(),
        binaryData: z.record(z.string(), z.string().nullish()).nullish(),
    })
    .meta({ id: "ConfigMap", description: "A Kubernetes v1 ConfigMap." });

/** A ConfigMap document. */
export type ConfigMap = z.input<typeof configMapSchema>;

/** One document of `play.resources` or `play.templates`. */
export const kubernetesDocumentSchema = expecting(
    z.discriminatedUnion("kind", [podSchema, configMapSchema]).meta({
        id: "KubernetesDocument",
        description: "A Pod or a ConfigMap.",
    }),
    "a Pod or ConfigMap document",
);

/** One document of `play.resources` or `play.templates`. */
export type KubernetesDocument = z.input<typeof kubernetesDocumentSchema>;
