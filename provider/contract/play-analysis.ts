/**
 * Reading a pod workload (`play`): its Kubernetes documents from `resources`, `templates` and
 * the archive, the images its containers run, and the merged-env variables its templates use.
 */
import { inspectArchive, topLevelFiles } from "../archive";
import { finding, joinPath, type Finding } from "../findings";
import { hasUnclosedAction, templateReferences } from "./interpolation";
import type { PathSegments } from "./walk";
import { walkStrings } from "./walk";
import type { ImageUse, VariableUse } from "./workload-facts";
import { isMapping, readYaml } from "./yaml-text";

/** What a pod workload runs. */
export interface PlayAnalysis {
    readonly images: ImageUse[];
    readonly variables: VariableUse[];
    readonly findings: Finding[];
    /** How many Pod documents were found, in all three places. */
    readonly pods: number;
}

const POD_KINDS = ["Pod", "ConfigMap"];

/** Analyses `workload.play`. Never throws on bad input. */
export function analyzePlay(play: unknown): PlayAnalysis {
    const out = {
        images: [] as ImageUse[],
        variables: [] as VariableUse[],
        findings: [] as Finding[],
        pods: 0,
    };
    if (!isMapping(play)) return out;
    for (const key of ["resources", "templates"] as const) {
        const list = play[key];
        if (!Array.isArray(list)) continue;
        list.forEach((doc, i) => {
            out.pods += analyzeDocument(
                doc,
                ["workload", "play", key, i],
                key === "templates",
                false,
                out,
            );
        });
    }
    if (typeof play.archive === "string" && play.archive.length > 0) {
        analyzePlayArchive(play.archive, out);
    }
    if (out.pods === 0 && !out.findings.some((f) => f.severity === "error")) {
        out.findings.push(
            finding(
                "ARCHIVE_NO_POD",
                "error",
                "workload.play",
                "defines no Pod, so the enclave would start nothing; add a Pod to resources, templates or the archive",
                "HPL15006I",
            ),
        );
    }
    return out;
}

function analyzePlayArchive(archive: string, out: PlayAnalysis & { pods: number }): void {
    const archivePath = ["workload", "play", "archive"];
    const inspection = inspectArchive(archive, joinPath(...archivePath));
    out.findings.push(...inspection.findings);
    if (!inspection.files) return;
    const yamlFiles = topLevelFiles(inspection).filter((n) => /\.ya?ml$/i.test(n));
    let pods = 0;
    for (const name of yamlFiles.sort()) {
        const content = inspection.files.get(name) ?? inspection.files.get(`./${name}`);
        const at = [...archivePath, name];
        const read = readYaml(content?.toString("utf8") ?? "", {
            path: joinPath(...at),
            hpl: "HPL15002E",
            multiDocument: true,
        });
        out.findings.push(...read.findings);
        const docs = Array.isArray(read.value) ? read.value : [];
        docs.forEach((doc, i) => {
            if (doc === null) return;
            const docPath = docs.length > 1 ? [...at, i] : at;
            pods += analyzeDocument(doc, docPath, false, true, out);
        });
    }
    out.pods += pods;
    if (pods === 0 && !out.findings.some((f) => f.severity === "error")) {
        out.findings.push(
            finding(
                "ARCHIVE_NO_POD",
                "error",
                joinPath(...archivePath),
                "holds no Pod YAML at its top level; put the pod files at the root of the archived folder",
                "HPL15006I",
            ),
        );
    }
}

/** Analyses one Kubernetes document; returns 1 for a Pod, 0 otherwise. */
function analyzeDocument(
    doc: unknown,
    at: PathSegments,
    template: boolean,
    checkShape: boolean,
    out: PlayAnalysis,
): number {
    if (checkShape) {
        // Documents in `resources` and `templates` are checked by the schema; archive files
        // are not, so their shape is checked here.
        if (!isMapping(doc) || doc.apiVersion !== "v1" || !POD_KINDS.includes(String(doc.kind))) {
            out.findings.push(
                finding(
                    "POD_INVALID",
                    "error",
                    joinPath(...at),
                    "is not a Kubernetes v1 Pod or ConfigMap; the enclave runs only those (apiVersion: v1, kind: Pod or ConfigMap)",
                    "HPL15002E",
                ),
            );
            return 0;
        }
    }
    // Every template is rendered, ConfigMaps included, so each reads the merged env.
    if (template && isMapping(doc)) templateVariables(doc, at, out);
    if (!isMapping(doc) || doc.kind !== "Pod") return 0;
    const podName =
        isMapping(doc.metadata) && typeof doc.metadata.name === "string"
            ? doc.metadata.name
            : "pod";
    const spec = isMapping(doc.spec) ? doc.spec : {};
    for (const list of ["initContainers", "containers"] as const) {
        const containers = spec[list];
        if (!Array.isArray(containers)) continue;
        containers.forEach((c, i) => {
            if (!isMapping(c) || typeof c.image !== "string") return;
            const name = typeof c.name === "string" ? c.name : String(i);
            out.images.push({
                reference: c.image,
                path: joinPath(...at, "spec", list, i, "image"),
                origin: template ? "pod-template" : "pod",
                owner: `${podName}/${name}`,
                variables: template ? templateReferences(c.image) : [],
            });
        });
    }
    return 1;
}

/** Records the `.Env` names a template uses, and reports actions that are never closed. */
function templateVariables(doc: Record<string, unknown>, at: PathSegments, out: PlayAnalysis) {
    walkStrings(doc, at, (value, path) => {
        if (hasUnclosedAction(value)) {
            out.findings.push(
                finding(
                    "TEMPLATE_INVALID",
                    "error",
                    joinPath(...path),
                    'opens a template action with {{ that is not closed by }} before the next {{ or the end; close it, or write a literal {{ as {{ "{{" }}',
                    "HPL15002E",
                ),
            );
            return;
        }
        const inImage = path[path.length - 1] === "image";
        for (const name of templateReferences(value)) {
            out.variables.push({
                reference: { name, whenUnset: "error", emptyIsUnset: false },
                path: joinPath(...path),
                inImage,
                origin: "pod-template",
            });
        }
    });
}
