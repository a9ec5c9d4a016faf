import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as handlers from "../../../provider/dynamic/cidata-handlers";
import { UNKNOWN } from "../../../provider/dynamic/common";
import { buildCidataIso } from "../../../provider/onprem/cidata";
import { captureLog } from "../../support/stderr";
import { scratch } from "../../support/tools";
import { STATIC_NETWORK_CONFIG } from "../onprem/network-cases";

const USER_DATA = "env: hyper-protect-basic.canary-user-data-0001\nworkload: x\n";

describe("CidataIso provider methods", () => {
    let dir: string;
    let remove: () => void;
    let inputs: Record<string, unknown>;
    beforeEach(() => {
        ({ dir, remove } = scratch("hpcr-cidata-"));
        inputs = {
            resourceName: "web1-cidata",
            providerVersion: "1.0.0",
            path: path.join(dir, "build", "web1-cidata.iso"),
            userData: USER_DATA,
            metaData: "local-hostname: web1\n",
            networkConfig: STATIC_NETWORK_CONFIG,
        };
    });
    afterEach(() => remove());

    const expected = (bag: Record<string, unknown>) =>
        buildCidataIso({
            userData: String(bag.userData),
            metaData: String(bag.metaData),
            networkConfig: bag.networkConfig as string | undefined,
        });
    // The state as the engine hands it back: a plain bag of values.
    const create = async (bag = inputs) => {
        const { id, outs } = (await captureLog(() => handlers.create(bag))).result;
        return { id, outs: outs as handlers.CidataIsoState & Record<string, unknown> };
    };
    const diff = async (olds: object, news: Record<string, unknown>) =>
        captureLog(() => handlers.diff("id", olds as Record<string, unknown>, news));

    describe("check", () => {
        it("accepts the inputs, and unknown ones as a preview sends them", async () => {
            assert.deepEqual((await handlers.check({}, inputs)).failures, []);
            const preview = { ...inputs, userData: UNKNOWN, networkConfig: UNKNOWN };
            assert.deepEqual((await handlers.check({}, preview)).failures, []);
        });

        it("fails on network-config errors at their path, on networkConfig", async () => {
            const bad = STATIC_NETWORK_CONFIG.replace("enc1", "eth0").replace(
                "192.168.122.1\n",
                "8.8.8.08\n",
            );
            const { failures } = await handlers.check({}, { ...inputs, networkConfig: bad });
            assert.ok(failures.length >= 1);
            for (const f of failures) assert.match(f.property, /^networkConfig\.network\./);
            assert.ok(
                failures.some((f) =>
                    /^error NETWORK_CONFIG networkConfig\.network\.ethernets\.eth0: /.test(
                        f.reason,
                    ),
                ),
                JSON.stringify(failures),
            );
        });

        it("logs network-config warnings and lets them through", async () => {
            const noDns = STATIC_NETWORK_CONFIG.replace(/ {6}nameservers:\n.*\n/, "");
            const { result, log } = await captureLog(() =>
                handlers.check({}, { ...inputs, networkConfig: noDns }),
            );
            assert.deepEqual(result.failures, []);
            assert.match(
                log,
                /warning: web1-cidata: .*networkConfig\.network\.ethernets\.enc1\.nameservers/,
            );
        });

        it("fails on a relative path, an empty contract and text that is not text", async () => {
            const r = await handlers.check(
                {},
                { ...inputs, path: "build/x.iso", userData: "", metaData: 3 },
            );
            // A failure on a whole input names no property: the engine would print its value.
            assert.deepEqual(
                r.failures.map((f) => f.property),
                ["", "", ""],
            );
            assert.deepEqual(
                r.failures.map((f) => /^error \w+ (\w+):/.exec(f.reason)?.[1]).sort(),
                ["metaData", "path", "userData"],
            );
            for (const f of r.failures) assert.ok(!f.reason.includes("canary"));
        });
    });

    describe("create", () => {
        it("writes the image owner-only, and keeps neither the contract nor a bare hash in state", async () => {
            const { id, outs } = await create();
            assert.ok(id.length > 0);
            const file = String(inputs.path);
            assert.ok(fs.readFileSync(file).equals(expected(inputs)));
            assert.equal(fs.statSync(file).mode & 0o777, 0o600);
            assert.deepEqual(Object.keys(outs).sort(), [
                "fingerprint",
                "fingerprintKey",
                "inputsFingerprint",
                "path",
                "providerVersion",
                "size",
            ]);
            const text = JSON.stringify(outs);
            assert.ok(!text.includes("canary-user-data"));
            const bare = crypto.createHash("sha256").update(expected(inputs)).digest("hex");
            assert.ok(!text.includes(bare), "no bare SHA-256 of the image");
            assert.equal(outs.size, expected(inputs).length);
            assert.deepEqual(
                fs.readdirSync(path.dirname(file)),
                [path.basename(file)],
                "no temporary file left",
            );
        });

        it("gives two resources with the same files different fingerprints (the key is their own)", async () => {
            const a = await create();
            const b = await create({ ...inputs, path: path.join(dir, "b.iso") });
            assert.notEqual(a.outs.fingerprint, b.outs.fingerprint);
        });
    });

    describe("diff", () => {
        it("sees no change for the same inputs, and does not rewrite the file", async () => {
            const { outs } = await create();
            const { result, log } = await diff(outs, inputs);
            assert.equal(result.changes, false);
            assert.equal(log, "");
        });

        it("sees a new contract, another file's change and a new package version", async () => {
            const { outs } = await create();
            for (const change of [
                { userData: `${USER_DATA}# another\n` },
                { metaData: "local-hostname: web2\n" },
                { vendorData: "#cloud-config\n" },
                { networkConfig: undefined },
                { providerVersion: "1.0.1" },
            ]) {
                const { result } = await diff(outs, { ...inputs, ...change });
                assert.equal(result.changes, true, JSON.stringify(Object.keys(change)));
                assert.deepEqual(result.replaces, []);
            }
        });

        it("sees a missing or hand-changed file and names the reason", async () => {
            const { outs } = await create();
            fs.writeFileSync(String(inputs.path), "tampered");
            const changed = await diff(outs, inputs);
            assert.equal(changed.result.changes, true);
            assert.match(changed.log, /web1-cidata: the file differs; writing the ISO/);
            fs.rmSync(String(inputs.path));
            const missing = await diff(outs, inputs);
            assert.match(missing.log, /the file is missing/);
        });

        it("treats unknown inputs as a change", async () => {
            const { outs } = await create();
            const { result } = await diff(outs, { ...inputs, userData: UNKNOWN });
            assert.equal(result.changes, true);
        });
    });

    describe("update", () => {
        it("writes the new image under the same key: same bytes, same fingerprint", async () => {
            const { outs } = await create();
            fs.rmSync(String(inputs.path));
            const again = await handlers.update("id", outs, inputs);
            assert.equal(again.outs.fingerprint, outs.fingerprint);
            assert.ok(fs.readFileSync(String(inputs.path)).equals(expected(inputs)));
            const changed = { ...inputs, userData: `${USER_DATA}# v2\n` };
            const next = await handlers.update("id", outs, changed);
            assert.notEqual(next.outs.fingerprint, outs.fingerprint);
            assert.equal(next.outs.fingerprintKey, outs.fingerprintKey);
            assert.ok(fs.readFileSync(String(inputs.path)).equals(expected(changed)));
        });

        it("moves the file to a new path", async () => {
            const { outs } = await create();
            const moved = { ...inputs, path: path.join(dir, "elsewhere", "seed.iso") };
            const { outs: after } = await handlers.update("id", outs, moved);
            assert.equal(fs.existsSync(String(inputs.path)), false);
            assert.ok(fs.readFileSync(String(moved.path)).equals(expected(inputs)));
            assert.equal(after.fingerprint, outs.fingerprint);
        });
    });

    describe("delete", () => {
        it("removes the file it wrote", async () => {
            const { outs } = await create();
            await handlers.remove("id", outs);
            assert.equal(fs.existsSync(String(inputs.path)), false);
            await handlers.remove("id", outs);
        });

        it("leaves a file someone else put there, and says so", async () => {
            const { outs } = await create();
            fs.writeFileSync(String(inputs.path), "someone else's");
            const { log } = await captureLog(() => handlers.remove("id", outs));
            assert.equal(fs.readFileSync(String(inputs.path), "utf8"), "someone else's");
            assert.match(log, /is not the cidata ISO that Pulumi wrote there; it is left in place/);
        });
    });
});
