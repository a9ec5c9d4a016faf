/**
 * Rule cases for env.logging: the backend's presence, its endpoint, and the syslog backend's
 * certificates and key.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { composeWorkload, envSection } from "../../support/contracts";
import { bash, scratch } from "../../support/tools";
import type { ContractInput } from "../../../provider/contract/validate";
import type { RuleCase } from "./rule-cases";

/** The material of a mutual-TLS syslog setup, made once by the openssl CLI. */
interface SyslogPki {
    readonly ca: string;
    readonly cert: string;
    readonly key: string;
    /** A CA that did not issue `cert`. */
    readonly otherCa: string;
    /** A key that does not belong to `cert`. */
    readonly otherKey: string;
}

let pki: SyslogPki | undefined;

function syslogPki(): SyslogPki {
    if (pki) return pki;
    const { dir, remove } = scratch("hpcr-syslog-");
    try {
        const ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
        bash(
            `openssl req -x509 ${ec} -keyout ca.key -out ca.crt -subj /CN=log-ca -days 3650 2>/dev/null
             openssl req -x509 ${ec} -keyout other.key -out other.crt -subj /CN=other-ca -days 3650 2>/dev/null
             openssl req -new ${ec} -keyout client.key -out client.csr -subj /CN=enclave 2>/dev/null
             openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -sha256 -out client.crt 2>/dev/null`,
            dir,
        );
        const read = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");
        pki = {
            ca: read("ca.crt"),
            cert: read("client.crt"),
            key: read("client.key"),
            otherCa: read("other.crt"),
            otherKey: read("other.key"),
        };
        return pki;
    } finally {
        remove();
    }
}

/** A contract whose env logs to syslog with `change` applied to the good configuration. */
function syslog(change: (good: Record<string, unknown>) => Record<string, unknown>) {
    return (): ContractInput => {
        const { ca, cert, key } = syslogPki();
        const good = { hostname: "logs.example.com", port: 6514, server: ca, cert, key };
        return {
            workload: composeWorkload(),
            env: envSection({ logging: { syslog: change(good) } }),
        };
    };
}

const same = (good: Record<string, unknown>) => good;
const base64 = (text: string) => Buffer.from(text).toString("base64");
const without = (key: string) => (good: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(good).filter(([k]) => k !== key));

/** The logging rules. */
export const LOGGING_CASES: readonly RuleCase[] = [
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
        rule: "a log endpoint is a bare host name",
        failing: {
            workload: composeWorkload(),
            env: envSection({
                logging: {
                    logRouter: { hostname: "https://logs.example.com:443", iamApiKey: "k-12345" },
                },
            }),
        },
        expect: {
            code: "LOGGING_ENDPOINT",
            path: "env.logging.logRouter.hostname",
            hpl: "HPL01001E",
        },
        passing: { workload: composeWorkload(), env: envSection() },
    },
    {
        rule: "a syslog endpoint is a bare host name",
        failing: syslog((good) => ({ ...good, hostname: "logs.example.com:6514" })),
        expect: { code: "LOGGING_ENDPOINT", path: "env.logging.syslog.hostname", hpl: "HPL01011E" },
        passing: syslog(same),
    },
    {
        rule: "syslog.server holds a PEM certificate, or base64 of one",
        failing: syslog((good) => ({ ...good, server: base64("no certificate here") })),
        expect: { code: "LOGGING_PEM", path: "env.logging.syslog.server", hpl: "HPL01005E" },
        passing: syslog((good) => ({ ...good, server: base64(good.server as string) })),
    },
    {
        rule: "syslog.server's certificates parse as X.509",
        failing: syslog((good) => ({
            ...good,
            server: "-----BEGIN CERTIFICATE-----\nQUJDRA==\n-----END CERTIFICATE-----\n",
        })),
        expect: { code: "LOGGING_PEM", path: "env.logging.syslog.server", hpl: "HPL01007E" },
        passing: syslog(same),
    },
    {
        rule: "syslog.cert is present: the enclave logs over mutual TLS",
        failing: syslog(without("cert")),
        expect: { code: "LOGGING_PEM", path: "env.logging.syslog.cert", hpl: "HPL01008E" },
        passing: syslog(same),
    },
    {
        rule: "syslog.cert parses as an X.509 certificate",
        failing: syslog((good) => ({
            ...good,
            cert: "-----BEGIN CERTIFICATE-----\nQUJDRA==\n-----END CERTIFICATE-----\n",
        })),
        expect: { code: "LOGGING_PEM", path: "env.logging.syslog.cert", hpl: "HPL01008E" },
        passing: syslog((good) => ({ ...good, cert: base64(good.cert as string) })),
    },
    {
        rule: "syslog.key is present: the enclave logs over mutual TLS",
        failing: syslog(without("key")),
        expect: { code: "LOGGING_PEM", path: "env.logging.syslog.key", hpl: "HPL01009E" },
        passing: syslog(same),
    },
    {
        rule: "syslog.key is a private key the enclave can read",
        failing: syslog((good) => ({
            ...good,
            key: "-----BEGIN PRIVATE KEY-----\nQUJDRA==\n-----END PRIVATE KEY-----\n",
        })),
        expect: { code: "LOGGING_PEM", path: "env.logging.syslog.key", hpl: "HPL01006E" },
        passing: syslog((good) => ({ ...good, key: base64(good.key as string) })),
    },
    {
        rule: "syslog.cert is issued by the CA in syslog.server",
        failing: syslog((good) => ({ ...good, server: syslogPki().otherCa })),
        expect: { code: "LOGGING_PEM", path: "env.logging.syslog.cert", hpl: "HPL01011E" },
        passing: syslog((good) => ({ ...good, server: `${syslogPki().otherCa}${good.server}` })),
    },
    {
        rule: "syslog.key belongs to syslog.cert",
        failing: syslog((good) => ({ ...good, key: syslogPki().otherKey })),
        expect: { code: "LOGGING_PEM", path: "env.logging.syslog.key", hpl: "HPL01011E" },
        passing: syslog(same),
    },
];
