/**
 * Drives @pulumi/pulumi's own dynamic-provider host over gRPC, as the engine does, with no
 * Pulumi CLI: start it in a program folder, then Configure, Check, Diff, Create, Update, Read
 * and Delete with the provider text that the SDK serializes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

/** A running provider host. */
export interface ProviderHost {
    configure(config?: Record<string, string>): Promise<void>;
    check(
        urn: string,
        olds: object,
        news: object,
    ): Promise<{
        inputs: Record<string, unknown>;
        failures: { property: string; reason: string }[];
    }>;
    diff(
        urn: string,
        id: string,
        olds: object,
        news: object,
    ): Promise<{ changes: number; replaces: string[]; deleteBeforeReplace: boolean }>;
    create(urn: string, props: object): Promise<{ id: string; outs: Record<string, unknown> }>;
    update(urn: string, id: string, olds: object, news: object): Promise<Record<string, unknown>>;
    read(
        urn: string,
        id: string,
        props: object,
    ): Promise<{ id: string; props: Record<string, unknown> }>;
    delete(urn: string, id: string, props: object): Promise<void>;
    /** Everything the host wrote to stdout (after its port line) and stderr. */
    readonly log: () => string;
    stop(): void;
}

const live = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of live) child.kill();
});

/**
 * Starts the host of the given SDK folder in `cwd`.
 *
 * @param sdkRoot The `@pulumi/pulumi` folder whose host to run.
 * @param node The Node binary. Default: this process's.
 */
export async function startHost(
    cwd: string,
    sdkRoot: string,
    node = process.execPath,
): Promise<ProviderHost> {
    const fromSdk = (id: string) => require(require.resolve(id, { paths: [sdkRoot] }));
    const grpc = fromSdk("@grpc/grpc-js");
    const { Struct } = fromSdk("google-protobuf/google/protobuf/struct_pb");
    const rpc = require(path.join(sdkRoot, "proto/provider_grpc_pb"));
    const pb = require(path.join(sdkRoot, "proto/provider_pb"));
    const entry = path.join(sdkRoot, "cmd/dynamic-provider/index.js");
    // Under coverage, the child exits on SIGTERM instead of dying of it, so its coverage counts.
    const preload = process.env.NODE_V8_COVERAGE
        ? ["--require", path.join(__dirname, "exit-on-signal.js")]
        : [];
    const child = spawn(node, [...preload, entry, "127.0.0.1:0"], {
        cwd,
        env: { ...process.env, PULUMI_NODEJS_PROJECT: "test" },
        stdio: ["ignore", "pipe", "pipe"],
    });
    live.add(child);
    let log = "";
    child.stderr!.on("data", (b) => (log += String(b)));
    const port = await new Promise<string>((resolve, reject) => {
        let first = "";
        const onData = (b: Buffer) => {
            first += String(b);
            const nl = first.indexOf("\n");
            if (nl >= 0) {
                child.stdout!.off("data", onData);
                log += first.slice(nl + 1);
                child.stdout!.on("data", (more) => (log += String(more)));
                resolve(first.slice(0, nl).trim());
            }
        };
        child.stdout!.on("data", onData);
        child.once("exit", (code) =>
            reject(new Error(`the provider host exited early (${code}): ${log}`)),
        );
    });
    const client = new rpc.ResourceProviderClient(
        `127.0.0.1:${port}`,
        grpc.credentials.createInsecure(),
    );
    const call = <T>(method: string, req: unknown) =>
        new Promise<T>((resolve, reject) =>
            client[method](req, (e: Error | null, r: T) => (e ? reject(e) : resolve(r))),
        );
    const struct = (o: object) => Struct.fromJavaScript(o);
    return {
        async configure(config = {}) {
            await call("configure", new pb.ConfigureRequest().setArgs(struct(config)));
        },
        async check(urn, olds, news) {
            const r: any = await call(
                "check",
                new pb.CheckRequest().setUrn(urn).setOlds(struct(olds)).setNews(struct(news)),
            );
            return {
                inputs: r.getInputs()?.toJavaScript() ?? {},
                failures: r
                    .getFailuresList()
                    .map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
            };
        },
        async diff(urn, id, olds, news) {
            const r: any = await call(
                "diff",
                new pb.DiffRequest()
                    .setUrn(urn)
                    .setId(id)
                    .setOlds(struct(olds))
                    .setNews(struct(news)),
            );
            return {
                changes: r.getChanges(),
                replaces: r.getReplacesList(),
                deleteBeforeReplace: r.getDeletebeforereplace(),
            };
        },
        async create(urn, props) {
            const r: any = await call(
                "create",
                new pb.CreateRequest().setUrn(urn).setProperties(struct(props)),
            );
            return { id: r.getId(), outs: r.getProperties()?.toJavaScript() ?? {} };
        },
        async update(urn, id, olds, news) {
            const r: any = await call(
                "update",
                new pb.UpdateRequest()
                    .setUrn(urn)
                    .setId(id)
                    .setOlds(struct(olds))
                    .setNews(struct(news)),
            );
            return r.getProperties()?.toJavaScript() ?? {};
        },
        async read(urn, id, props) {
            const r: any = await call(
                "read",
                new pb.ReadRequest().setUrn(urn).setId(id).setProperties(struct(props)),
            );
            return { id: r.getId(), props: r.getProperties()?.toJavaScript() ?? {} };
        },
        async delete(urn, id, props) {
            await call(
                "delete",
                new pb.DeleteRequest().setUrn(urn).setId(id).setProperties(struct(props)),
            );
        },
        log: () => log,
        stop() {
            client.close();
            child.kill();
            live.delete(child);
        },
    };
}

/** The diff answers of the host: `changes` values. */
export const DIFF = { UNKNOWN: 0, NONE: 1, SOME: 2 } as const;
