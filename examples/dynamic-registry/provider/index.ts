// The workload provider's stack. It archives the compose folder, encrypts the workload for the
// enclave image's certificate, and publishes the sealed workload: the token and a manifest that
// tells the deployer what to supply (here REGISTRY, and credentials for that registry).
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as hp from "pulumi-hyper-protect";

const config = new pulumi.Config();
// The `...-encrypt.crt` of the image version the workload runs on.
const encryptionCertificate =
    config.get("encryptionCertificate") ??
    fs.readFileSync(config.require("encryptionCertificateFile"), "utf8");

const archive = new hp.ComposeArchive("compose", {
    folder: config.get("composeFolder") ?? "../workload/compose",
});

const workload = new hp.SealedWorkload("workload", {
    platform: "hpvs",
    workload: {
        type: "workload",
        compose: { archive: archive.base64 },
    },
    encryptionCertificate,
    // The compose file holds no secret a guess could find, so the deployer may have the
    // workload's plaintext hash and verify the attestation record's workload line with it.
    sharePlaintextHash: true,
});

/** What the deployer's stack reads: the token, its manifest and the plaintext hash (secret). */
export const sealedWorkload = workload.sealed;
/** The variables the deployer must set. */
export const requires = workload.manifest.apply((m) => m.requires);
/** Hex SHA-256 of the workload token. */
export const workloadSha256 = workload.tokenSha256;
/** The archive's content key: it changes only when a file in the folder changes. */
export const composeContentHash = archive.contentHash;
