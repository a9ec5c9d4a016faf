/**
 * A workload's archive filled from a folder's base64, in a YAML text or a mapping.
 */
import * as assert from "node:assert/strict";
import * as YAML from "yaml";
import { withArchive, withArchiveText } from "../../../provider/contract/with-archive";
import { InputError } from "../../../provider/errors";

const ARCHIVE = "H4sIAAAAAAAAA+3BAQ0AAADCoPdPbQ8HFAAAAAAAAAAAAAAAAAAAAAAA";

describe("withArchive", function () {
    it("sets compose.archive in a YAML text and keeps its comments", () => {
        const text = "# from the provider\ntype: workload\ncompose: {} # archive below\n";
        const out = withArchiveText(text, ARCHIVE);
        assert.match(out, /^# from the provider\n/);
        assert.deepEqual(YAML.parse(out), { type: "workload", compose: { archive: ARCHIVE } });
    });

    it("sets play.archive of a pod workload given as a mapping, leaving the mapping as it was", () => {
        const workload = { type: "workload", play: { templates: [] } };
        const out = withArchive(workload, ARCHIVE);
        assert.deepEqual(out, { type: "workload", play: { templates: [], archive: ARCHIVE } });
        assert.deepEqual(workload, { type: "workload", play: { templates: [] } });
        assert.equal(
            YAML.parse(withArchiveText(YAML.stringify(workload), ARCHIVE)).play.archive,
            ARCHIVE,
        );
    });

    it("refuses a workload without compose or play, and one already encrypted, naming workload", () => {
        const refusal = (workload: unknown, reason: RegExp) =>
            assert.throws(
                () => withArchive(workload, ARCHIVE),
                (e: unknown) =>
                    InputError.isInstance(e) && e.field === "workload" && reason.test(e.reason),
            );
        refusal({ type: "workload" }, /add compose: \{\} or play: \{\}/);
        refusal(
            `hyper-protect-basic.${"A".repeat(684)}.U2FsdGVkX1+AAAAAAAAAAA==`,
            /must be a plain section/,
        );
    });
});
