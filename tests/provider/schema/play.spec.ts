import * as assert from "node:assert/strict";
import { joinPath } from "../../../provider/findings";
import { validateSectionSchema } from "../../../provider/schema";
import { ARCHIVE, confidentialContainers, pod, REMOVE, withValue } from "./fixtures";
import { runTable, type Row } from "./table";

const W = "workload";
const POD = [W, "play", "resources", 0];
const CONTAINER = [...POD, "spec", "containers", 0];

/** Rows that put the fixture pod in play.resources first. */
function podRows(rows: Row[]): Row[] {
    return rows.map((row) => ({
        ...row,
        path: [W],
        value: withValue({ type: W, play: { resources: [pod()] } }, row.path.slice(1), row.value),
    }));
}

describe("play workloads", () => {
    describe("play", () => {
        runTable([
            { name: "an empty play", path: [W], value: { type: W, play: {} } },
            {
                name: "a play archive",
                path: [W],
                value: { type: W, play: { archive: ARCHIVE } },
            },
            {
                name: "a play with an unknown key",
                path: [W],
                value: { type: W, play: { pods: [] } },
                code: "SCHEMA",
                at: "workload.play.pods",
            },
            {
                name: "resources that are not a list",
                path: [W],
                value: { type: W, play: { resources: pod() } },
                code: "SCHEMA",
                at: "workload.play.resources",
            },
        ]);
    });

    describe("Pod and ConfigMap documents", () => {
        runTable(
            podRows([
                { name: "the fixture pod", path: POD, value: pod() },
                { name: "a pod without apiVersion", path: [...POD, "apiVersion"], value: REMOVE },
                {
                    name: "apiVersion v2",
                    path: [...POD, "apiVersion"],
                    value: "v2",
                    code: "SCHEMA",
                    at: "workload.play.resources[0].apiVersion",
                },
                {
                    name: "a Deployment",
                    path: [...POD, "kind"],
                    value: "Deployment",
                    code: "SCHEMA",
                    at: "workload.play.resources[0].kind",
                },
                {
                    name: "a document without kind",
                    path: [...POD, "kind"],
                    value: REMOVE,
                    code: "SCHEMA",
                    at: "workload.play.resources[0].kind",
                },
                { name: "an empty spec", path: [...POD, "spec"], value: null },
                {
                    name: "a spec without containers",
                    path: [...POD, "spec", "containers"],
                    value: REMOVE,
                    code: "SCHEMA",
                    at: "workload.play.resources[0].spec.containers",
                },
                {
                    name: "a container without name",
                    path: [...CONTAINER, "name"],
                    value: REMOVE,
                    code: "SCHEMA",
                    at: "workload.play.resources[0].spec.containers[0].name",
                },
                {
                    name: "a container without image",
                    path: [...CONTAINER, "image"],
                    value: REMOVE,
                    code: "SCHEMA",
                    at: "workload.play.resources[0].spec.containers[0].image",
                },
                {
                    name: "a templated image",
                    path: [...CONTAINER, "image"],
                    value: "{{ .Env.REGISTRY }}/app@sha256:abc",
                },
                {
                    name: "a quoted container port",
                    path: [...CONTAINER, "ports", 0, "containerPort"],
                    value: "8080",
                    code: "SCHEMA",
                    at: "workload.play.resources[0].spec.containers[0].ports[0].containerPort",
                },
                {
                    name: "an unquoted env value",
                    path: [...CONTAINER, "env", 0, "value"],
                    value: 8080,
                    code: "ENV_VALUE_NOT_STRING",
                    at: "workload.play.resources[0].spec.containers[0].env[0].value",
                },
                {
                    name: "an empty env value",
                    path: [...CONTAINER, "env", 0, "value"],
                    value: null,
                },
                {
                    name: "a mount without path",
                    path: [...CONTAINER, "volumeMounts", 0, "mountPath"],
                    value: REMOVE,
                    code: "SCHEMA",
                    at: "workload.play.resources[0].spec.containers[0].volumeMounts[0].mountPath",
                },
                {
                    name: "a host path without path",
                    path: [...POD, "spec", "volumes", 0, "hostPath"],
                    value: { type: "Directory" },
                    code: "SCHEMA",
                    at: "workload.play.resources[0].spec.volumes[0].hostPath.path",
                },
                {
                    name: "fields the model leaves free",
                    path: [...CONTAINER, "livenessProbe"],
                    value: { exec: { command: ["true"] } },
                },
                {
                    name: "a ConfigMap",
                    path: [W, "play", "resources", 1],
                    value: { apiVersion: "v1", kind: "ConfigMap", data: { a: "1" } },
                },
                {
                    name: "an unquoted ConfigMap value",
                    path: [W, "play", "resources", 1],
                    value: { kind: "ConfigMap", data: { a: 1 } },
                    code: "SCHEMA",
                    at: "workload.play.resources[1].data.a",
                },
            ]),
        );

        it("checks templates like resources", () => {
            const broken = withValue(pod(), ["spec", "containers", 0, "name"], REMOVE);
            const findings = validateSectionSchema("ccrv", W, {
                type: W,
                play: { templates: [broken] },
            });
            assert.deepEqual(
                findings.map((f) => f.path),
                ["workload.play.templates[0].spec.containers[0].name"],
            );
        });
    });

    describe("CCCO confidential containers", () => {
        const CC = [W, "confidential-containers"];
        const rows: Row[] = [
            { name: "the fixture mapping", path: CC, value: confidentialContainers() },
            {
                name: "a mapping without regoValidator",
                path: [...CC, "regoValidator"],
                value: REMOVE,
                code: "SCHEMA",
            },
            {
                name: "a regoValidator without policy",
                path: [...CC, "regoValidator", "policy"],
                value: REMOVE,
                code: "SCHEMA",
            },
            {
                name: "allowed images as patterns only",
                path: [...CC, "allowedContainers", "app", "allowedImages"],
                value: { imagePatterns: ["us.icr.io/*"] },
            },
            {
                name: "allowed images without names or patterns",
                path: [...CC, "allowedContainers", "app", "allowedImages"],
                value: {},
                code: "SCHEMA",
            },
            {
                name: "a container name with a dot",
                path: [...CC, "allowedContainers", "app.v1"],
                value: { allowedImages: { imageNames: [] } },
                code: "SCHEMA",
            },
            {
                name: "a cosign key outside the name pattern, unchecked",
                path: [...CC, "config", "cosign", "us.icr.io/team/app"],
                value: 42,
            },
            {
                name: "a cosign entry without public key",
                path: [...CC, "config", "cosign", "app"],
                value: {},
                code: "SCHEMA",
                at: "workload.confidential-containers.config.cosign.app.publicKey",
            },
        ];
        runTable(
            rows.map((row) => ({
                ...row,
                path: [W],
                value: withValue(
                    { type: W, "confidential-containers": confidentialContainers() },
                    row.path.slice(1),
                    row.value,
                ),
                at: row.code ? (row.at ?? joinPath(...row.path)) : undefined,
                platforms: ["ccco"],
            })),
        );
    });
});
