/**
 * Test keys, generated once per test process and kept in memory.
 */
import * as crypto from "node:crypto";
import { createTestIdentity, type TestIdentity } from "../../provider/trust/test-identity";

const pairs = new Map<string, crypto.KeyPairKeyObjectResult>();

/**
 * An RSA key pair of `bits` bits, the same one for every caller in this process that gives the
 * same `name` (a test that needs a second key of one size names it).
 */
export function rsaPair(bits = 2048, name = "default"): crypto.KeyPairKeyObjectResult {
    let pair = pairs.get(`${bits}/${name}`);
    if (!pair) {
        pair = crypto.generateKeyPairSync("rsa", { modulusLength: bits });
        pairs.set(`${bits}/${name}`, pair);
    }
    return pair;
}

/** PEM texts of a pair. */
export function pem(pair: crypto.KeyPairKeyObjectResult) {
    return {
        publicKey: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
        privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
}

const identities = new Map<number, Promise<TestIdentity>>();

/** A test enclave identity (self-signed encryption certificate and key), one per size. */
export function testIdentity(bits = 4096): Promise<TestIdentity> {
    let identity = identities.get(bits);
    if (!identity) {
        identity = createTestIdentity({ bits });
        identities.set(bits, identity);
    }
    return identity;
}
