import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
    DEFAULT_CERTIFICATE_URL_TEMPLATE,
    certificateUrl,
    defaultCertificateCacheDir,
    downloadCertificate,
    downloadCertificateInRange,
    downloadCertificates,
} from "../../../provider/trust/download";
import { createTestIdentity } from "../../../provider/trust/test-identity";
import { InputError } from "../../../provider/errors";
import { scratch } from "../../support/tools";
import { certificatePath, startCertificateServer, type CertificateServer } from "./server";

describe("downloading encryption certificates", () => {
    const certificates = new Map<number, string>();
    let server: CertificateServer;
    let cache: { dir: string; remove: () => void };

    before(async () => {
        for (const patch of [20, 21, 22]) {
            certificates.set(patch, (await createTestIdentity({ bits: 1024 })).certificate);
        }
        server = await startCertificateServer(certificates);
    });
    after(() => server.close());
    beforeEach(() => {
        cache = scratch("hpcr-cache-");
        server.requests.length = 0;
    });
    afterEach(() => cache.remove());

    const options = (prefix = "", extra = {}) => ({
        template: server.template(prefix),
        cacheDir: cache.dir,
        ...extra,
    });

    describe("URL templates", () => {
        // [template, URL for 1.0.22]
        const table: [string, string][] = [
            [
                DEFAULT_CERTIFICATE_URL_TEMPLATE,
                "https://hpvsvpcubuntu.s3.us.cloud-object-storage.appdomain.cloud/s390x-22/ibm-hyper-protect-container-runtime-1-0-s390x-22-encrypt.crt",
            ],
            [
                "https://m.example/{{ .Major }}/{{.Minor}}/{{.Patch}}.crt",
                "https://m.example/1/0/22.crt",
            ],
            ["https://m.example/{major}-{minor}-{patch}.crt", "https://m.example/1-0-22.crt"],
            ["file:///certs/{version}/encrypt.crt", "file:///certs/1.0.22/encrypt.crt"],
        ];
        for (const [template, url] of table) {
            it(`expands ${template}`, () => assert.equal(certificateUrl(template, "1.0.22"), url));
        }

        it("refuses unknown placeholders, other schemes and versions that are not M.m.p", () => {
            assert.throws(
                () => certificateUrl("https://x/{{.Build}}", "1.0.22"),
                /\{\{\.Build\}\}/,
            );
            assert.throws(() => certificateUrl("ftp://x/{version}", "1.0.22"), /http/);
            assert.throws(() => certificateUrl("https://x/{version}", "1.0"), /"1\.0"/);
        });

        it("caches under $HPCR_CERT_CACHE, else XDG_CACHE_HOME, else ~/.cache", () => {
            assert.equal(defaultCertificateCacheDir({ HPCR_CERT_CACHE: "/c" }), "/c");
            assert.equal(
                defaultCertificateCacheDir({ XDG_CACHE_HOME: "/x" }),
                "/x/pulumi-hyper-protect/certificates",
            );
            assert.match(
                defaultCertificateCacheDir({}),
                /\.cache\/pulumi-hyper-protect\/certificates$/,
            );
        });
    });

    it("downloads several versions through a template from a local server", async () => {
        const got = await downloadCertificates(["1.0.20", "1.0.22"], options());
        assert.deepEqual(
            got.map((g) => [g.version, g.pem, g.fromCache]),
            [
                ["1.0.20", certificates.get(20), false],
                ["1.0.22", certificates.get(22), false],
            ],
        );
        assert.equal(got[1].url, `${server.base}${certificatePath(22)}`);
    });

    it("serves a second download from the cache without a request", async () => {
        await downloadCertificate("1.0.21", options());
        assert.equal(server.requests.length, 1);
        const again = await downloadCertificate("1.0.21", options());
        assert.equal(again.fromCache, true);
        assert.equal(again.pem, certificates.get(21));
        assert.equal(server.requests.length, 1);
    });

    it("caches nothing when told not to", async () => {
        await downloadCertificate("1.0.21", options("", { cacheDir: false }));
        await downloadCertificate("1.0.21", options("", { cacheDir: false }));
        assert.equal(server.requests.length, 2);
        assert.deepEqual(fs.readdirSync(cache.dir), []);
    });

    it("follows a redirect", async () => {
        const got = await downloadCertificate("1.0.22", options("/moved"));
        assert.equal(got.pem, certificates.get(22));
        assert.equal(server.requests.length, 2);
    });

    it("gives up after three redirects, naming the version and URL", async () => {
        await assert.rejects(
            downloadCertificate("1.0.22", options("/loop")),
            (e: unknown) =>
                InputError.isInstance(e) &&
                /^version 1\.0\.22: .*\/loop\/s390x-22\/.* redirects more than 3 times/.test(
                    e.message,
                ),
        );
        assert.equal(server.requests.length, 4);
    });

    it("names the version and URL when the certificate is missing", async () => {
        await assert.rejects(
            downloadCertificate("1.0.99", options()),
            (e: unknown) =>
                InputError.isInstance(e) &&
                e.message.includes("version 1.0.99") &&
                e.message.includes(`${server.base}${certificatePath(99)}`) &&
                e.message.includes("HTTP 404"),
        );
    });

    it("refuses content that is not a PEM certificate, and does not cache it", async () => {
        await assert.rejects(
            downloadCertificate("1.0.22", options("/garbage")),
            /did not return a PEM certificate/,
        );
        assert.deepEqual(fs.readdirSync(cache.dir), []);
    });

    it("reports server errors and timeouts with the URL", async () => {
        await assert.rejects(
            downloadCertificate("1.0.22", options("/broken")),
            /\/broken\/s390x-22\/.*HTTP 500/,
        );
        await assert.rejects(
            downloadCertificate("1.0.22", options("/silent", { timeoutMs: 200 })),
            /version 1\.0\.22: cannot download .*\/silent\/.*timed out after 200 ms/,
        );
    });

    it("keeps credentials and signed queries of a mirror URL out of messages", async () => {
        const template = `${server.base.replace("//", "//user:s3cret@")}/s390x-{patch}/x.crt?X-Amz-Signature=t0ken`;
        await assert.rejects(
            downloadCertificate("1.0.22", { template, cacheDir: false }),
            (e: unknown) =>
                e instanceof Error && !e.message.includes("s3cret") && !e.message.includes("t0ken"),
        );
    });

    it("reads certificates from a file:// template, for air-gapped hosts", async () => {
        const folder = path.join(cache.dir, "mirror");
        fs.mkdirSync(path.join(folder, "1.0.21"), { recursive: true });
        fs.writeFileSync(path.join(folder, "1.0.21", "encrypt.crt"), certificates.get(21)!);
        const template = `${pathToFileURL(folder).toString()}/{version}/encrypt.crt`;
        const got = await downloadCertificate("1.0.21", { template, cacheDir: false });
        assert.equal(got.pem, certificates.get(21));
        await assert.rejects(
            downloadCertificate("1.0.22", { template, cacheDir: false }),
            /no such file/,
        );
    });

    describe("by range", () => {
        // [range, version found]
        const table: [string, string][] = [
            ["1.0.21", "1.0.21"],
            ["^1.0", "1.0.22"],
            [">=1.0.20", "1.0.22"],
            [">=1.0.20 <1.0.22", "1.0.21"],
            ["1.0.x", "1.0.22"],
        ];
        for (const [range, version] of table) {
            it(`finds ${version} for "${range}"`, async () => {
                const got = await downloadCertificateInRange(range, options());
                assert.equal(got.version, version);
                assert.equal(got.pem, certificates.get(Number(version.split(".")[2])));
            });
        }

        it("takes a 403 for a missing version, as an object store that may not be listed answers", async () => {
            const got = await downloadCertificateInRange(">=1.0.20", options("/bucket"));
            assert.equal(got.version, "1.0.22");
            await assert.rejects(
                downloadCertificateInRange("1.0.23", options("/bucket")),
                /version 1\.0\.23: no certificate at .*\/bucket\/s390x-23\/.* \(HTTP 403\)/,
            );
        });

        it("never requests a version outside the range", async () => {
            await downloadCertificateInRange(">=1.0.18 <1.0.22", options());
            const patches = server.requests.map((r) => Number(/s390x-(\d+)\//.exec(r)?.[1]));
            assert.ok(
                patches.every((p) => p >= 18 && p < 22),
                patches.join(","),
            );
        });

        it("says how to narrow a range that finds nothing", async () => {
            await assert.rejects(
                downloadCertificateInRange(">=1.0.40", options("", { probeLimit: 16 })),
                /no certificate in ">=1\.0\.40" found at .* give an exact version or a range with a closer lower bound/,
            );
        });
    });
});
