import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { blockProvider, contractProvider } from "../../provider/dynamic/providers";

describe("the serialized providers", () => {
    for (const [name, provider] of Object.entries({ contractProvider, blockProvider })) {
        describe(name, () => {
            let text: string;
            let containsSecrets: boolean;
            before(async () => {
                ({ text, containsSecrets } = await pulumi.runtime.serializeFunction(
                    () => provider,
                    { allowSecrets: true },
                ));
            });
            it("stays small: the code in state only forwards to the installed package", () => {
                assert.ok(text.length < 4096, `${text.length} bytes`);
            });
            it("captures no secret", () => {
                assert.equal(containsSecrets, false);
            });
            it("requires only the package's own handler modules, by package path", () => {
                const requires = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
                assert.ok(requires.length > 0);
                for (const r of requires)
                    assert.match(
                        r,
                        /^pulumi-hyper-protect\/lib\/provider\/dynamic\/[a-z-]+-handlers\.js$/,
                    );
            });
            it("holds no absolute path and no coverage counters", () => {
                assert.doesNotMatch(text, /\/(work|home|tmp|root|Users)\//);
                assert.doesNotMatch(text, /cov_|__coverage__/);
            });
        });
    }
});
