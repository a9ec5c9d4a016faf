// The trust around one contract, in one stack: choose the newest Hyper Protect image in a
// version range, take the encryption certificate of that very version, build a contract that
// expires (signed with a certificate from your own CA, renewed before its end), and, once the
// instance runs, compare its attestation records with what was deployed.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as hp from "pulumi-hyper-protect";

const config = new pulumi.Config();
const read = (key: string) => fs.readFileSync(config.require(key), "utf8");

// IBM Cloud's image list. With @pulumi/ibm: ibm.getIsImagesOutput({ visibility: "public" }).images
const image = hp.getHyperProtectImage({
    images: JSON.parse(read("imagesFile")),
    version: config.get("imageVersion") ?? "^1.0.0",
});

// The certificate of the version the instance boots, downloaded once and cached. A mirror or an
// air-gapped host gives its own URL template.
const certificate = hp.getEncryptionCertificate({
    version: image.version,
    template: config.get("certificateUrlTemplate"),
});

const archive = new hp.ComposeArchive("compose", {
    folder: config.get("composeFolder") ?? "compose",
});

const contract = new hp.Contract("contract", {
    workload: { type: "workload", compose: { archive: archive.base64 } },
    env: {
        type: "env",
        logging: {
            logRouter: {
                hostname: config.require("logHostname"),
                iamApiKey: config.requireSecret("logApiKey"),
            },
        },
    },
    encryptionCertificate: certificate.certificate,
    signingKey: config.requireSecret("signingKey"),
    attestationPublicKey: config.get("attestationPublicKey"),
    // The contract expires `days` after its signing certificate is issued; the first `pulumi up`
    // within `renewWithinDays` of the end issues a new one. Change `rotate` to renew at will.
    expiry: {
        caCertificate: read("caCertificateFile"),
        caKey: config.requireSecret("caKey"),
        caKeyPassword: config.getSecret("caKeyPassword"),
        csrParameters: { domain: config.require("domain"), org: config.get("org") },
        days: config.getNumber("expiryDays") ?? 365,
        renewWithinDays: config.getNumber("renewWithinDays") ?? 30,
    },
    rotate: config.get("rotate"),
});

/** The image to boot and the certificate the contract is encrypted for. */
export const imageId = image.id;
export const imageVersion = image.version;
export const certificateStatus = pulumi.interpolate`${certificate.version}: ${certificate.status}, ${certificate.daysLeft} days left`;
/** The instance's user data (secret), and when the enclave stops accepting it. */
export const userData = contract.userData;
export const expiresAt = contract.expiresAt;
export const signingCertificate = contract.signingCertificate;

// Once the instance serves its records: se-checksums.txt.enc (for attestationPublicKey's private
// key) and se-signature.bin with the image's attestation certificate.
const recordsFile = config.get("attestationRecordsFile");
/** Each record line: matching, differing or unknown. Secret, like the user data. */
export const attestation = recordsFile
    ? hp.verifyAttestationRecords({
          records: fs.readFileSync(recordsFile, "utf8"),
          privateKey: config.requireSecret("attestationPrivateKey"),
          signature: fs.readFileSync(config.require("signatureFile")).toString("base64"),
          attestationCertificate: read("attestationCertificateFile"),
          contract,
          requireMatch: config.getBoolean("requireMatch") ?? false,
      })
    : undefined;
