/**
 * Reading a compose workload: its archive, its compose file, the images its services run, and
 * the variables it interpolates.
 */
import { inspectArchive, topLevelFiles } from "../archive";
import { BoundedMap } from "../memo";
import { finding, joinPath, type Finding } from "../findings";
import { composeReferences } from "./interpolation";
import { putOwn } from "./own-keys";
import { walkStrings } from "./walk";
import type { ImageUse, VariableUse } from "./workload-facts";
import { isMapping, readYaml } from "./yaml-text";

/** The names the enclave looks for at the top of a compose archive, in order of preference. */
export const COMPOSE_FILE_NAMES = ["docker-compose.yaml", "docker-compose.yml"];

/** What a compose workload runs. */
export interface ComposeAnalysis {
    readonly images: ImageUse[];
    readonly variables: VariableUse[];
    readonly archiveDefaults: Record<string, string>;
    readonly findings: Finding[];
}

const ARCHIVE_PATH = ["workload", "compose", "archive"] as const;

// A fleet's contracts share one archive: each archive text is analysed once per process.
const analyses = new BoundedMap<string, ComposeAnalysis>(8, 8 << 20, (archive) => archive.length);

/**
 * Analyses `workload.compose.archive`. Problems come back as findings; it never throws on
 * bad input. An archive analysed before gives the same (frozen) result.
 */
export function analyzeCompose(archive: unknown): ComposeAnalysis {
    if (typeof archive !== "string") return analyze(archive);
    return analyses.get(archive) ?? analyses.set(archive, deepFreeze(analyze(archive)));
}

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) deepFreeze(v);
    }
    return value;
}

function analyze(archive: unknown): ComposeAnalysis {
    const result: ComposeAnalysis = {
        images: [],
        variables: [],
        archiveDefaults: {},
        findings: [],
    };
    if (typeof archive !== "string" || archive.length === 0) {
        // The schema reports a missing or mistyped archive.
        return result;
    }
    const inspection = inspectArchive(archive, joinPath(...ARCHIVE_PATH));
    result.findings.push(...inspection.findings);
    if (!inspection.files) return result;
    const top = topLevelFiles(inspection);
    const name = COMPOSE_FILE_NAMES.find((n) => top.includes(n));
    if (!name) {
        result.findings.push(
            finding(
                "ARCHIVE_NO_COMPOSE_FILE",
                "error",
                joinPath(...ARCHIVE_PATH),
                "holds no docker-compose.yaml or docker-compose.yml at its top level; put the compose file at the root of the archived folder",
                "HPL06008E",
            ),
        );
        return result;
    }
    if (COMPOSE_FILE_NAMES.every((n) => top.includes(n))) {
        result.findings.push(
            finding(
                "COMPOSE_INVALID",
                "warning",
                joinPath(...ARCHIVE_PATH),
                `holds both ${COMPOSE_FILE_NAMES.join(" and ")}; keep one, since only ${name} is read`,
            ),
        );
    }
    const dotEnv = inspection.files.get(".env") ?? inspection.files.get("./.env");
    if (dotEnv) {
        for (const [k, v] of Object.entries(parseDotEnv(dotEnv.toString("utf8"))))
            putOwn(result.archiveDefaults, k, v);
    }
    const content = inspection.files.get(name) ?? inspection.files.get(`./${name}`);
    analyzeComposeFile(content?.toString("utf8") ?? "", [...ARCHIVE_PATH, name], result);
    return result;
}

function analyzeComposeFile(text: string, at: (string | number)[], out: ComposeAnalysis): void {
    const read = readYaml(text, { path: joinPath(...at), hpl: "HPL06009E", mergeKeys: true });
    out.findings.push(...read.findings);
    if (read.findings.length > 0) return;
    const doc = read.value;
    if (!isMapping(doc) || !isMapping(doc.services) || Object.keys(doc.services).length === 0) {
        out.findings.push(
            finding(
                "COMPOSE_INVALID",
                "error",
                joinPath(...at),
                "is not a compose file with services; declare the workload under services:",
                "HPL06009E",
            ),
        );
        return;
    }
    for (const [service, spec] of Object.entries(doc.services)) {
        const servicePath = [...at, "services", service];
        if (!isMapping(spec)) {
            out.findings.push(
                finding(
                    "COMPOSE_INVALID",
                    "error",
                    joinPath(...servicePath),
                    "must be a mapping",
                    "HPL06009E",
                ),
            );
            continue;
        }
        if (spec.build !== undefined) {
            out.findings.push(
                finding(
                    "COMPOSE_BUILD",
                    "error",
                    joinPath(...servicePath, "build"),
                    "builds an image, which the enclave cannot do; build and push it, then reference it by digest in image:",
                    "HPL08004E",
                ),
            );
        }
        if (typeof spec.image === "string") {
            const variables = composeReferences(spec.image).map((r) => r.name);
            out.images.push({
                reference: spec.image,
                path: joinPath(...servicePath, "image"),
                origin: "compose",
                owner: service,
                variables,
            });
        } else if (spec.build === undefined) {
            out.findings.push(
                finding(
                    "IMAGE_MISSING",
                    "error",
                    joinPath(...servicePath),
                    "has no image; add image: with a reference pinned by digest",
                    "HPL08004E",
                ),
            );
        }
    }
    walkStrings(doc, at, (value, path) => {
        const inImage =
            path.length === at.length + 3 &&
            path[at.length] === "services" &&
            path[at.length + 2] === "image";
        for (const reference of composeReferences(value)) {
            out.variables.push({ reference, path: joinPath(...path), inImage, origin: "compose" });
        }
    });
}

/** Reads `KEY=VALUE` lines of a Compose `.env` file; comments and blank lines are skipped. */
export function parseDotEnv(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
        if (!m || line.startsWith("#")) continue;
        let value = m[2];
        const quoted = /^(['"])(.*)\1$/.exec(value);
        // A comment starts at a # after whitespace; found by position, since /\s+#.*$/ takes
        // quadratic time on a long run of spaces.
        const comment = quoted ? -1 : value.search(/\s#/);
        value = quoted ? quoted[2] : comment < 0 ? value : value.slice(0, comment).trimEnd();
        putOwn(out, m[1], value);
    }
    return out;
}
