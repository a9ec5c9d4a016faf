/**
 * Hostile image lists and version ranges: JSON of any shape, and range text of any content,
 * end in the chosen image or one InputError naming `images` or `version`.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { parseRange, selectImage } from "../../../provider/trust";
import { damagedText, fuzzParameters, resultOrClearError } from "../../support/fuzz";

/** An image as IBM Cloud lists one, with each field possibly wrong. */
const image = fc.record(
    {
        id: fc.oneof(fc.constant("r006-1234"), fc.jsonValue()),
        name: fc.oneof(
            fc
                .tuple(fc.nat(30), fc.nat(30), fc.nat(99))
                .map(([a, b, c]) => `ibm-hyper-protect-container-runtime-${a}-${b}-s390x-${c}`),
            fc.string(),
            fc.jsonValue(),
        ),
        architecture: fc.constantFrom("s390x", "amd64", undefined, 7),
        os: fc.constantFrom("hyper-protect-1-0-s390x-hpcr", "ubuntu", undefined),
        operating_system: fc.oneof(
            fc.constant({ name: "hyper-protect-1-0-s390x-hpcr", architecture: "s390x" }),
            fc.constant([{ name: "hyper-protect-1-0-s390x-hpcr" }]),
            fc.jsonValue(),
        ),
        status: fc.constantFrom("available", "deprecated", null),
        visibility: fc.constantFrom("public", "private"),
        checksum: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.jsonValue()),
        file: fc.oneof(fc.constant({ checksums: { sha256: "ab" } }), fc.jsonValue()),
    },
    { requiredKeys: [] },
);

const list = fc.oneof(
    fc.array(image, { maxLength: 6 }),
    fc.record({ images: fc.array(image, { maxLength: 6 }) }),
    fc.jsonValue(),
);

const RANGES = ["*", "1.0.22", ">=1.0.20", "~1.0", "^1.0", "1.0.x", "1.0 - 1.2", ">1 <2 || 3.x"];
const range = fc.oneof(fc.constantFrom(...RANGES), damagedText(...RANGES));

describe("image lists under fuzzing", function () {
    it("parses any range text into a range or one InputError naming version", () => {
        fc.assert(
            fc.property(range, (text) => {
                resultOrClearError(() => parseRange(text), ["version"]);
            }),
            fuzzParameters(),
        );
    });

    it("chooses an image from any list, JSON text or value, or names images or version", () => {
        fc.assert(
            fc.property(list, fc.boolean(), range, (value, asText, text) => {
                const chosen = resultOrClearError(
                    () => selectImage(asText ? JSON.stringify(value) : value, text),
                    ["images", "version"],
                );
                if (chosen) assert.match(chosen.version, /^\d+\.\d+\.\d+$/);
            }),
            fuzzParameters(),
        );
    });

    it("refuses image list text that is not JSON with one error", () => {
        fc.assert(
            fc.property(damagedText('[{"name": "x"}]'), (text) => {
                resultOrClearError(() => selectImage(text), ["images", "version"]);
            }),
            fuzzParameters(),
        );
    });
});
