/**
 * Filling a workload's archive from a folder, so that a workload file can name its compose or
 * pods folder instead of carrying its base64 by hand.
 */
import * as YAML from "yaml";
import { InputError } from "../errors";
import { readSection } from "./section";
import { isMapping } from "./yaml-text";

/**
 * The workload with `compose.archive` (or `play.archive`, for a pod workload) set to
 * `archiveBase64`. A YAML text keeps its comments.
 *
 * @throws InputError when the workload is not a plain section with compose or play.
 */
export function withArchive(
    workload: unknown,
    archiveBase64: string,
): string | Record<string, unknown> {
    const read = readSection("workload", workload);
    const section = read.section;
    if (section?.kind !== "plain") {
        throw new InputError(
            "workload",
            "must be a plain section (YAML or mapping) to take an archive",
        );
    }
    const kind = isMapping(section.value.compose)
        ? "compose"
        : isMapping(section.value.play)
          ? "play"
          : undefined;
    if (!kind) {
        throw new InputError(
            "workload",
            "has neither compose: nor play: to put the archive in; add compose: {} or play: {}",
        );
    }
    if (section.document) {
        const doc = section.document.clone();
        doc.setIn([kind, "archive"], archiveBase64);
        return doc.toString({ lineWidth: 0 });
    }
    const value = structuredClone(section.value);
    (value[kind] as Record<string, unknown>).archive = archiveBase64;
    return value;
}

/** The same as {@link withArchive} for a YAML text, returning text. */
export function withArchiveText(text: string, archiveBase64: string): string {
    const out = withArchive(text, archiveBase64);
    return typeof out === "string" ? out : YAML.stringify(out, { lineWidth: 0 });
}
