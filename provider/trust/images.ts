/**
 * Choosing the Hyper Protect Container Runtime image of IBM Cloud VPC from an image list, in
 * any of the three shapes IBM Cloud returns (Terraform's `ibm_is_images`, `ibmcloud is images
 * --json`, the VPC API): the newest public, available s390x HPCR image in a version range.
 */
import { InputError } from "../errors";
import { maxSatisfying, parseRange } from "./semver";

/** The image chosen. */
export interface HyperProtectImage {
    /** The image ID, e.g. `r006-…`. */
    readonly id: string;
    /** The image name, `ibm-hyper-protect-container-runtime-M-m-s390x-p`. */
    readonly name: string;
    /** Hex SHA-256 of the image file, when the list gives it. */
    readonly checksum?: string;
    /** The version `M.m.p` read from the name. */
    readonly version: string;
}

const NAME = /^ibm-hyper-protect-container-runtime-(\d+)-(\d+)-s390x-(\d+)$/;
const OS = /^hyper-protect-[\w-]+-s390x-hpcr$/;

type Json = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The HPCR images of a list, with their versions, in list order. An image qualifies when it is
 * s390x, available and public, its operating system is an HPCR one and its name carries a
 * version. The architecture and operating system come from the top-level fields (Terraform)
 * or else from `operating_system` (`operatingSystems` in Pulumi's IBM provider), an object or
 * an array whose first element counts; the checksum from `checksum` or else
 * `file.checksums.sha256`.
 */
export function hyperProtectImages(list: unknown): HyperProtectImage[] {
    return imageArray(list).flatMap((raw) => {
        if (typeof raw !== "object" || raw === null) return [];
        const image = raw as Json;
        // Pulumi's IBM provider (getIsImages) names the Terraform list `operatingSystems`.
        const osField = image.operating_system ?? image.operatingSystems ?? image.operatingSystem;
        const system = (Array.isArray(osField) ? osField[0] : osField) as Json | undefined;
        const architecture = text(image.architecture) || text(system?.architecture);
        const os = text(image.os) || text(system?.name);
        const m = NAME.exec(text(image.name));
        const candidate =
            architecture === "s390x" &&
            image.status === "available" &&
            image.visibility === "public" &&
            OS.test(os) &&
            m !== null;
        if (!candidate) return [];
        const file = image.file as { checksums?: { sha256?: unknown } } | undefined;
        const checksum = text(image.checksum) || text(file?.checksums?.sha256);
        return [
            {
                id: text(image.id),
                name: text(image.name),
                ...(checksum ? { checksum } : {}),
                version: `${Number(m![1])}.${Number(m![2])}.${Number(m![3])}`,
            },
        ];
    });
}

function imageArray(list: unknown): unknown[] {
    if (Array.isArray(list)) return list;
    const images = (list as { images?: unknown } | null)?.images;
    if (Array.isArray(images)) return images;
    throw new InputError(
        "images",
        "must be a JSON array of images, or the VPC API's object with an images array",
    );
}

/**
 * Chooses the newest HPCR image in a version range. Among images of the same version the last
 * one in the list wins.
 *
 * @param list The image list: an array, or `{ images: [...] }`; JSON text is parsed.
 * @param range A version range (`1.0.21`, `>=1.0.20`, `~1.0`); default: any version.
 * @throws InputError when the list is not an image list, the range is malformed, or no image
 *   qualifies.
 */
export function selectImage(list: unknown, range = "*"): HyperProtectImage {
    let value = list;
    if (typeof list === "string" || Buffer.isBuffer(list)) {
        try {
            value = JSON.parse(list.toString());
        } catch {
            throw new InputError("images", "is not JSON");
        }
    }
    const images = hyperProtectImages(value);
    const parsed = parseRange(range);
    const version = maxSatisfying(
        images.map((i) => i.version),
        parsed,
    );
    if (version === undefined) {
        const seen = [...new Set(images.map((i) => i.version))].join(", ") || "none";
        throw new InputError(
            "images",
            `hold no public, available Hyper Protect image in "${range}" (versions found: ${seen})`,
        );
    }
    return images.filter((i) => i.version === version).pop()!;
}
