/**
 * Rules on `env.logging` beyond its schema: the syslog backend's certificates and key must
 * parse, the client certificate must be issued by the CA given, and the key must match it.
 */
import * as crypto from "node:crypto";
import { pemBlocks } from "../crypto/pem";
import { finding, type Finding, type HplCode } from "./findings";
import { isMapping } from "./yaml-text";

const PATH = "env.logging.syslog";

/** Findings on a plain env section's syslog configuration. */
export function loggingRules(env: Readonly<Record<string, unknown>>): Finding[] {
    const logging = isMapping(env.logging) ? env.logging : undefined;
    const syslog = logging && isMapping(logging.syslog) ? logging.syslog : undefined;
    if (!syslog) return [];
    const findings: Finding[] = [];
    const bad = (field: string, message: string, hpl: HplCode) =>
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
    if ((syslog.cert === undefined) !== (syslog.key === undefined)) {
        bad(
            syslog.cert === undefined ? "cert" : "key",
            "is missing: mutual TLS needs both the client certificate and its key",
            syslog.cert === undefined ? "HPL01008E" : "HPL01009E",
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
