import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseOptions, runBench, writeResults } from "../../bench/run";
import { formatResults, targets } from "../../bench/report";
import { scratch } from "../support/tools";

describe("the benchmark", function () {
    it("runs with tiny counts and gives every figure, finite, in a table and as JSON", async () => {
        const { dir, remove } = scratch();
        try {
            const out = path.join(dir, "bench.json");
            const options = parseOptions([
                ...["--rounds", "1", "--contracts", "2", "--previews", "3", "--repeats", "1"],
                ...["--archive", "2048", "--bits", "1024", "--out", out],
            ]);
            const results = await runBench(options);
            writeResults(out, results);
            const read = JSON.parse(fs.readFileSync(out, "utf8"));
            const numbers: number[] = [];
            const collect = (v: unknown): void => {
                if (typeof v === "number") numbers.push(v);
                else if (v && typeof v === "object") Object.values(v).forEach(collect);
            };
            collect(read);
            assert.ok(numbers.length > 20 && numbers.every(Number.isFinite));
            assert.equal(read.concurrent.count, 2);
            assert.equal(read.preview.resources, 3);
            assert.equal(read.preview.changes, 0);
            assert.ok(read.oneContract.openssl > 0 && read.oneContract.floor > 0);
            assert.ok(read.oneContract.floorNew > 0 && read.archive.unpacked > 0);
            assert.equal(targets(read).length, 10);
            assert.match(formatResults(read), /package\/floor/);
        } finally {
            remove();
        }
    });

    it("refuses an option it does not know", () => {
        assert.throws(() => parseOptions(["--round", "3"]), /unknown option --round/);
    });
});
