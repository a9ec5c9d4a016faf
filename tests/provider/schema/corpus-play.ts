/**
 * Differential rows for the Kubernetes documents of play workloads: the fields the model
 * checks, the ones it leaves free, and IBM's quirks around kind, null and oneOf.
 */

import { IMAGE } from "./fixtures";
import { REMOVE, variants, type CorpusRow } from "./corpus";

const W = "workload";
const PLAY = { base: "play" as const };
const POD = [W, "play", "resources", 0];
const CONTAINER = [...POD, "spec", "containers", 0];

/** The differential rows of Pod and ConfigMap documents. */
export function documents(): CorpusRow[] {
    const at = (path: (string | number)[], values: Record<string, unknown>, rule: string) =>
        variants(rule, [...POD, ...path], values, PLAY);
    return [
        ...at(
            [],
            { "a ConfigMap": { apiVersion: "v1", kind: "ConfigMap", data: { a: "1" } } },
            "document",
        ),
        ...at(["apiVersion"], { missing: REMOVE, v2: "v2", null: null }, "pod apiVersion"),
        ...at(["kind"], { Deployment: "Deployment", null: null, pod: "pod" }, "pod kind"),
        ...at(
            [],
            {
                "kind missing, containers only": {
                    spec: { containers: [{ name: "a", image: IMAGE }] },
                },
            },
            "document",
        ),
        ...at([], { "kind missing, fits only IBM's Pod": { data: 5 } }, "document"),
        ...at(
            ["metadata"],
            {
                null: null,
                "labels with a number": { labels: { a: 1 } },
                "a numeric name": { name: 5 },
            },
            "pod metadata",
        ),
        ...at(
            ["spec"],
            {
                null: null,
                "without containers": {},
                "containers null": { containers: null },
                "empty containers": { containers: [] },
            },
            "pod spec",
        ),
        ...at(["spec", "restartPolicy"], { number: 1, Always: "Always" }, "pod restartPolicy"),
        ...at(["spec", "hostNetwork"], { string: "true", boolean: true }, "pod hostNetwork"),
        ...at(
            ["spec", "securityContext"],
            { string: "x", mapping: { runAsUser: 0 } },
            "pod securityContext",
        ),
        ...at(
            ["spec", "initContainers"],
            {
                null: null,
                "without name": [{ image: IMAGE }],
                valid: [{ name: "init", image: IMAGE }],
            },
            "pod initContainers",
        ),
        ...at(["spec", "containers", 1], { null: null }, "pod containers entry"),
        ...at(
            ["spec", "volumes", 0],
            {
                "without name": { hostPath: { path: "/x" } },
                "hostPath without path": { name: "v", hostPath: {} },
                "hostPath type number": { name: "v", hostPath: { path: "/x", type: 1 } },
                "configMap item without path": { name: "v", configMap: { items: [{ key: "k" }] } },
                "emptyDir medium number": { name: "v", emptyDir: { medium: 1 } },
                "claim without name": { name: "v", persistentVolumeClaim: {} },
            },
            "pod volume",
        ),
        ...at(
            ["spec", "containers", 0, "livenessProbe"],
            { "port null": { httpGet: { port: null } }, "port number": { httpGet: { port: 80 } } },
            "pod probe",
        ),
        ...containers(),
        ...at(
            [],
            {
                "ConfigMap data value number": { kind: "ConfigMap", data: { a: 1 } },
                "ConfigMap data value null": { kind: "ConfigMap", data: { a: null } },
                "ConfigMap data null": { kind: "ConfigMap", data: null },
                "ConfigMap binaryData number": { kind: "ConfigMap", binaryData: { a: 1 } },
                "ConfigMap apiVersion v2": { apiVersion: "v2", kind: "ConfigMap" },
            },
            "document",
        ),
    ];
}

function containers(): CorpusRow[] {
    const at = (path: (string | number)[], values: Record<string, unknown>, rule: string) =>
        variants(rule, [...CONTAINER, ...path], values, PLAY);
    return [
        ...at(["name"], { missing: REMOVE, number: 1 }, "container name"),
        ...at(
            ["image"],
            { missing: REMOVE, null: null, templated: "{{ .Env.REGISTRY }}/app" },
            "container image",
        ),
        ...at(
            ["command"],
            { "list of strings": ["sh", "-c"], "list of numbers": [1], string: "sh" },
            "container command",
        ),
        ...at(["stdin"], { string: "yes" }, "container stdin"),
        ...at(
            ["ports", 0],
            {
                "quoted containerPort": { containerPort: "80" },
                "fractional containerPort": { containerPort: 80.5 },
                "without containerPort": { hostPort: 80 },
                "quoted hostPort": { containerPort: 80, hostPort: "80" },
                "numeric protocol": { containerPort: 80, protocol: 6 },
            },
            "container port",
        ),
        ...at(["ports", 1], { null: null }, "container ports entry"),
        ...at(
            ["env", 0],
            {
                "numeric value": { name: "A", value: 1 },
                "null value": { name: "A", value: null },
                "without name": { value: "x" },
                "configMapKeyRef without key": {
                    name: "A",
                    valueFrom: { configMapKeyRef: { name: "m" } },
                },
            },
            "container env",
        ),
        ...at(
            ["envFrom", 0],
            { "numeric configMapRef name": { configMapRef: { name: 1 } } },
            "container envFrom",
        ),
        ...at(
            ["volumeMounts", 0],
            {
                "without mountPath": { name: "data" },
                "string readOnly": { name: "d", mountPath: "/d", readOnly: "yes" },
            },
            "container volumeMount",
        ),
    ];
}
