/**
 * Certificate revocation lists (RFC 5280 §5), read with this package's own DER reader: the
 * issuer, the update times, the serial numbers revoked, and the signature over them. Serials
 * are compared as numbers, never by searching text.
 */
import { InputError } from "../errors";
import { pemBlocks } from "../crypto/pem";
import {
    DerError,
    TAG,
    children,
    expectTag,
    looksLikeDer,
    readIntegerHex,
    readOne,
    readTime,
    type DerElement,
} from "./der";
import { formatName, verifySignedDer, type CertificateFacts } from "./x509";

/** A revocation list. */
export interface RevocationList {
    /** The issuer's name as encoded, matched against a certificate's subject. */
    readonly issuerDer: Buffer;
    /** The issuer, `CN=…, O=…`. */
    readonly issuer: string;
    readonly thisUpdate: Date;
    /** When the next list is due; a list past it is stale. */
    readonly nextUpdate?: Date;
    /** The revoked serial numbers (upper-case hex, no leading zeros) and their dates. */
    readonly revoked: ReadonlyMap<string, Date>;
    /** The signed structure, for {@link crlSignedBy}. */
    readonly signed: DerElement;
}

/**
 * Reads a CRL in PEM (`X509 CRL`) or DER.
 *
 * @param field The input's name, for error messages. Default: `crl`.
 * @throws InputError when it is not a CRL.
 */
export function readRevocationList(data: string | Buffer, field = "crl"): RevocationList {
    let der: Buffer;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    if (looksLikeDer(bytes)) {
        der = bytes;
    } else {
        const block = pemBlocks(bytes.toString("latin1")).find((b) => b.label === "X509 CRL");
        if (!block) throw new InputError(field, "holds no CRL (PEM X509 CRL or DER)");
        der = Buffer.from(block.text.replace(/-----[^-]+-----|\s+/g, ""), "base64");
    }
    try {
        return parse(der);
    } catch (e) {
        if (e instanceof DerError) throw new InputError(field, `is not a valid CRL: ${e.message}`);
        throw e;
    }
}

function parse(der: Buffer): RevocationList {
    const signed = readOne(der);
    const [tbs] = children(expectTag(signed, TAG.SEQUENCE, "a CRL"));
    const fields = children(expectTag(tbs, TAG.SEQUENCE, "the signed part of a CRL"));
    let i = fields[0]?.tag === TAG.INTEGER ? 1 : 0; // v2 lists carry a version
    expectTag(fields[i++], TAG.SEQUENCE, "the signature algorithm");
    const issuer = expectTag(fields[i++], TAG.SEQUENCE, "the issuer name");
    if (!fields[i]) throw new DerError("missing thisUpdate");
    const thisUpdate = readTime(fields[i++]);
    let nextUpdate: Date | undefined;
    if (fields[i] && (fields[i].tag === TAG.UTC_TIME || fields[i].tag === TAG.GENERALIZED_TIME)) {
        nextUpdate = readTime(fields[i++]);
    }
    const revoked = new Map<string, Date>();
    if (fields[i]?.tag === TAG.SEQUENCE) {
        for (const entry of children(fields[i])) {
            const [serial, date] = children(expectTag(entry, TAG.SEQUENCE, "a revoked entry"));
            if (!date) throw new DerError("revoked entry without a date");
            revoked.set(readIntegerHex(serial), readTime(date));
        }
    }
    return {
        issuerDer: issuer.raw,
        issuer: formatName(issuer),
        thisUpdate,
        nextUpdate,
        revoked,
        signed,
    };
}

/** Whether `issuer` issued the list: its subject is the list's issuer and its key signed it. */
export function crlSignedBy(crl: RevocationList, issuer: CertificateFacts): boolean {
    if (!crl.issuerDer.equals(issuer.subjectDer)) return false;
    try {
        return verifySignedDer(crl.signed, issuer.x509.publicKey);
    } catch {
        return false;
    }
}

/** When the list revokes the serial number, the revocation date; else undefined. */
export function revocationDate(crl: RevocationList, serialNumber: string): Date | undefined {
    const normal = serialNumber.toUpperCase().replace(/^0+(?=.)/, "");
    return crl.revoked.get(normal);
}
