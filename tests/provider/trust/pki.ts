/**
 * A test PKI shaped like IBM's: a root, a "DigiCert" intermediate, an "IBM" intermediate and
 * leaf certificates under it, all made by the openssl CLI, with revocation lists made by
 * `openssl ca -gencrl`. Its keys are throwaway test keys in a scratch folder.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bash, scratch } from "../../support/tools";

/** The certificates of the PKI. */
export type PkiName = "root" | "digicert" | "ibm" | "leaf" | "other" | "notCa" | "underNotCa";

/** Options for a revocation list. */
export interface CrlOptions {
    /** Certificates of the PKI to revoke. */
    readonly revoke?: readonly PkiName[];
    /** `thisUpdate`, as YYYYMMDDHHMMSSZ. */
    readonly lastUpdate?: string;
    /** `nextUpdate`, as YYYYMMDDHHMMSSZ. */
    readonly nextUpdate?: string;
    /** Write DER instead of PEM. */
    readonly der?: boolean;
}

/** A PKI in a scratch folder. */
export interface TestPki {
    readonly dir: string;
    /** A certificate's PEM. */
    cert(name: PkiName): string;
    /** A key's PEM. */
    key(name: PkiName): string;
    /** A revocation list issued by `issuer`. */
    crl(issuer: PkiName, options?: CrlOptions): Buffer;
    remove(): void;
}

const CA_EXT = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n";
const LEAF_EXT = "basicConstraints=CA:FALSE\nkeyUsage=critical,keyEncipherment,digitalSignature\n";
const IDS = "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";

/** Makes the PKI (2048-bit keys, for speed). */
export function createPki(): TestPki {
    const { dir, remove } = scratch("hpcr-pki-");
    const issue = (name: string, issuer: string, subject: string, ext: string, days = 365) => {
        fs.writeFileSync(path.join(dir, `${name}.ext`), ext + IDS);
        bash(
            `openssl req -new -newkey rsa:2048 -nodes -keyout ${name}.key -out ${name}.csr -subj "${subject}" 2>/dev/null
             openssl x509 -req -in ${name}.csr -CA ${issuer}.crt -CAkey ${issuer}.key -CAcreateserial -days ${days} -sha512 -extfile ${name}.ext -out ${name}.crt 2>/dev/null`,
            dir,
        );
    };
    bash(
        `openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.crt -days 3650 -sha384 -subj "/C=US/O=Test DigiCert/CN=Test Trusted Root G4" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null`,
        dir,
    );
    issue("digicert", "root", "/C=US/O=Test DigiCert/CN=Test Code Signing CA", CA_EXT, 1825);
    issue(
        "ibm",
        "digicert",
        "/C=US/O=Test IBM/OU=Signing Service/CN=Test Intermediate",
        CA_EXT,
        900,
    );
    issue("leaf", "ibm", "/C=US/O=Test IBM/CN=Test Contract Encryption", LEAF_EXT);
    issue("other", "ibm", "/C=US/O=Test IBM/CN=Test Other Encryption", LEAF_EXT);
    // A certificate whose basicConstraints deny it is a CA, and one it issued anyway.
    issue("notCa", "digicert", "/C=US/O=Test IBM/CN=Not A CA", "basicConstraints=CA:FALSE\n");
    issue("underNotCa", "notCa", "/C=US/O=Test IBM/CN=Issued By Not A CA", LEAF_EXT);
    let crls = 0;
    return {
        dir,
        cert: (name) => fs.readFileSync(path.join(dir, `${name}.crt`), "utf8"),
        key: (name) => fs.readFileSync(path.join(dir, `${name}.key`), "utf8"),
        crl(issuer, options = {}) {
            // Each list gets its own database, so that revocations do not carry over.
            const db = path.join(dir, `crl${++crls}`);
            fs.mkdirSync(db);
            fs.writeFileSync(path.join(db, "index.txt"), "");
            fs.writeFileSync(path.join(db, "crlnumber"), "01\n");
            fs.writeFileSync(
                path.join(db, "ca.cnf"),
                `[ca]\ndefault_ca = d\n[d]\ndatabase = ${db}/index.txt\ncrlnumber = ${db}/crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n`,
            );
            const ca = `-config ${db}/ca.cnf -keyfile ${issuer}.key -cert ${issuer}.crt`;
            const revoke = (options.revoke ?? [])
                .map((name) => `openssl ca ${ca} -revoke ${name}.crt 2>/dev/null`)
                .join("\n");
            const times = [
                options.lastUpdate ? `-crl_lastupdate ${options.lastUpdate}` : "",
                options.nextUpdate ? `-crl_nextupdate ${options.nextUpdate}` : "",
            ].join(" ");
            bash(
                `${revoke}
                 openssl ca ${ca} -gencrl ${times} -out ${db}/crl.pem 2>/dev/null
                 openssl crl -in ${db}/crl.pem -outform ${options.der ? "DER" : "PEM"} -out ${db}/crl.out`,
                dir,
            );
            return fs.readFileSync(path.join(db, "crl.out"));
        },
        remove,
    };
}
