/**
 * Rule cases for images and the overlay: dynamic registry references, pinning, image trust
 * keys, pod templates, and deployer values hidden by the workload's.
 */
import {
    DIGEST,
    auths,
    composeWorkload,
    composeWorkloadOf,
    dctEntry,
    envSection,
    pgpArmour,
    podWorkload,
    rhsEntry,
} from "../../support/contracts";
import { pem, rsaPair } from "../../support/keys";
import type { RuleCase } from "./rule-cases";

const TEMPLATED = `\${REGISTRY}/app@${DIGEST}`;
const withRegistry = envSection({ env: { REGISTRY: "us.icr.io/team" }, auths: auths("us.icr.io") });
const base64 = (text: string) => Buffer.from(text).toString("base64");

/** A pod running an unpinned image, trusted through `images.rhs` with `entry`. */
function rhsPod(entry: Record<string, unknown>): Record<string, unknown> {
    return {
        ...podWorkload(["us.icr.io/team/app:1.0"]),
        images: { rhs: { "us.icr.io/team/app": entry } },
    };
}

/** A compose service running an unpinned image, trusted through `images.dct` with `entry`. */
function dctCompose(entry: Record<string, unknown>): Record<string, unknown> {
    return composeWorkload(
        { web: "us.icr.io/team/app:1.0" },
        { images: { dct: { "us.icr.io/team/app": entry } } },
    );
}

/** A pod workload in templates: a ConfigMap reading `value`, and a pinned Pod. */
function configMapTemplate(value: string): Record<string, unknown> {
    const pod = (
        podWorkload([`us.icr.io/team/app@${DIGEST}`], "templates") as {
            play: { templates: unknown[] };
        }
    ).play.templates[0];
    const configMap = {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "c" },
        data: { A: value },
    };
    return { type: "workload", play: { templates: [configMap, pod] } };
}

/** The image and overlay rules. */
export const IMAGE_CASES: readonly RuleCase[] = [
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
                            "us.icr.io/team/app": dctEntry(),
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
                            "us.icr.io/team/app": dctEntry(),
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
                            "docker.io/library/nginx": dctEntry(),
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
            workload: rhsPod(rhsEntry()),
            env: envSection(),
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
        rule: "a {{ .Env.VAR }} in a ConfigMap template must resolve from the merged env",
        failing: { workload: configMapTemplate("{{ .Env.REGION }}"), env: envSection() },
        expect: { code: "VARIABLE_UNRESOLVED", path: "env.env.REGION", hpl: "HPL15002E" },
        passing: {
            workload: configMapTemplate("{{ .Env.REGION }}"),
            env: envSection({ env: { REGION: "eu-de" } }),
        },
    },
    {
        rule: "a compose ${VAR:?message} outside images must resolve from the merged env",
        failing: {
            workload: composeWorkloadOf(
                `services:\n  web:\n    image: us.icr.io/team/app@${DIGEST}\n    environment:\n      - TOKEN=\${TOKEN:?set TOKEN}\n`,
            ),
            env: envSection(),
        },
        expect: { code: "VARIABLE_UNRESOLVED", path: "env.env.TOKEN", hpl: "HPL08004E" },
        passing: {
            workload: composeWorkloadOf(
                `services:\n  web:\n    image: us.icr.io/team/app@${DIGEST}\n    environment:\n      - TOKEN=\${TOKEN:?set TOKEN}\n`,
            ),
            env: envSection({ env: { TOKEN: "t" } }),
        },
    },
    {
        rule: "a compose ${VAR} that nothing sets becomes empty, which is worth a warning",
        failing: {
            workload: composeWorkloadOf(
                `services:\n  web:\n    image: us.icr.io/team/app@${DIGEST}\n    environment:\n      - MODE=\${MODE}\n`,
            ),
            env: envSection(),
        },
        expect: { code: "VARIABLE_UNRESOLVED", path: "env.env.MODE", severity: "warning" },
        passing: {
            workload: composeWorkloadOf(
                `services:\n  web:\n    image: us.icr.io/team/app@${DIGEST}\n    environment:\n      - MODE=\${MODE:-fast}\n`,
            ),
            env: envSection(),
        },
    },
    {
        rule: "every compose service needs an image",
        failing: {
            workload: composeWorkloadOf("services:\n  web:\n    ports:\n      - 80:80\n"),
            env: envSection(),
        },
        expect: {
            code: "IMAGE_MISSING",
            path: 'workload.compose.archive["docker-compose.yaml"].services.web',
            hpl: "HPL08004E",
        },
        passing: { workload: composeWorkload(), env: envSection() },
    },
    {
        rule: "a templated image must make a valid reference once its variables are set",
        failing: {
            workload: composeWorkload({ web: TEMPLATED }),
            env: envSection({ env: { REGISTRY: "us.icr.io/" }, auths: auths("us.icr.io") }),
        },
        expect: {
            code: "IMAGE_MISSING",
            path: 'workload.compose.archive["docker-compose.yaml"].services.web.image',
            hpl: "HPL08004E",
        },
        passing: { workload: composeWorkload({ web: TEMPLATED }), env: withRegistry },
    },
    {
        rule: "an images.dct notary must be an https URL",
        failing: {
            workload: dctCompose({
                ...dctEntry(),
                notary: "http://notary.us.icr.io",
            }),
            env: envSection(),
        },
        expect: {
            code: "DCT_ENTRY_INVALID",
            path: 'workload.images.dct["us.icr.io/team/app"].notary',
            hpl: "HPL06004E",
        },
        passing: {
            workload: dctCompose(dctEntry()),
            env: envSection(),
        },
    },
    {
        rule: "an images.dct publicKey must be the base64 of a PEM certificate",
        failing: {
            workload: dctCompose({
                ...dctEntry(),
                publicKey: base64(pem(rsaPair(2048)).publicKey),
            }),
            env: envSection(),
        },
        expect: {
            code: "DCT_ENTRY_INVALID",
            path: 'workload.images.dct["us.icr.io/team/app"].publicKey',
            hpl: "HPL06004E",
        },
        passing: {
            workload: dctCompose(dctEntry()),
            env: envSection(),
        },
    },
    {
        rule: "an images.rhs publicKey must be the base64 of an armoured GPG public key",
        failing: {
            workload: rhsPod({
                publicKey: base64(pgpArmour(Buffer.from([0xb4, 0x04, 0x61]))),
            }),
            env: envSection(),
        },
        expect: {
            code: "RHS_ENTRY_INVALID",
            path: 'workload.images.rhs["us.icr.io/team/app"].publicKey',
            hpl: "HPL16002E",
        },
        passing: {
            workload: rhsPod(rhsEntry()),
            env: envSection(),
        },
    },
    {
        rule: "a pod template action must be closed",
        failing: {
            workload: podWorkload([`{{ .Env.REGISTRY /app@${DIGEST}`], "templates"),
            env: withRegistry,
        },
        expect: {
            code: "TEMPLATE_INVALID",
            path: "workload.play.templates[0].spec.containers[0].image",
            hpl: "HPL15002E",
        },
        passing: {
            workload: podWorkload([`{{ .Env.REGISTRY }}/app@${DIGEST}`], "templates"),
            env: withRegistry,
        },
    },
];
