import * as assert from "node:assert/strict";
import { hyperProtectImages, selectImage } from "../../../provider/trust/images";
import { InputError } from "../../../provider/errors";
import { requireVectors, vectorText } from "../../support/vectors";

const ID_21 = "r006-ad389a05-d7b0-4c92-ba6c-0934c4457d91";
const ID_22 = "r006-2b8ba093-c8a3-4ed9-9b73-f6f0bb18d6f9";
const SHA_21 = "6d2eb0bea66d4ae8a4ccf6afdfe4f1336e98cda004963e60a8b0ae7fb7a4d396";
const SHA_22 = "489a0c4b84a7bd1aa3f06cd1280717bd1eb91fccbf85e77b0b7c6a8374bab2c7";

/** An image in the VPC API's shape. */
function image(name: string, over: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        id: `id-${name}`,
        name,
        status: "available",
        visibility: "public",
        file: { checksums: { sha256: "ab".repeat(32) } },
        operating_system: { name: "hyper-protect-1-0-s390x-hpcr", architecture: "s390x" },
        ...over,
    };
}

describe("choosing the Hyper Protect image", () => {
    describe("IBM Cloud's three shapes", function () {
        before(function () {
            requireVectors(this);
        });
        const list = (shape: string) => vectorText(`contract-go/samples/image/${shape}_image.json`);

        // [shape, range, id, version, checksum]
        const table: [string, string | undefined, string, string, string][] = [
            ["terraform", "1.0.21", ID_21, "1.0.21", SHA_21],
            ["terraform", undefined, ID_22, "1.0.22", SHA_22],
            ["terraform", "<1.0.22", ID_21, "1.0.21", SHA_21],
            ["cli", "1.0.21", ID_21, "1.0.21", SHA_21],
            ["cli", undefined, ID_22, "1.0.22", SHA_22],
            [
                "cli",
                ">=1.0.0, <= 1.0.20",
                "r006-62641867-be95-43fa-bc6a-77f5f239b60a",
                "1.0.20",
                "",
            ],
            ["api", undefined, ID_22, "1.0.22", SHA_22],
            ["api", "~1.0", ID_22, "1.0.22", SHA_22],
        ];
        for (const [shape, range, id, version, checksum] of table) {
            it(`picks ${version} (${id}) from the ${shape} list for ${range ?? "no range"}`, () => {
                const chosen = selectImage(list(shape), range);
                assert.equal(chosen.id, id);
                assert.equal(chosen.version, version);
                assert.equal(
                    chosen.name,
                    `ibm-hyper-protect-container-runtime-1-0-s390x-${version.split(".")[2]}`,
                );
                if (checksum) assert.equal(chosen.checksum, checksum);
            });
        }

        it("skips private images even when their operating system is HPCR", () => {
            const versions = hyperProtectImages(JSON.parse(list("cli"))).map((i) => i.version);
            assert.deepEqual(versions, ["1.0.19", "1.0.20", "1.0.21", "1.0.22"]);
        });

        it("accepts the VPC API's wrapper object", () => {
            const wrapped = { images: JSON.parse(list("api")), limit: 50 };
            assert.equal(selectImage(wrapped).id, ID_22);
        });

        it("says which versions exist when the range matches none", () => {
            assert.throws(
                () => selectImage(list("api"), "1.0.21"),
                /no public, available Hyper Protect image in "1\.0\.21" \(versions found: 1\.0\.22\)/,
            );
        });
    });

    // [what, image, qualifies]
    const rules: [string, Record<string, unknown>, boolean][] = [
        [
            "a public, available s390x HPCR image",
            image("ibm-hyper-protect-container-runtime-1-0-s390x-25"),
            true,
        ],
        [
            "a deprecated image",
            image("ibm-hyper-protect-container-runtime-1-0-s390x-25", { status: "deprecated" }),
            false,
        ],
        [
            "a private image",
            image("ibm-hyper-protect-container-runtime-1-0-s390x-25", { visibility: "private" }),
            false,
        ],
        [
            "an amd64 image",
            image("ibm-hyper-protect-container-runtime-1-0-s390x-25", {
                operating_system: { name: "hyper-protect-1-0-s390x-hpcr", architecture: "amd64" },
            }),
            false,
        ],
        [
            "an image of another operating system",
            image("ibm-hyper-protect-container-runtime-1-0-s390x-25", {
                operating_system: [{ name: "hyper-protect-1-0-s390x", architecture: "s390x" }],
            }),
            false,
        ],
        [
            "a name that carries no version",
            image("ibm-hyper-protect-container-runtime-latest"),
            false,
        ],
        [
            "Terraform's top-level fields, with operating_system as an array",
            image("ibm-hyper-protect-container-runtime-1-0-s390x-25", {
                architecture: "s390x",
                os: "hyper-protect-1-0-s390x-hpcr",
                operating_system: [{}],
                checksum: "cd".repeat(32),
            }),
            true,
        ],
    ];
    for (const [what, candidate, qualifies] of rules) {
        it(`${qualifies ? "takes" : "skips"} ${what}`, () => {
            assert.equal(hyperProtectImages([candidate]).length, qualifies ? 1 : 0);
        });
    }

    it("prefers the checksum field, then file.checksums.sha256", () => {
        const [a, b] = hyperProtectImages([
            image("ibm-hyper-protect-container-runtime-1-0-s390x-1", { checksum: "cd".repeat(32) }),
            image("ibm-hyper-protect-container-runtime-1-0-s390x-2"),
        ]);
        assert.equal(a.checksum, "cd".repeat(32));
        assert.equal(b.checksum, "ab".repeat(32));
    });

    it("takes the last of several images of the same version", () => {
        const name = "ibm-hyper-protect-container-runtime-1-0-s390x-25";
        const chosen = selectImage([image(name, { id: "first" }), image(name, { id: "second" })]);
        assert.equal(chosen.id, "second");
    });

    it("refuses input that is no image list", () => {
        for (const bad of ["not json", "{}", "42"]) {
            assert.throws(() => selectImage(bad), InputError);
        }
    });
});
