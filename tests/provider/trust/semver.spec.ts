import * as assert from "node:assert/strict";
import {
    compareVersions,
    lowestAdmitted,
    maxSatisfying,
    parseRange,
    parseVersion,
    satisfies,
} from "../../../provider/trust/semver";
import { InputError } from "../../../provider/errors";

const V = (text: string) => {
    const v = parseVersion(text);
    assert.ok(v, `${text} is a version`);
    return v;
};

describe("versions and ranges", () => {
    it("reads M.m.p versions and nothing else", () => {
        assert.deepEqual(parseVersion("1.0.22"), { major: 1, minor: 0, patch: 22 });
        assert.deepEqual(parseVersion("v26.7.2"), { major: 26, minor: 7, patch: 2 });
        for (const bad of ["1.0", "1", "1.0.x", "1.0.22-rc1", "a.b.c", "", "1.0.22.1"]) {
            assert.equal(parseVersion(bad), undefined, bad);
        }
    });

    it("orders versions numerically, not as text", () => {
        assert.ok(compareVersions(V("1.0.10"), V("1.0.9")) > 0);
        assert.ok(compareVersions(V("2.0.0"), V("1.99.99")) > 0);
        assert.equal(compareVersions(V("1.0.22"), V("1.0.22")), 0);
    });

    // [range, versions inside, versions outside]
    const table: [string, string[], string[]][] = [
        ["1.0.22", ["1.0.22"], ["1.0.21", "1.0.23"]],
        ["=1.0.22", ["1.0.22"], ["1.0.21"]],
        ["> 1.0.20", ["1.0.21", "2.0.0"], ["1.0.20", "1.0.0"]],
        [">=1.0.20", ["1.0.20", "1.1.0"], ["1.0.19"]],
        ["<1.0.20", ["1.0.19", "0.9.9"], ["1.0.20"]],
        ["<=1.0.20", ["1.0.20"], ["1.0.21"]],
        [">= 1.0.0, <= 3.5.10", ["1.0.0", "3.5.10"], ["3.5.11", "0.9.0"]],
        [">=1.0.20 <1.0.22", ["1.0.20", "1.0.21"], ["1.0.22", "1.0.19"]],
        ["~1.1.14", ["1.1.14", "1.1.99"], ["1.1.13", "1.2.0"]],
        ["~1.1", ["1.1.0", "1.1.7"], ["1.2.0", "1.0.9"]],
        ["~1", ["1.0.0", "1.9.9"], ["2.0.0"]],
        ["^1.0", ["1.0.0", "1.9.0"], ["2.0.0", "0.9.0"]],
        ["^1.2.3", ["1.2.3", "1.9.0"], ["1.2.2", "2.0.0"]],
        ["^0.2.3", ["0.2.3", "0.2.9"], ["0.3.0"]],
        ["^0.0.3", ["0.0.3"], ["0.0.4"]],
        ["1.0.x", ["1.0.0", "1.0.29"], ["1.1.0"]],
        ["1.x", ["1.0.0", "1.5.5"], ["2.0.0"]],
        ["1.0", ["1.0.5"], ["1.1.0"]],
        ["*", ["0.0.0", "26.7.2"], []],
        ["", ["1.0.0"], []],
        [">1.0", ["1.1.0"], ["1.0.99"]],
        ["<=1.0", ["1.0.99"], ["1.1.0"]],
        ["1.0.20 - 1.0.22", ["1.0.20", "1.0.22"], ["1.0.19", "1.0.23"]],
        ["1.0 - 1.1", ["1.0.0", "1.1.9"], ["1.2.0"]],
        ["1.0.21 || >=26.0.0", ["1.0.21", "26.7.2"], ["1.0.22"]],
        ["<1.0.0 || 1.0.22", ["0.5.0", "1.0.22"], ["1.0.21"]],
    ];
    for (const [range, inside, outside] of table) {
        it(`"${range}" admits ${inside.join(", ")}${outside.length ? ` but not ${outside.join(", ")}` : ""}`, () => {
            const r = parseRange(range);
            for (const v of inside) assert.ok(satisfies(V(v), r), `${v} in ${range}`);
            for (const v of outside) assert.ok(!satisfies(V(v), r), `${v} not in ${range}`);
        });
    }

    it("rejects text that is not a range, naming it", () => {
        for (const bad of ["1.0.22.1", ">>1.0", "latest", "1.0.0 ||", "^a"]) {
            assert.throws(
                () => parseRange(bad),
                (e: unknown) => InputError.isInstance(e) && e.message.includes(bad),
                bad,
            );
        }
    });

    it("picks the highest satisfying version, skipping texts that are no versions", () => {
        const versions = ["1.0.20", "1.0.22", "1.0.9", "4.0.0", "1.0", "3.5.10"];
        assert.equal(maxSatisfying(versions, "> 1.0.0"), "4.0.0");
        assert.equal(maxSatisfying(versions, ">= 1.0.0, <= 3.5.10"), "3.5.10");
        assert.equal(maxSatisfying(versions, "~1.0"), "1.0.22");
        assert.equal(maxSatisfying(versions, ">5"), undefined);
    });

    it("knows where a range starts, for searches", () => {
        assert.deepEqual(lowestAdmitted(parseRange(">=1.0.25")), V("1.0.25"));
        assert.deepEqual(lowestAdmitted(parseRange(">1.0.25")), V("1.0.26"));
        assert.deepEqual(lowestAdmitted(parseRange("^1.0")), V("1.0.0"));
        assert.deepEqual(lowestAdmitted(parseRange("1.0.21 || 1.0.3")), V("1.0.3"));
        assert.deepEqual(lowestAdmitted(parseRange("<2")), V("0.0.0"));
    });
});
