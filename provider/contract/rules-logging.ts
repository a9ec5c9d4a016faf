/**
 * Rules on `env.logging` beyond its schema: the endpoint must be a bare host name, the syslog
 * backend's certificates and key must be there and parse, the client certificate must be
 * issued by the CA given, and the key must match it.
 */
import * as crypto from "node:crypto";
import * as net from "node:net";
import { pemBlocks } from "../crypto/pem";
import type { HplOf } from "../finding-codes";
import { finding, type Finding } from "../findings";
import { isMapping } from "./yaml-text";

const PATH = "env.logging.syslog";

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Whether a log endpoint is a host name or an IP address, with no scheme, port or path. */
export function isBareHost(value: string): boolean {
    if (net.isIP(value) !== 0) return true;
    const name = value.endsWith(".") ? value.slice(0, -1) : value;
    return name.length > 0 && name.length <= 253 && name.split(".").every((l) => LABEL.test(l));
}

/** Findings on a plain env section's logging configuration. */
export function loggingRules(env: Readonly<Record<string, unknown>>): Finding[] {
    const logging = isMapping(env.logging) ? env.logging : undefined;
    if (!logging) return [];
    const findings: Finding[] = [];
    for (const backend of ["logRouter", "syslog"] as const) {
        const config = logging[backend];
        const hostname = isMapping(config) ? config.hostname : undefined;
        if (typeof hostname === "string" && !isBareHost(hostname)) {
            findings.push(
                finding(
                    "LOGGING_ENDPOINT",
                    "error",
                    `env.logging.${backend}.hostname`,
                    "is not a bare host name or IP address; drop any scheme, port or path (the port goes in port)",
                    backend === "syslog" ? "HPL01011E" : "HPL01001E",
                ),
            );
        }
    }
    const syslog = isMapping(logging.syslog) ? logging.syslog : undefined;
    return syslog ? [...findings, ...syslogRules(syslog)] : findings;
}

function syslogRules(syslog: Readonly<Record<string, unknown>>): Finding[] {
    const findings: Finding[] = [];
    const bad = (field: string, message: string, hpl: HplOf<"LOGGING_PEM">) =>
        findings.push(finding("LOGGING_PEM", "error", `${PATH}.${field}`, message, hpl));
    const cas: crypto.X509Certificate[] = [];
    if (typeof syslog.server === "string") {
        const blocks = pemBlocks(syslog.server).filter((b) => b.label === "CERTIFICATE");
        for (const b of blocks) {
            try {
                cas.push(new crypto.X509Certificate(b.text));
            } catch {
                // counted below
            }
        }
        if (blocks.length === 0) {
            bad(
                "server",
                "holds no PEM certificate; give the syslog server's CA certificate (PEM or base64 of PEM)",
                "HPL01005E",
            );
        } else if (cas.length !== blocks.length) {
            bad(
                "server",
                "holds a certificate that does not parse as X.509; give the CA certificate(s) in PEM",
                "HPL01007E",
            );
        }
    }
    let client: crypto.X509Certificate | undefined;
    if (typeof syslog.cert === "string") {
        const block = pemBlocks(syslog.cert).find((b) => b.label === "CERTIFICATE");
        if (!block) {
            bad(
                "cert",
                "holds no PEM certificate; give the client certificate (PEM or base64 of PEM)",
                "HPL01005E",
            );
        } else {
            try {
                client = new crypto.X509Certificate(block.text);
            } catch {
                bad(
                    "cert",
                    "does not parse as an X.509 certificate; give the client certificate in PEM",
                    "HPL01008E",
                );
            }
        }
    }
    let key: crypto.KeyObject | undefined;
    if (typeof syslog.key === "string") {
        const block = pemBlocks(syslog.key).find((b) => b.label.endsWith("PRIVATE KEY"));
        if (!block) {
            bad(
                "key",
                "holds no PEM private key; give the client key (PKCS#8 PEM recommended, or base64 of it)",
                "HPL01005E",
            );
        } else {
            try {
                key = crypto.createPrivateKey({ key: block.text, format: "pem" });
            } catch {
                bad(
                    "key",
                    "is not a private key the enclave can read; give an unencrypted PKCS#8 (or PKCS#1/EC) PEM key",
                    "HPL01006E",
                );
            }
        }
    }
    if (syslog.cert === undefined) {
        bad(
            "cert",
            "is missing: the enclave logs over mutual TLS, so give the client certificate (PEM or base64 of PEM) and its key",
            "HPL01008E",
        );
    }
    if (syslog.key === undefined) {
        bad(
            "key",
            "is missing: the enclave logs over mutual TLS, so give the client certificate's private key (PKCS#8 PEM or base64 of it)",
            "HPL01009E",
        );
    }
    if (client && cas.length > 0 && !cas.some((ca) => safe(() => client!.verify(ca.publicKey)))) {
        bad(
            "cert",
            "is not issued by the CA in env.logging.syslog.server; the server would refuse it",
            "HPL01011E",
        );
    }
    if (client && key && !safe(() => client!.checkPrivateKey(key!))) {
        bad(
            "key",
            "does not belong to the certificate in env.logging.syslog.cert; give the matching pair",
            "HPL01011E",
        );
    }
    return findings;
}

function safe(test: () => boolean): boolean {
    try {
        return test();
    } catch {
        return false;
    }
}
