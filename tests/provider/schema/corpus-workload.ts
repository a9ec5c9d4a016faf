/**
 * Differential rows for the workload section: kinds, compose, play and its Kubernetes
 * documents, images, volumes and variables.
 */

import { ARCHIVE, CANARY, IMAGE, confidentialContainers, pod } from "./fixtures";
import { COMPOSE_PLATFORMS, REMOVE, minLength, variants, type CorpusRow } from "./corpus";
import { documents } from "./corpus-play";

const W = "workload";
const COMPOSE = { platforms: COMPOSE_PLATFORMS };
const PLAY = { base: "play" as const };

function kinds(): CorpusRow[] {
    return variants("workload kind", [W], {
        none: { type: W },
        "compose only": { type: W, compose: { archive: ARCHIVE } },
        "play only": { type: W, play: {} },
        "free-form confidential-containers only": { type: W, "confidential-containers": {} },
        "structured confidential-containers only": {
            type: W,
            "confidential-containers": confidentialContainers(),
        },
        "compose and play": { type: W, compose: { archive: ARCHIVE }, play: {} },
        "play and confidential-containers": {
            type: W,
            play: {},
            "confidential-containers": confidentialContainers(),
        },
        "a broken compose beside play": { type: W, compose: { file: 1 }, play: {} },
        "not a mapping": "type: workload",
    }).concat(
        variants("workload type", [W, "type"], {
            workload: "workload",
            env: "env",
            missing: REMOVE,
            empty: null,
        }),
    );
}

function compose(): CorpusRow[] {
    const archive = [W, "compose", "archive"];
    return [
        ...minLength("compose archive", archive, 4, COMPOSE, "A"),
        ...variants(
            "compose archive",
            archive,
            {
                "with + / -": "ab+/-d",
                "with one =": "abcd=",
                "with three =": "abc===",
                "with four =": "abcd====",
                "with *": "ab*d",
                "with a space": "ab cd",
                "with a newline": "abcd\nefgh",
                "starting with =": "=abc",
                "a number": 1234,
                missing: REMOVE,
            },
            COMPOSE,
        ),
        ...variants("compose extra key", [W, "compose", "file"], { present: "x" }, COMPOSE),
    ];
}

function play(): CorpusRow[] {
    const play = [W, "play"];
    return variants(
        "play",
        play,
        {
            empty: {},
            "empty resources": { resources: [] },
            "empty templates": { templates: [] },
            "an archive": { archive: ARCHIVE },
            "a 3-character archive": { archive: "abc" },
            "an unknown key": { pods: [] },
            "resources as a mapping": { resources: pod() },
            "resources null": { resources: null },
            "a null resource": { resources: [null] },
            "a template pod": { templates: [pod()] },
            "a template pod without container name": {
                templates: [{ kind: "Pod", spec: { containers: [{ image: IMAGE }] } }],
            },
        },
        PLAY,
    );
}

function images(): CorpusRow[] {
    const dct = { notary: "https://notary.docker.io", publicKey: "cHVibGlj" };
    const rhs = { publicKey: "a2V5" };
    return [
        ...variants("images.dct key", [W, "images", "dct"], {
            "host/namespace/repository": { "docker.io/team/app": dct },
            "namespace of 2": { "docker.io/ab/app": dct },
            "namespace of 3": { "docker.io/abc/app": dct },
            "repository of 1": { "docker.io/team/a": dct },
            "with tag": { "docker.io/team/app:1.0": dct },
            "upper-case namespace": { "docker.io/Team/app": dct },
        }),
        ...variants("images.dct entry", [W, "images", "dct", "docker.io/team/app"], {
            "without notary": { publicKey: "x" },
            "with an extra key": { ...dct, tag: "x" },
            "numeric publicKey": { ...dct, publicKey: 1 },
        }),
        ...variants("images.rhs key", [W, "images", "rhs"], {
            "with digest": { [IMAGE]: rhs },
            "with tag": { "us.icr.io/t/app:v1.0": rhs },
            "with 2-character tag": { "us.icr.io/t/app:v1": rhs },
            "without a dotted host": { "localhost/app": rhs },
            "without a path": { "us.icr.io": rhs },
            "with a short digest": { "us.icr.io/t/app@sha256:abc": rhs },
        }),
        ...variants("images", [W, "images"], { "an unknown key": { cosign: {} }, "a list": [] }),
        ...variants("images.rhs entry", [W, "images", "rhs", "us.icr.io/t/app"], { empty: {} }),
    ];
}

function volumes(): CorpusRow[] {
    const volume = [W, "volumes", "data"];
    return [
        ...minLength("workload seed", [...volume, "seed"], 15, {}, "s"),
        ...minLength("workload previousSeed", volume, 15, {}, "p").map((row) => ({
            ...row,
            value: { seed: CANARY.seed, previousSeed: row.value },
        })),
        ...variants("workload seed", [...volume, "seed"], {
            "every allowed special": '!@#$%^&*(),.?":{}|<>_-',
            "with a space": `${CANARY.seed} x`,
            "with a tilde": `${CANARY.seed}~`,
            "with a non-ASCII letter": `${CANARY.seed}é`,
            "a number": 123456789012345,
            missing: REMOVE,
        }),
        ...variants("workload volume", volume, {
            xfs: { seed: CANARY.seed, filesystem: "xfs" },
            btrfs: { seed: CANARY.seed, filesystem: "btrfs" },
            ext3: { seed: CANARY.seed, filesystem: "ext3" },
            "mount /mnt/data": { seed: CANARY.seed, mount: "/mnt/data" },
            "mount with trailing slash": { seed: CANARY.seed, mount: "/mnt/data/" },
            "relative mount": { seed: CANARY.seed, mount: "mnt" },
            "mount /": { seed: CANARY.seed, mount: "/" },
            "with an env-side key": { seed: CANARY.seed, volumeID: "vol-1" },
        }),
        ...variants("workload volume key", [W, "volumes"], {
            _data: { _data: { seed: CANARY.seed } },
            "data-1": { "data-1": { seed: CANARY.seed } },
            Data: { Data: { seed: CANARY.seed } },
            "1data": { "1data": { seed: CANARY.seed } },
            "da ta": { "da ta": { seed: CANARY.seed } },
        }),
    ];
}

/** Environment variable rows for a section. */
export function envVariables(section: "workload" | "env"): CorpusRow[] {
    return variants(`${section}.env`, [section, "env"], {
        "a string": { PORT: "8080" },
        "a number": { PORT: 8080 },
        "a boolean": { DEBUG: true },
        null: { EMPTY: null },
        "a list": { LIST: ["a"] },
        _X: { _X: "x" },
        "MY-VAR": { "MY-VAR": "x" },
        "9X": { "9X": "x" },
        "not a mapping": ["PORT=8080"],
    });
}

/** The differential rows of the workload section. */
export function workloadRows(): CorpusRow[] {
    return [
        ...kinds(),
        ...compose(),
        ...play(),
        ...documents(),
        ...images(),
        ...volumes(),
        ...envVariables(W),
        ...variants("workload unknown key", [W, "auth"], { present: {} }),
    ];
}
