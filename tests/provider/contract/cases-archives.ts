/**
 * Rule cases for workload archives, compose files and archived pod files.
 */
import { archiveFiles } from "../../../provider/archive";
import {
    DIGEST,
    composeArchive,
    composeFile,
    composeWorkload,
    composeWorkloadOf,
    envSection,
} from "../../support/contracts";
import { rawTar, tgzBase64 } from "../archive/helpers";
import type { RuleCase } from "./rule-cases";

const COMPOSE = composeFile({ web: `us.icr.io/team/app@${DIGEST}` });

/** A compose workload whose archive is the gzip of a hand-made tar. */
function rawCompose(entries: Parameters<typeof rawTar>[0]): Record<string, unknown> {
    return { type: "workload", compose: { archive: tgzBase64(rawTar(entries)) } };
}

/** A play workload whose archive holds `files`. */
function playArchive(files: { name: string; content: string }[]): Record<string, unknown> {
    return { type: "workload", play: { archive: archiveFiles(files).base64 } };
}

const POD = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: c\n      image: a.io/b/c@${DIGEST}\n`;

/** The archive rules. */
export const ARCHIVE_CASES: readonly RuleCase[] = [
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
        rule: "an archive holds only regular files and directories",
        failing: {
            workload: rawCompose([
                { name: "docker-compose.yaml", typeflag: "0", data: Buffer.from(COMPOSE) },
                { name: "link.yaml", typeflag: "2" },
            ]),
            env: envSection(),
        },
        expect: {
            code: "ARCHIVE_ENTRY_TYPE",
            path: 'workload.compose.archive["link.yaml"]',
            hpl: "HPL06002E",
        },
        passing: {
            workload: rawCompose([
                { name: "docker-compose.yaml", typeflag: "0", data: Buffer.from(COMPOSE) },
            ]),
            env: envSection(),
        },
    },
    {
        rule: "archive entry names stay inside the archive",
        failing: {
            workload: rawCompose([
                { name: "docker-compose.yaml", typeflag: "0", data: Buffer.from(COMPOSE) },
                { name: "../outside.env", typeflag: "0", data: Buffer.from("A=1\n") },
            ]),
            env: envSection(),
        },
        expect: {
            code: "ARCHIVE_PATH",
            path: 'workload.compose.archive["../outside.env"]',
            hpl: "HPL06002E",
        },
        passing: {
            workload: rawCompose([
                { name: "docker-compose.yaml", typeflag: "0", data: Buffer.from(COMPOSE) },
                { name: "inside.env", typeflag: "0", data: Buffer.from("A=1\n") },
            ]),
            env: envSection(),
        },
    },
    {
        rule: "a compose file declares its services",
        failing: {
            workload: composeWorkloadOf("version: '3'\n"),
            env: envSection(),
        },
        expect: {
            code: "COMPOSE_INVALID",
            path: 'workload.compose.archive["docker-compose.yaml"]',
            hpl: "HPL06009E",
        },
        passing: { workload: composeWorkload(), env: envSection() },
    },
    {
        rule: "a compose file is valid YAML",
        failing: {
            workload: composeWorkloadOf("services:\n  web: [\n"),
            env: envSection(),
        },
        expect: {
            code: "YAML_INVALID",
            path: 'workload.compose.archive["docker-compose.yaml"]',
            hpl: "HPL06009E",
        },
        passing: { workload: composeWorkload(), env: envSection() },
    },
    {
        rule: "an archived pod file is a v1 Pod or ConfigMap",
        failing: {
            workload: playArchive([
                { name: "pod.yaml", content: POD },
                { name: "deployment.yaml", content: "apiVersion: apps/v1\nkind: Deployment\n" },
            ]),
            env: envSection(),
        },
        expect: {
            code: "POD_INVALID",
            path: 'workload.play.archive["deployment.yaml"]',
            hpl: "HPL15002E",
        },
        passing: { workload: playArchive([{ name: "pod.yaml", content: POD }]), env: envSection() },
    },
];
