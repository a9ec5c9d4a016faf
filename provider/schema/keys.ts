/**
 * Keys and signatures around the two sections: the key that verifies the contract signature,
 * the signature itself, and the public key that encrypts the attestation record.
 */

import { z } from "zod";
import { expecting } from "./expectations";
import { BASE64, PEM_CERTIFICATE, PEM_PUBLIC_KEY, SECTION_TOKEN } from "./patterns";

/** A public key or certificate that verifies `envWorkloadSignature`. */
export const signingKeySchema = expecting(
    z
        .union([
            z.string().regex(PEM_PUBLIC_KEY),
            z.string().regex(BASE64),
            z.string().regex(PEM_CERTIFICATE),
        ])
        .describe(
            "The key that verifies envWorkloadSignature: a PEM public key, a PEM certificate " +
                "(whose expiry ends the contract's validity) or the base64 of either.",
        ),
    "a PEM public key, a PEM certificate, or the base64 of either",
);

/** The base64 RSA-SHA256 signature over the workload and env values. */
export const envWorkloadSignatureSchema = expecting(
    z
        .string()
        .regex(BASE64)
        .describe("The base64 signature over the workload and env values, in that order."),
    "base64 text",
);

function decodesToPemPublicKey(text: string): boolean {
    const pem = Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8");
    return PEM_PUBLIC_KEY.test(pem);
}

/**
 * The public key that encrypts the attestation record. IBM's schema admits only the PEM form,
 * but IBM's documentation also allows the base64 of the PEM and an encrypted token, and IBM's
 * tooling never validates this field; all three forms pass here.
 */
export const attestationPublicKeySchema = expecting(
    z
        .union([
            z.string().regex(PEM_PUBLIC_KEY),
            z.string().regex(BASE64).refine(decodesToPemPublicKey),
            z.string().regex(SECTION_TOKEN),
        ])
        .describe(
            "The RSA public key that encrypts the attestation record: PEM, the base64 of the " +
                "PEM, or that value encrypted like a section.",
        ),
    "an RSA public key in PEM form, the base64 of that PEM, or an encrypted token of it",
);
