import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import * as handlers from "../../../provider/dynamic/contract-handlers";
import { UNKNOWN } from "../../../provider/dynamic/common";
import { decryptContract } from "../../../provider/contract/decrypt";
import { readPrivateKey } from "../../../provider/crypto/keys";
import type { ContractState } from "../../../provider/dynamic/contract-state";
import { composeWorkload, envSection } from "../../support/contracts";
import { pem, rsaPair, testIdentity } from "../../support/keys";
import { captureLog } from "../../support/stderr";
import { bash, scratch } from "../../support/tools";
import { requireVectors, vectorText } from "../../support/vectors";

const DAY = 86_400_000;
const CA_PASSWORD = "canary-ca-password-0007";
const SUBJECT = { country: "DE", org: "Example", domain: "contracts.example.com" };

describe("Contract expiry in the provider", function () {
    let dir: string;
    let remove: () => void;
    let inputs: Record<string, unknown>;
    let enclaveKey: string;
    const signer = pem(rsaPair(2048));
    const file = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");
    const expiry = (over: Record<string, unknown> = {}) => ({
        caCertificate: file("ca.crt"),
        caKey: file("ca.enc.key"),
        caKeyPassword: CA_PASSWORD,
        csrParameters: SUBJECT,
        days: 90,
        ...over,
    });
    const withExpiry = (
        over: Record<string, unknown> = {},
        rest: Record<string, unknown> = {},
    ) => ({
        ...inputs,
        expiry: expiry(over),
        ...rest,
    });
    /** The signing certificate's text as openssl prints it. */
    const openssl = (certificate: string, args: string) => {
        fs.writeFileSync(path.join(dir, "issued.crt"), certificate);
        return bash(`openssl ${args}`, dir);
    };

    before(async () => {
        ({ dir, remove } = scratch());
        bash(
            `openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 400 -subj "/O=Test/CN=Test Contract CA" 2>/dev/null
             openssl pkey -in ca.key -aes256 -passout pass:${CA_PASSWORD} -out ca.enc.key
             openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt -days 30 -subj "/CN=Other CA" 2>/dev/null`,
            dir,
        );
        const identity = await testIdentity();
        enclaveKey = identity.privateKey;
        inputs = {
            resourceName: "web-contract",
            providerVersion: "1.0.0",
            platform: "hpvs",
            workload: composeWorkload(),
            env: envSection(),
            encryptionCertificate: identity.certificate,
            signingKey: signer.privateKey,
        };
    });
    after(() => remove());

    describe("check", () => {
        const failures = async (news: Record<string, unknown>, olds = {}) => {
            const { result, log } = await captureLog(() => handlers.check(olds, news));
            // No property is named: the engine would print its value, the CA key among them.
            for (const f of result.failures) {
                assert.equal(f.property, "", f.reason);
                assert.match(f.reason, /^error EXPIRY_INVALID expiry\b/);
            }
            assert.ok(!log.includes(CA_PASSWORD) && !log.includes("PRIVATE KEY"));
            return { reasons: result.failures.map((f) => f.reason).join("\n"), log };
        };

        it("accepts a CA with an encrypted key and CSR parameters", async () => {
            assert.equal((await failures(withExpiry())).reasons, "");
        });

        // [what, expiry change, input change, error]
        const refusals: [string, () => Record<string, unknown>, Record<string, unknown>, RegExp][] =
            [
                [
                    "a CSR of another key",
                    () => ({
                        csrParameters: undefined,
                        csr: bash(`openssl req -new -key other.key -subj "/CN=x" 2>/dev/null`, dir),
                    }),
                    {},
                    /EXPIRY_INVALID expiry\.csr: carries another public key than the signing key/,
                ],
                [
                    "a CA key that is not the CA's",
                    () => ({ caKey: file("other.key"), caKeyPassword: undefined }),
                    {},
                    /expiry\.caKey: is not the key of caCertificate/,
                ],
                [
                    "an encrypted CA key without its password",
                    () => ({ caKeyPassword: undefined }),
                    {},
                    /expiry\.caKey: is encrypted; give its password in caKeyPassword/,
                ],
                [
                    "an encrypted CA key with a wrong password",
                    () => ({ caKeyPassword: "wrong-password-0008" }),
                    {},
                    /expiry\.caKey: cannot be decrypted/,
                ],
                ["zero days", () => ({ days: 0 }), {}, /expiry\.days: must be a positive whole/],
                [
                    "a renew window as long as the validity",
                    () => ({ days: 30, renewWithinDays: 30 }),
                    {},
                    /expiry\.renewWithinDays: is 30, not under days \(30\)/,
                ],
                [
                    "both a CSR and its parameters",
                    () => ({ csr: "x" }),
                    {},
                    /expiry\.csr: give either csrParameters or csr/,
                ],
                [
                    "a key that is no expiry input",
                    () => ({ expiryDays: 3 }),
                    {},
                    /expiry\.expiryDays: is not an expiry input/,
                ],
                [
                    "CSR parameters without a domain",
                    () => ({ csrParameters: { country: "DE" } }),
                    {},
                    /expiry\.csrParameters: domain \(the common name\) is required/,
                ],
                [
                    "a contract with no signing key, since the certificate is issued for it",
                    () => ({}),
                    { signingKey: undefined },
                    /EXPIRY_INVALID expiry: needs signingKey/,
                ],
            ];
        for (const [what, change, rest, error] of refusals) {
            it(`refuses ${what}, naming the input`, async () => {
                const { reasons } = await failures(withExpiry(change(), rest));
                assert.match(reasons, error);
                assert.ok(!reasons.includes("wrong-password-0008"));
            });
        }

        it("refuses contract-go's expired personal CA, and its CSR for another key", async function () {
            requireVectors(this);
            const sample = (name: string) =>
                vectorText("contract-go/samples/contract-expiry", name);
            const { reasons } = await failures(
                withExpiry(
                    {
                        caCertificate: sample("personal_ca.crt"),
                        caKey: sample("personal_ca.pem"),
                        caKeyPassword: undefined,
                    },
                    { signingKey: sample("private.pem") },
                ),
            );
            assert.match(
                reasons,
                /^error EXPIRY_INVALID expiry\.caCertificate: expired on 2025-03-20 \(CA expired\)/,
            );
            const other = await failures(
                withExpiry({ csrParameters: undefined, csr: sample("csr.pem") }),
            );
            assert.match(other.reasons, /expiry\.csr: carries another public key/);
        });

        it("accepts contract-go's CSR for its own signing key", async function () {
            requireVectors(this);
            const sample = (name: string) =>
                vectorText("contract-go/samples/contract-expiry", name);
            const news = withExpiry(
                { csrParameters: undefined, csr: sample("csr.pem") },
                { signingKey: sample("private.pem") },
            );
            assert.equal((await failures(news)).reasons, "");
        });

        it("warns at preview when each certificate gives fewer than 30 days", async () => {
            const { reasons, log } = await failures(withExpiry({ days: 20 }));
            assert.equal(reasons, "");
            assert.match(
                log,
                /warning: web-contract: warning CONTRACT_EXPIRING expiry\.days: is 20: .*within 30 days.*HPL12006E/,
            );
        });

        it("tolerates unknown values during preview", async () => {
            assert.equal((await failures(withExpiry({ caKey: UNKNOWN }))).reasons, "");
            assert.equal((await failures({ ...inputs, expiry: UNKNOWN })).reasons, "");
        });

        it("only warns of an expired CA while the kept certificate stays", async function () {
            requireVectors(this);
            const expired = {
                caCertificate: vectorText("contract-go/samples/contract-expiry/personal_ca.crt"),
            };
            const olds = withExpiry(expired);
            const news = withExpiry(expired, { env: envSection({ env: { MODE: "x" } }) });
            const { reasons, log } = await failures(news, olds);
            assert.equal(reasons, "");
            assert.match(
                log,
                /warning EXPIRY_INVALID expiry\.caCertificate: expired on 2025-03-20 \(CA expired\): the contract keeps its signing certificate/,
            );
            const rotated = await failures({ ...news, rotate: 1 }, olds);
            assert.match(rotated.reasons, /error EXPIRY_INVALID expiry\.caCertificate: expired/);
        });
    });

    describe("create, diff and update", () => {
        let state: ContractState;
        const bag = (s: ContractState) => s as unknown as Record<string, unknown>;
        const diff = (news: Record<string, unknown>, from = state) =>
            captureLog(() => handlers.diff("id", bag(from), news));
        const update = async (news: Record<string, unknown>, from = state) =>
            (await handlers.update("id", bag(from), news)).outs;
        /** The state as it would stand once `days` days have passed. */
        const later = (days: number, from = state): ContractState => ({
            ...from,
            expiresAt: new Date(Date.parse(from.expiresAt!) - days * DAY).toISOString(),
        });
        const serial = (s: ContractState) =>
            openssl(s.signingCertificate!, "x509 -in issued.crt -noout -serial");

        before(async () => {
            state = (await handlers.create(withExpiry())).outs;
        });

        it("issues a certificate that openssl verifies against the CA, and reports the expiry", () => {
            assert.match(
                openssl(state.signingCertificate!, "verify -CAfile ca.crt issued.crt"),
                /issued.crt: OK/,
            );
            assert.equal(
                openssl(state.signingCertificate!, "x509 -in issued.crt -noout -pubkey"),
                signer.publicKey,
            );
            assert.match(
                openssl(state.signingCertificate!, "x509 -in issued.crt -noout -subject"),
                /CN = contracts\.example\.com$/m,
            );
            const left = Date.parse(state.expiresAt!) - Date.now();
            assert.ok(left > 89.9 * DAY && left <= 90 * DAY, state.expiresAt!);
        });

        it("writes base64 of the certificate, once, as env.signingKey", async () => {
            const plain = await decryptContract(state.userData, readPrivateKey(enclaveKey));
            const signingKey = YAML.parse(plain.env!).signingKey;
            assert.equal(Buffer.from(signingKey, "base64").toString(), state.signingCertificate);
        });

        it("keeps the CA key and its password out of the state and the log", async () => {
            const { log } = await captureLog(() => handlers.create(withExpiry()));
            const text = JSON.stringify(state) + log;
            assert.ok(!text.includes(CA_PASSWORD));
            assert.ok(!text.includes(file("ca.enc.key").split("\n")[1]));
        });

        it("changes nothing for the same inputs, in any key order", async () => {
            const news = withExpiry({}, {});
            const reordered = {
                ...news,
                expiry: Object.fromEntries(Object.entries(news.expiry).reverse()),
            };
            const { result, log } = await diff(reordered);
            assert.equal(result.changes, false);
            assert.equal(log, "");
            assert.deepEqual(await update(news), { ...state, providerVersion: "1.0.0" });
        });

        it("changes nothing when only the renew window changes and is not reached", async () => {
            const { result } = await diff(withExpiry({ renewWithinDays: 30 }));
            assert.equal(result.changes, false);
        });

        it("keeps the certificate when env changes, and re-encrypts env for it", async () => {
            const env = envSection({ env: { MODE: "changed" } });
            const outs = await update(withExpiry({}, { env }));
            assert.equal(outs.signingCertificate, state.signingCertificate);
            assert.equal(outs.expiresAt, state.expiresAt);
            assert.notEqual(YAML.parse(outs.userData).env, YAML.parse(state.userData).env);
            assert.equal(YAML.parse(outs.userData).workload, YAML.parse(state.userData).workload);
        });

        // [what, news]
        const reissues: [string, () => Record<string, unknown>][] = [
            ["rotate changes", () => withExpiry({}, { rotate: "2027-01" })],
            ["the days change", () => withExpiry({ days: 120 })],
            [
                "the CSR parameters change",
                () => withExpiry({ csrParameters: { domain: "b.example" } }),
            ],
        ];
        for (const [what, news] of reissues) {
            it(`issues a new certificate when ${what}`, async () => {
                const { result, log } = await diff(news());
                assert.equal(result.changes, true);
                assert.match(log, /changed; re-encrypting (workload, )?env/);
                const outs = await update(news());
                assert.notEqual(serial(outs), serial(state));
                assert.notEqual(YAML.parse(outs.userData).env, YAML.parse(state.userData).env);
            });
        }

        it("issues a new certificate at the next update once the renew window is reached", async () => {
            const old = later(85); // five days left
            const news = withExpiry({ renewWithinDays: 10 });
            const { result, log } = await diff(news, old);
            assert.equal(result.changes, true);
            assert.match(
                log,
                /info: web-contract: the contract expires on \d{4}-\d\d-\d\d \(4 days left\), within the renew window of 10 days; a new signing certificate is issued/,
            );
            const outs = await update(news, old);
            assert.notEqual(serial(outs), serial(state));
            assert.ok(Date.parse(outs.expiresAt!) - Date.now() > 89.9 * DAY);
            assert.equal(YAML.parse(outs.userData).workload, YAML.parse(state.userData).workload);
            assert.notEqual(YAML.parse(outs.userData).env, YAML.parse(state.userData).env);
        });

        it("warns at preview when the kept certificate ends within 30 days", async () => {
            const { result, log } = await diff(withExpiry(), later(75));
            assert.equal(result.changes, false);
            assert.match(
                log,
                /warning: web-contract: warning CONTRACT_EXPIRING expiry: makes the contract expire on .*, in 14 days; .*set expiry\.renewWithinDays \(enclave: HPL12006E\)/,
            );
        });

        it("refuses at preview a kept certificate that has expired, saying how to renew", async () => {
            await assert.rejects(
                diff(withExpiry(), later(91)),
                /web-contract: expiry: the contract expired on .* \(HPL12007E\); change rotate, set expiry\.renewWithinDays/,
            );
            const renewed = await diff(withExpiry({ renewWithinDays: 0 }), later(91));
            assert.equal(renewed.result.changes, true);
        });

        it("drops the expiry when the input goes, signing with the public key again", async () => {
            const outs = await update({ ...inputs });
            assert.equal(outs.expiresAt, null);
            assert.equal(outs.signingCertificate, null);
            const plain = await decryptContract(outs.userData, readPrivateKey(enclaveKey));
            assert.equal(
                Buffer.from(YAML.parse(plain.env!).signingKey, "base64").toString(),
                signer.publicKey,
            );
        });

        it("sees no change in a state written before expiry existed", async () => {
            const plain = (await handlers.create({ ...inputs })).outs;
            const { expiry: _, ...prints } = plain.fingerprints;
            const legacy = { ...plain, fingerprints: prints } as unknown as ContractState;
            const { result } = await diff({ ...inputs }, legacy);
            assert.equal(result.changes, false);
        });
    });
});
