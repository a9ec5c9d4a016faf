import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./support/vectors";

/** The @pulumi/pulumi version that the tests, the provider host and the engine double load. */
const sdkVersion: string = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
).version;

// `.ci/runtimes` names the runtime it means to test in HPCR_TEST_NODE (a major version) and
// HPCR_TEST_PULUMI (an exact version); a run on anything else would prove the wrong row of
// the README's table. The provider host, the program runner and the CLI tests all start
// process.execPath, so they run on the Node checked here.
describe("the runtime under test", () => {
    it(`is Node ${process.versions.node} with @pulumi/pulumi ${sdkVersion}, as CI asked`, () => {
        const node = process.env.HPCR_TEST_NODE;
        if (node) assert.equal(process.versions.node.split(".")[0], node);
        const sdk = process.env.HPCR_TEST_PULUMI;
        if (sdk) assert.equal(sdkVersion, sdk);
    });
});
