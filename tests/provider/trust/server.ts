/**
 * A local HTTP server on 127.0.0.1 that serves test encryption certificates at IBM's path
 * layout, plus misbehaving routes (redirects, garbage, errors, silence), and counts requests.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A running certificate server. */
export interface CertificateServer {
    /** `http://127.0.0.1:<port>`. */
    readonly base: string;
    /** A template in IBM's placeholder style under `prefix` (`""` for the plain route). */
    template(prefix?: string): string;
    /** The paths requested so far. */
    readonly requests: string[];
    close(): Promise<void>;
}

/** The path of a version's certificate, as IBM lays them out. */
export function certificatePath(patch: number): string {
    return `/s390x-${patch}/ibm-hyper-protect-container-runtime-1-0-s390x-${patch}-encrypt.crt`;
}

/**
 * Serves `certificates` (by patch number of 1.0.p). Prefixes change the behaviour: `/moved`
 * redirects once, `/loop` redirects forever, `/garbage` answers text, `/broken` answers 500,
 * `/silent` never answers, `/bucket` answers 403 for a missing certificate, as an object store
 * that may not be listed does.
 */
export async function startCertificateServer(
    certificates: ReadonlyMap<number, string>,
): Promise<CertificateServer> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const url = req.url ?? "/";
        requests.push(url);
        const route = /^\/(moved|loop|garbage|broken|silent|bucket)(\/.*)$/.exec(url);
        const [prefix, rest] = route ? [route[1], route[2]] : ["", url];
        if (prefix === "silent") return; // the client's deadline ends this
        if (prefix === "broken") return void res.writeHead(500).end("oops");
        if (prefix === "moved") return void res.writeHead(302, { location: rest }).end();
        if (prefix === "loop") {
            return void res.writeHead(301, { location: `/loop${url.slice(5)}x` }).end();
        }
        const m =
            /^\/s390x-(\d+)\/ibm-hyper-protect-container-runtime-1-0-s390x-\1-encrypt\.crt/.exec(
                rest,
            );
        const cert = m ? certificates.get(Number(m[1])) : undefined;
        if (!cert) return void res.writeHead(prefix === "bucket" ? 403 : 404).end("not found");
        res.writeHead(200, { "content-type": "application/x-pem-file" });
        res.end(prefix === "garbage" ? "<html>maintenance</html>" : cert);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        base,
        template: (prefix = "") =>
            `${base}${prefix}/s390x-{{.Patch}}/ibm-hyper-protect-container-runtime-{{.Major}}-{{.Minor}}-s390x-{{.Patch}}-encrypt.crt`,
        requests,
        close: () =>
            new Promise((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
