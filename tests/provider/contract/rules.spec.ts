import * as assert from "node:assert/strict";
import { validateContract, type ContractInput } from "../../../provider/contract/validate";
import { formatFinding, type Finding, type FindingCode } from "../../../provider/contract/findings";
import { archiveFiles } from "../../../provider/archive";
import {
    CANARIES,
    CANARY,
    DIGEST,
    auths,
    composeArchive,
    composeFile,
    composeWorkload,
    envSection,
    podWorkload,
} from "../../support/contracts";
import { pem, rsaPair } from "../../support/keys";

interface Expect {
    code: FindingCode;
    path: string;
    severity?: "error" | "warning";
    hpl?: string;
}

interface RuleCase {
    rule: string;
    failing: ContractInput;
    expect: Expect;
    passing: ContractInput;
}

const TEMPLATED = `\${REGISTRY}/app@${DIGEST}`;
const withRegistry = envSection({ env: { REGISTRY: "us.icr.io/team" }, auths: auths("us.icr.io") });

const CASES: RuleCase[] = [
    {
        rule: "a ${VAR} in a compose image must resolve from the merged env",
        failing: {
            workload: composeWorkload({ web: TEMPLATED }),
            env: envSection({ auths: auths("us.icr.io") }),
        },
        expect: { code: "VARIABLE_UNRESOLVED", path: "env.env.REGISTRY", hpl: "HPL08004E" },
        passing: { workload: composeWorkload({ web: TEMPLATED }), env: withRegistry },
    },
    {
        rule: "a {{ .Env.VAR }} in a pod template must resolve from the merged env",
        failing: {
            workload: podWorkload([`{{ .Env.REGISTRY }}/app@${DIGEST}`], "templates"),
            env: envSection(),
        },
        expect: { code: "VARIABLE_UNRESOLVED", path: "env.env.REGISTRY", hpl: "HPL15002E" },
        passing: {
            workload: podWorkload([`{{ .Env.REGISTRY }}/app@${DIGEST}`], "templates"),
            env: withRegistry,
        },
    },
    {
        rule: "the workload's own env resolves a templated image too",
        failing: { workload: composeWorkload({ web: TEMPLATED }), env: envSection() },
        expect: { code: "VARIABLE_UNRESOLVED", path: "env.env.REGISTRY" },
        passing: {
            workload: composeWorkload(
                { web: TEMPLATED },
                { env: { REGISTRY: "us.icr.io/team" }, auths: auths("us.icr.io") },
            ),
            env: envSection(),
        },
    },
    {
        rule: "a templated compose image must be pinned by digest",
        failing: { workload: composeWorkload({ web: "${REGISTRY}/app:1.0" }), env: withRegistry },
        expect: {
            code: "TEMPLATED_IMAGE_NOT_PINNED",
            path: 'workload.compose.archive["docker-compose.yaml"].services.web.image',
            hpl: "HPL06010E",
        },
        passing: { workload: composeWorkload({ web: TEMPLATED }), env: withRegistry },
    },
    {
        rule: "a templated pod image must be pinned by digest",
        failing: {
            workload: podWorkload(["{{ .Env.REGISTRY }}/app:1.0"], "templates"),
            env: withRegistry,
        },
        expect: {
            code: "TEMPLATED_IMAGE_NOT_PINNED",
            path: "workload.play.templates[0].spec.containers[0].image",
            hpl: "HPL15005E",
        },
        passing: {
            workload: podWorkload([`{{ .Env.REGISTRY }}/app@${DIGEST}`], "templates"),
            env: withRegistry,
        },
    },
    {
        rule: "images.dct cannot be combined with a templated registry",
        failing: {
            workload: composeWorkload(
                { web: TEMPLATED },
                {
                    images: {
                        dct: {
                            "us.icr.io/team/app": {
                                notary: "https://notary.us.icr.io",
                                publicKey: "QUJDRA==",
                            },
                        },
                    },
                },
            ),
            env: withRegistry,
        },
        expect: {
            code: "DCT_WITH_TEMPLATED_REGISTRY",
            path: "workload.images.dct",
            hpl: "HPL06010E",
        },
        passing: {
            workload: composeWorkload(
                { web: "us.icr.io/team/app:1.0" },
                {
                    images: {
                        dct: {
                            "us.icr.io/team/app": {
                                notary: "https://notary.us.icr.io",
                                publicKey: "QUJDRA==",
                            },
                        },
                    },
                },
            ),
            env: envSection(),
        },
    },
    {
        rule: "the registry of a templated image should have credentials in the merged auths",
        failing: {
            workload: composeWorkload({ web: TEMPLATED }),
            env: envSection({ env: { REGISTRY: "us.icr.io/team" } }),
        },
        expect: {
            code: "REGISTRY_NO_CREDENTIALS",
            path: 'env.auths["us.icr.io"]',
            severity: "warning",
        },
        passing: { workload: composeWorkload({ web: TEMPLATED }), env: withRegistry },
    },
    {
        rule: "credentials are per host, so a key with a path is reported with the rename",
        failing: {
            workload: composeWorkload({ web: TEMPLATED }),
            env: envSection({
                env: { REGISTRY: "us.icr.io/team" },
                auths: auths("us.icr.io/team"),
            }),
        },
        expect: {
            code: "REGISTRY_NO_CREDENTIALS",
            path: 'env.auths["us.icr.io"]',
            severity: "warning",
        },
        passing: { workload: composeWorkload({ web: TEMPLATED }), env: withRegistry },
    },
    {
        rule: "a compose image must be pinned by digest or covered by images.dct",
        failing: { workload: composeWorkload({ web: "nginx:latest" }), env: envSection() },
        expect: {
            code: "IMAGE_NOT_PINNED",
            path: 'workload.compose.archive["docker-compose.yaml"].services.web.image',
            hpl: "HPL06010E",
        },
        passing: {
            workload: composeWorkload(
                { web: "nginx:latest" },
                {
                    images: {
                        dct: {
                            "docker.io/library/nginx": {
                                notary: "https://notary.docker.io",
                                publicKey: "QUJDRA==",
                            },
                        },
                    },
                },
            ),
            env: envSection(),
        },
    },
    {
        rule: "a pod image must be pinned by digest or covered by images.rhs",
        failing: { workload: podWorkload(["us.icr.io/team/app:1.0"]), env: envSection() },
        expect: {
            code: "IMAGE_NOT_PINNED",
            path: "workload.play.resources[0].spec.containers[0].image",
            hpl: "HPL15005E",
        },
        passing: {
            workload: {
                ...podWorkload(["us.icr.io/team/app:1.0"]),
                images: { rhs: { "us.icr.io/team/app": { publicKey: "QUJDRA==" } } },
            },
            env: envSection(),
        },
    },
    {
        rule: "a compose file must not build images",
        failing: {
            workload: {
                type: "workload",
                compose: {
                    archive: composeArchive(
                        `services:\n  web:\n    build: .\n    image: us.icr.io/team/app@${DIGEST}\n`,
                    ),
                },
            },
            env: envSection(),
        },
        expect: {
            code: "COMPOSE_BUILD",
            path: 'workload.compose.archive["docker-compose.yaml"].services.web.build',
            hpl: "HPL08004E",
        },
        passing: { workload: composeWorkload(), env: envSection() },
    },
    {
        rule: "a compose archive needs docker-compose.yaml or .yml at its top",
        failing: {
            workload: {
                type: "workload",
                compose: {
                    archive: archiveFiles([
                        {
                            name: "app/docker-compose.yaml",
                            content: composeFile({ web: `a.io/b/c@${DIGEST}` }),
                        },
                    ]).base64,
                },
            },
            env: envSection(),
        },
        expect: {
            code: "ARCHIVE_NO_COMPOSE_FILE",
            path: "workload.compose.archive",
            hpl: "HPL06008E",
        },
        passing: {
            workload: {
                type: "workload",
                compose: {
                    archive: archiveFiles([
                        {
                            name: "docker-compose.yml",
                            content: composeFile({ web: `a.io/b/c@${DIGEST}` }),
                        },
                    ]).base64,
                },
            },
            env: envSection(),
        },
    },
    {
        rule: "a play archive needs pod YAML at its top",
        failing: {
            workload: {
                type: "workload",
                play: {
                    archive: archiveFiles([
                        { name: "pods/pod.yaml", content: "apiVersion: v1\nkind: Pod\n" },
                    ]).base64,
                },
            },
            env: envSection(),
        },
        expect: { code: "ARCHIVE_NO_POD", path: "workload.play.archive", hpl: "HPL15006I" },
        passing: {
            workload: {
                type: "workload",
                play: {
                    archive: archiveFiles([
                        {
                            name: "pod.yaml",
                            content: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: c\n      image: a.io/b/c@${DIGEST}\n`,
                        },
                    ]).base64,
                },
            },
            env: envSection(),
        },
    },
    {
        rule: "an archive must be base64 of a tar.gz",
        failing: {
            workload: { type: "workload", compose: { archive: "bm90IGEgdGFyLmd6" } },
            env: envSection(),
        },
        expect: { code: "ARCHIVE_INVALID", path: "workload.compose.archive", hpl: "HPL06006E" },
        passing: { workload: composeWorkload(), env: envSection() },
    },
    {
        rule: "env.logging must be present on HPVS for VPC",
        failing: { workload: composeWorkload(), env: { type: "env" } },
        expect: { code: "LOGGING_MISSING", path: "env.logging", hpl: "HPL01002W" },
        passing: {
            platform: "ccco",
            workload: {
                type: "workload",
                "confidential-containers": { regoValidator: { policy: "cG9saWN5" } },
            },
            env: { type: "env" },
        },
    },
    {
        rule: "a seed must have 15 characters of the allowed set",
        failing: {
            workload: composeWorkload(undefined, { volumes: { data: { seed: "short" } } }),
            env: envSection({ volumes: { data: { seed: CANARY.envSeed } } }),
        },
        expect: { code: "SEED_INVALID", path: "workload.volumes.data.seed", hpl: "HPL07001E" },
        passing: {
            workload: composeWorkload(undefined, {
                volumes: { data: { seed: CANARY.workloadSeed } },
            }),
            env: envSection({ volumes: { data: { seed: CANARY.envSeed } } }),
        },
    },
    {
        rule: "a seed may not hold spaces",
        failing: {
            workload: composeWorkload(undefined, {
                volumes: { data: { seed: CANARY.workloadSeed } },
            }),
            env: envSection({ volumes: { data: { seed: "fifteen chars or more" } } }),
        },
        expect: { code: "SEED_INVALID", path: "env.volumes.data.seed", hpl: "HPL07001E" },
        passing: {
            workload: composeWorkload(undefined, {
                volumes: { data: { seed: CANARY.workloadSeed } },
            }),
            env: envSection({ volumes: { data: { seed: CANARY.envSeed } } }),
        },
    },
    {
        rule: "every workload volume needs its env half",
        failing: {
            workload: composeWorkload(undefined, {
                volumes: { data: { seed: CANARY.workloadSeed } },
            }),
            env: envSection(),
        },
        expect: { code: "VOLUME_UNPAIRED", path: "env.volumes.data", hpl: "HPL07015E" },
        passing: {
            workload: composeWorkload(undefined, {
                volumes: { data: { seed: CANARY.workloadSeed } },
            }),
            env: envSection({ volumes: { data: { seed: CANARY.envSeed } } }),
        },
    },
    {
        rule: "a seed rotation must change the seed",
        failing: {
            workload: composeWorkload(undefined, {
                volumes: { data: { seed: CANARY.workloadSeed, previousSeed: CANARY.workloadSeed } },
            }),
            env: envSection({ volumes: { data: { seed: CANARY.envSeed } } }),
        },
        expect: {
            code: "SEED_UNCHANGED",
            path: "workload.volumes.data.previousSeed",
            hpl: "HPL02125E",
        },
        passing: {
            workload: composeWorkload(undefined, {
                volumes: {
                    data: { seed: CANARY.workloadSeed, previousSeed: "olderWorkloadSeed00" },
                },
            }),
            env: envSection({ volumes: { data: { seed: CANARY.envSeed } } }),
        },
    },
    {
        rule: "two volumes cannot share a mount point",
        failing: {
            workload: composeWorkload(undefined, {
                volumes: { a: { seed: CANARY.workloadSeed }, b: { seed: CANARY.workloadSeed } },
            }),
            env: envSection({
                volumes: { a: { seed: CANARY.envSeed }, b: { seed: CANARY.envSeed } },
            }),
        },
        expect: {
            code: "VOLUME_MOUNT_DUPLICATE",
            path: "workload.volumes.b.mount",
            hpl: "HPL02007E",
        },
        passing: {
            workload: composeWorkload(undefined, {
                volumes: {
                    a: { seed: CANARY.workloadSeed },
                    b: { seed: CANARY.workloadSeed, mount: "/mnt/b" },
                },
            }),
            env: envSection({
                volumes: { a: { seed: CANARY.envSeed }, b: { seed: CANARY.envSeed } },
            }),
        },
    },
    {
        rule: "a deployer variable hidden by the workload is a warning",
        failing: {
            workload: composeWorkload(
                { web: TEMPLATED },
                { env: { REGISTRY: "us.icr.io/team" }, auths: auths("us.icr.io") },
            ),
            env: envSection({ env: { REGISTRY: "mirror.example.com" } }),
        },
        expect: { code: "ENV_SHADOWED", path: "env.env.REGISTRY", severity: "warning" },
        passing: { workload: composeWorkload({ web: TEMPLATED }), env: withRegistry },
    },
    {
        rule: "deployer credentials hidden by the workload's are a warning",
        failing: {
            workload: composeWorkload(undefined, { auths: auths("us.icr.io") }),
            env: envSection({ auths: auths("us.icr.io") }),
        },
        expect: { code: "AUTH_SHADOWED", path: 'env.auths["us.icr.io"]', severity: "warning" },
        passing: {
            workload: composeWorkload(undefined, { auths: auths("us.icr.io") }),
            env: envSection({ auths: auths("quay.io") }),
        },
    },
    {
        rule: "env variable values must be strings",
        failing: { workload: composeWorkload(), env: envSection({ env: { PORT: 8080 } }) },
        expect: { code: "ENV_VALUE_NOT_STRING", path: "env.env.PORT", hpl: "HPL06003E" },
        passing: { workload: composeWorkload(), env: envSection({ env: { PORT: "8080" } }) },
    },
    {
        rule: "attestationPublicKey must be an RSA public key",
        failing: {
            workload: composeWorkload(),
            env: envSection(),
            attestationPublicKey: "not a key",
        },
        expect: { code: "ATTESTATION_KEY_INVALID", path: "attestationPublicKey", hpl: "HPL11002E" },
        passing: {
            workload: composeWorkload(),
            env: envSection(),
            attestationPublicKey: pem(rsaPair(2048)).publicKey,
        },
    },
    {
        rule: "a workload has exactly one kind",
        failing: {
            workload: {
                ...composeWorkload(),
                play: (podWorkload([`a.io/b/c@${DIGEST}`]) as { play: unknown }).play,
            },
            env: envSection(),
        },
        expect: { code: "WORKLOAD_KIND", path: "workload", hpl: "HPL05001E" },
        passing: { workload: composeWorkload(), env: envSection() },
    },
    {
        rule: "CCRV runs pods only",
        failing: { platform: "ccrv", workload: composeWorkload(), env: envSection() },
        expect: { code: "WORKLOAD_KIND", path: "workload.compose" },
        passing: {
            platform: "ccrv",
            workload: podWorkload([`a.io/b/c@${DIGEST}`]),
            env: envSection(),
        },
    },
];

describe("validation rules", () => {
    for (const c of CASES) {
        describe(c.rule, () => {
            let failing: readonly Finding[];
            it(`reports ${c.expect.code} at ${c.expect.path}`, () => {
                failing = validateContract(c.failing).findings;
                const hit = failing.find(
                    (f) => f.code === c.expect.code && f.path === c.expect.path,
                );
                assert.ok(
                    hit,
                    `expected ${c.expect.code} at ${c.expect.path}, got:\n${failing.map(formatFinding).join("\n")}`,
                );
                assert.equal(hit.severity, c.expect.severity ?? "error");
                if (c.expect.hpl) assert.equal(hit.hpl, c.expect.hpl);
            });
            it("passes once the contract is fixed", () => {
                const findings = validateContract(c.passing).findings;
                const errors = findings.filter(
                    (f) => f.severity === "error" || f.code === c.expect.code,
                );
                assert.deepEqual(errors.map(formatFinding), []);
            });
            it("never puts a secret value in a message", () => {
                for (const f of validateContract(c.failing).findings) {
                    for (const canary of CANARIES)
                        assert.ok(
                            !formatFinding(f).includes(canary),
                            `${canary} in ${formatFinding(f)}`,
                        );
                }
            });
        });
    }

    it("passes the founding scenario: a templated registry resolved and credentialed by env", () => {
        const result = validateContract({
            workload: composeWorkload({ web: TEMPLATED }),
            env: envSection({ env: { REGISTRY: "us.icr.io/team" }, auths: auths("us.icr.io") }),
        });
        assert.deepEqual(result.findings.map(formatFinding), []);
        assert.equal(result.images[0].resolved, `us.icr.io/team/app@${DIGEST}`);
    });
});
