import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createFixture } from "../../bench/fixture";
import { opensslContract } from "../../bench/openssl-pipeline";
import { verify } from "../../bench/run";
import { scratch } from "../support/tools";

describe("the openssl pipeline of the benchmark", function () {
    it("draws a password again when it starts with a NUL, which openssl would refuse", async () => {
        const { dir, remove } = scratch();
        const realPath = process.env.PATH;
        try {
            // An openssl first on the PATH whose first `rand` starts with a NUL byte; every
            // other call goes to the real one. It counts the draws.
            const real = path.join(dir, "real-openssl");
            const openssl = execFileSync("bash", ["-c", "command -v openssl"], {
                encoding: "utf8",
            });
            fs.symlinkSync(openssl.trim(), real);
            fs.writeFileSync(
                path.join(dir, "openssl"),
                [
                    "#!/usr/bin/env bash",
                    `if [ "$1" = rand ]; then`,
                    `    echo draw >> "${dir}/draws"`,
                    `    if [ "$(wc -l < "${dir}/draws")" -eq 1 ]; then`,
                    `        printf '\\0'; exec "${real}" rand 31`,
                    "    fi",
                    "fi",
                    `exec "${real}" "$@"`,
                    "",
                ].join("\n"),
                { mode: 0o700 },
            );
            process.env.PATH = `${dir}:${realPath}`;
            const fixture = await createFixture(1024);
            await verify("openssl", await opensslContract(fixture), fixture);
            const draws = fs.readFileSync(path.join(dir, "draws"), "utf8").trim().split("\n");
            assert.equal(draws.length, 3, "two sections and one draw again");
        } finally {
            process.env.PATH = realPath;
            remove();
        }
    });
});
