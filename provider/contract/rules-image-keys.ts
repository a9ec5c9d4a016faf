/**
 * Rules on `workload.images` beyond its schema: the keys that let the enclave trust images not
 * pinned by digest must be usable. A Docker Content Trust entry needs an https notary and the
 * base64 of the repository's root certificate; a Red Hat simple-signing entry needs the base64
 * of an ASCII-armoured GPG public key. The schema only asks for strings.
 */
import * as crypto from "node:crypto";
import { strictBase64 } from "../crypto/token";
import { finding, joinPath, type Finding } from "../findings";
import { isMapping } from "./yaml-text";

const PGP_BLOCK =
    /-----BEGIN PGP PUBLIC KEY BLOCK-----([\s\S]*?)-----END PGP PUBLIC KEY BLOCK-----/;

/** Findings on the entries of `workload.images.dct` and `workload.images.rhs`. */
export function imageKeyRules(images: unknown): Finding[] {
    if (!isMapping(images)) return [];
    const findings: Finding[] = [];
    const dct = isMapping(images.dct) ? images.dct : {};
    for (const [image, entry] of Object.entries(dct)) {
        if (!isMapping(entry)) continue; // the schema reports it
        const at = (field: string) => joinPath("workload", "images", "dct", image, field);
        if (typeof entry.notary === "string" && !isHttpsUrl(entry.notary)) {
            findings.push(
                finding(
                    "DCT_ENTRY_INVALID",
                    "error",
                    at("notary"),
                    "is not an https URL; give the notary server as https://<host>[:port]",
                    "HPL06004E",
                ),
            );
        }
        if (typeof entry.publicKey === "string" && !isBase64OfCertificate(entry.publicKey)) {
            findings.push(
                finding(
                    "DCT_ENTRY_INVALID",
                    "error",
                    at("publicKey"),
                    "is not the base64 of a PEM certificate; give the repository's root key as it appears in Docker's trust metadata (root.json)",
                    "HPL06004E",
                ),
            );
        }
    }
    const rhs = isMapping(images.rhs) ? images.rhs : {};
    for (const [image, entry] of Object.entries(rhs)) {
        if (!isMapping(entry) || typeof entry.publicKey !== "string") continue;
        if (!isBase64OfPgpKey(entry.publicKey)) {
            findings.push(
                finding(
                    "RHS_ENTRY_INVALID",
                    "error",
                    joinPath("workload", "images", "rhs", image, "publicKey"),
                    "is not the base64 of an ASCII-armoured GPG public key; give the output of gpg --armor --export <key id> | base64 -w0",
                    "HPL16002E",
                ),
            );
        }
    }
    return findings;
}

function isHttpsUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === "https:" && url.hostname !== "" && url.username === "";
    } catch {
        return false;
    }
}

function decoded(value: string): string | undefined {
    return strictBase64(value.replace(/\s+/g, ""))?.toString("latin1");
}

function isBase64OfCertificate(value: string): boolean {
    const text = decoded(value);
    const block = text && /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(text);
    if (!block) return false;
    try {
        new crypto.X509Certificate(block[0]);
        return true;
    } catch {
        return false;
    }
}

function isBase64OfPgpKey(value: string): boolean {
    const armour = PGP_BLOCK.exec(decoded(value) ?? "");
    if (!armour) return false;
    // Armour headers (`Comment: …`) end at the first empty line; the CRC line starts with `=`.
    const lines = armour[1].split(/\r?\n/).map((l) => l.trim());
    const blank = lines.indexOf("", 1);
    const headers = lines.slice(1, blank).some((l) => l.includes(": "));
    const body = (headers ? lines.slice(blank) : lines)
        .filter((l) => l !== "" && !l.startsWith("="))
        .join("");
    const packets = strictBase64(body);
    if (!packets || packets.length === 0) return false;
    // An OpenPGP public key starts with a public-key packet (tag 6), old or new format.
    return (packets[0] & 0xfc) === 0x98 || packets[0] === 0xc6;
}
