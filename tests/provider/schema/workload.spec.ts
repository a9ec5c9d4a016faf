import * as assert from "node:assert/strict";
import { validateSectionSchema } from "../../../provider/schema";
import { ARCHIVE, CANARY, IMAGE, REMOVE } from "./fixtures";
import { runTable, type Row } from "./table";

const W = "workload";

describe("workload section schema", () => {
    describe("type and workload kind", () => {
        runTable([
            { name: "a wrong type", path: [W, "type"], value: "env", code: "SCHEMA" },
            { name: "a missing type", path: [W, "type"], value: REMOVE, code: "SCHEMA" },
            {
                name: "compose beside play",
                path: [W, "play"],
                value: {},
                code: "WORKLOAD_KIND",
                at: "workload",
                platforms: ["hpvs", "ccrt", "ccco"],
            },
            {
                name: "compose on a platform without compose",
                path: [W, "compose"],
                value: { archive: ARCHIVE },
                code: "WORKLOAD_KIND",
                platforms: ["ccrv"],
            },
            {
                name: "a free-form confidential-containers mapping instead of compose",
                path: [W, "compose"],
                value: REMOVE,
                code: "WORKLOAD_KIND",
                at: "workload",
                platforms: ["hpvs", "ccrt", "ccco"],
            },
        ]);

        it("names the kinds when none is present", () => {
            const findings = validateSectionSchema("ccrv", W, { type: W });
            assert.equal(findings.length, 1);
            assert.equal(findings[0].code, "WORKLOAD_KIND");
            assert.match(findings[0].message, /play or confidential-containers/);
        });

        it("accepts confidential-containers as the only kind", () => {
            const findings = validateSectionSchema("hpvs", W, {
                type: W,
                "confidential-containers": { anything: [1, 2] },
            });
            assert.deepEqual(findings, []);
        });

        it("reports a section that is not a mapping", () => {
            const findings = validateSectionSchema("hpvs", W, "type: workload");
            assert.deepEqual(
                findings.map((f) => [f.code, f.path]),
                [["SECTION_NOT_MAPPING", "workload"]],
            );
        });
    });

    describe("compose", () => {
        const rows: Row[] = [
            { name: "a 4-character archive", path: [W, "compose", "archive"], value: "abc=" },
            {
                name: "a 3-character archive",
                path: [W, "compose", "archive"],
                value: "abc",
                code: "SCHEMA",
            },
            {
                name: "an archive with a character outside base64",
                path: [W, "compose", "archive"],
                value: "abc*defg",
                code: "SCHEMA",
            },
            {
                name: "an archive with four = at the end",
                path: [W, "compose", "archive"],
                value: "abcd====",
                code: "SCHEMA",
            },
            {
                name: "an extra key beside the archive",
                path: [W, "compose", "file"],
                value: "docker-compose.yaml",
                code: "SCHEMA",
            },
            {
                name: "a missing archive",
                path: [W, "compose", "archive"],
                value: REMOVE,
                code: "SCHEMA",
            },
        ];
        runTable(rows.map((row) => ({ ...row, platforms: ["hpvs", "ccrt", "ccco"] })));
    });

    describe("auths", () => {
        const auth = (key: string, username = "iamapikey", password: string = CANARY.password) => ({
            path: [W, "auths", key],
            value: { username, password },
        });
        runTable([
            { name: "a host name key", ...auth("us.icr.io") },
            { name: "a host:port key", ...auth("registry.example.com:5000") },
            { name: "an IPv4:port key", ...auth("10.0.0.1:5000") },
            { name: "the Docker Hub key", ...auth("https://index.docker.io/v1/") },
            { name: "a single-label host", ...auth("localhost") },
            { name: "a key with a path", ...auth("us.icr.io/team"), code: "SCHEMA" },
            { name: "a host label starting with a digit", ...auth("1reg.io"), code: "SCHEMA" },
            { name: "a 3-character user name", ...auth("us.icr.io", "abc") },
            {
                name: "a 2-character user name",
                ...auth("us.icr.io", "ab"),
                code: "SCHEMA",
                at: 'workload.auths["us.icr.io"].username',
            },
            {
                name: "a 2-character password",
                ...auth("us.icr.io", "iamapikey", "ab"),
                code: "SCHEMA",
                at: 'workload.auths["us.icr.io"].password',
            },
            {
                name: "a credential with an e-mail key",
                path: [W, "auths", "us.icr.io"],
                value: { username: "user", password: CANARY.password, email: "a@b.c" },
                code: "SCHEMA",
                at: 'workload.auths["us.icr.io"].email',
            },
            {
                name: "a credential without password",
                path: [W, "auths", "us.icr.io"],
                value: { username: "user" },
                code: "SCHEMA",
                at: 'workload.auths["us.icr.io"].password',
            },
        ]);
    });

    describe("images", () => {
        const dct = { notary: "https://notary.docker.io", publicKey: "cHVibGlj" };
        runTable([
            {
                name: "a DCT image name",
                path: [W, "images", "dct", "docker.io/team/app"],
                value: dct,
            },
            {
                name: "a DCT namespace of 2 characters",
                path: [W, "images", "dct", "docker.io/ab/app"],
                value: dct,
                code: "SCHEMA",
            },
            {
                name: "a DCT entry without notary",
                path: [W, "images", "dct", "docker.io/team/app"],
                value: { publicKey: "cHVibGlj" },
                code: "SCHEMA",
                at: 'workload.images.dct["docker.io/team/app"].notary',
            },
            {
                name: "an RHS image with tag",
                path: [W, "images", "rhs", "us.icr.io/t/app:v1.0"],
                value: { publicKey: "a2V5" },
            },
            {
                name: "an RHS image by digest",
                path: [W, "images", "rhs", IMAGE],
                value: { publicKey: "a2V5" },
            },
            {
                name: "an RHS registry without a dot",
                path: [W, "images", "rhs", "localhost/app"],
                value: { publicKey: "a2V5" },
                code: "SCHEMA",
            },
            {
                name: "an unknown images key",
                path: [W, "images", "cosign"],
                value: {},
                code: "SCHEMA",
            },
        ]);
    });

    describe("workload volumes and seeds", () => {
        const volume = (entry: Record<string, unknown>) => ({
            path: [W, "volumes", "data"],
            value: { seed: CANARY.seed, ...entry },
        });
        runTable([
            { name: "a 15-character seed", ...volume({ seed: "abcdefghij12345" }) },
            {
                name: "a 14-character seed",
                ...volume({ seed: "abcdefghij1234" }),
                code: "SEED_INVALID",
                at: "workload.volumes.data.seed",
            },
            {
                name: "a seed with a space",
                ...volume({ seed: `${CANARY.seed} more` }),
                code: "SEED_INVALID",
                at: "workload.volumes.data.seed",
            },
            {
                name: "a previous seed with a tilde",
                ...volume({ previousSeed: `${CANARY.seed}~` }),
                code: "SEED_INVALID",
                at: "workload.volumes.data.previousSeed",
            },
            {
                name: "a volume without seed",
                path: [W, "volumes", "data"],
                value: { mount: "/mnt/data" },
                code: "SEED_MISSING",
                at: "workload.volumes.data.seed",
            },
            { name: "the xfs file system", ...volume({ filesystem: "xfs" }) },
            {
                name: "the ext3 file system",
                ...volume({ filesystem: "ext3" }),
                code: "SCHEMA",
                at: "workload.volumes.data.filesystem",
            },
            { name: "an absolute mount", ...volume({ mount: "/var/lib/data" }) },
            {
                name: "a mount with a trailing slash",
                ...volume({ mount: "/mnt/data/" }),
                code: "VOLUME_MOUNT_INVALID",
                at: "workload.volumes.data.mount",
            },
            {
                name: "an upper-case volume key",
                path: [W, "volumes", "Data"],
                value: { seed: CANARY.seed },
                code: "SCHEMA",
                at: "workload.volumes.Data",
            },
            {
                name: "a volume with an env-only key",
                ...volume({ volumeID: "vol-123" }),
                code: "SCHEMA",
                at: "workload.volumes.data.volumeID",
            },
        ]);
    });

    describe("environment variables", () => {
        runTable([
            { name: "a quoted number", path: [W, "env", "PORT"], value: "8080" },
            {
                name: "an unquoted number",
                path: [W, "env", "PORT"],
                value: 8080,
                code: "ENV_VALUE_NOT_STRING",
            },
            {
                name: "an unquoted boolean",
                path: [W, "env", "DEBUG"],
                value: true,
                code: "ENV_VALUE_NOT_STRING",
            },
            {
                name: "an empty value",
                path: [W, "env", "EMPTY"],
                value: null,
                code: "ENV_VALUE_NOT_STRING",
            },
            { name: "a name with a dash", path: [W, "env", "MY-VAR"], value: "x", code: "SCHEMA" },
            {
                name: "a name with a leading digit",
                path: [W, "env", "9X"],
                value: "x",
                code: "SCHEMA",
            },
            { name: "a name with a leading underscore", path: [W, "env", "_X"], value: "x" },
        ]);

        it("tells to quote the value", () => {
            const [f] = validateSectionSchema("hpvs", W, {
                type: W,
                compose: { archive: ARCHIVE },
                env: { PORT: 8080 },
            });
            assert.equal(f.hpl, "HPL06003E");
            assert.match(f.message, /quote/);
        });
    });
});
