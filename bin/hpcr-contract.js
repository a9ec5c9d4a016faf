#!/usr/bin/env node
"use strict";
const { main } = require("../lib/sdk/cli/main.js");
const { processContext } = require("../lib/sdk/cli/io.js");

main(process.argv.slice(2), processContext()).then(
    (code) => {
        process.exitCode = code;
    },
    (e) => {
        process.stderr.write(`hpcr-contract: unexpected failure: ${(e && e.stack) || e}\n`);
        process.exitCode = 1;
    },
);
