/**
 * `workload.images`: the keys that let the enclave trust images that are not pinned by digest.
 * Docker Content Trust covers compose images, Red Hat simple signing covers pod images.
 */

import { z } from "zod";
import { matching } from "./expectations";
import { DCT_IMAGE, RHS_IMAGE } from "./patterns";

/** The notary and root key that vouch for one image under Docker Content Trust. */
export const dctImageSchema = z
    .strictObject({
        notary: z.string().describe("The notary server URL."),
        publicKey: z.string().describe("The base64 of the repository's root certificate."),
    })
    .describe("Docker Content Trust settings for one image.");

/** Docker Content Trust settings for one image. */
export type DctImage = z.input<typeof dctImageSchema>;

/** The GPG key that signed one image under Red Hat simple signing. */
export const rhsImageSchema = z
    .strictObject({
        publicKey: z.string().describe("The base64 of the ASCII-armoured GPG public key."),
    })
    .describe("Red Hat simple-signing settings for one image.");

/** Red Hat simple-signing settings for one image. */
export type RhsImage = z.input<typeof rhsImageSchema>;

/** Image trust settings. */
export const imagesSchema = z
    .strictObject({
        dct: z
            .record(
                matching(
                    DCT_IMAGE,
                    "an image name without tag, as host/namespace/repository (namespace 3 to " +
                        "30, repository 2 to 255 characters of a-z, 0-9, _ and -)",
                ),
                dctImageSchema,
            )
            .describe("Docker Content Trust, keyed by image name without tag.")
            .optional(),
        rhs: z
            .record(
                matching(
                    RHS_IMAGE,
                    "an image reference with a dotted registry host and a path, optionally " +
                        "followed by :tag and @sha256:<64 hex digits>",
                ),
                rhsImageSchema,
            )
            .describe("Red Hat simple signing, keyed by image reference.")
            .optional(),
    })
    .describe("Keys that let the enclave trust images not pinned by digest.");

/** Image trust settings. */
export type Images = z.input<typeof imagesSchema>;
