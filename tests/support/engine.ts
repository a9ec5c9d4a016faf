/**
 * An engine double: a small stand-in for the Pulumi engine, enough to run a real Pulumi
 * program through the SDK's own program runner (`@pulumi/pulumi/cmd/run`) against the real
 * dynamic-provider host, with state kept between runs. It is not the engine: no plugins, no
 * refresh, no deletes; it exists so that tests can prove what two `pulumi up`s do.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { startHost, DIFF, type ProviderHost } from "./host";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** One resource in the double's state. */
export interface ResourceState {
    readonly type: string;
    readonly id: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
    /** Output names the engine marks secret. */
    readonly secrets: readonly string[];
}

/** What happened to a resource in a run. */
export type Operation = "create" | "update" | "same";

/** The outcome of one run. */
export interface RunResult {
    readonly exitCode: number | null;
    readonly operations: ReadonlyMap<string, Operation>;
    /** Stack outputs, with secrets unwrapped. */
    readonly outputs: Record<string, unknown>;
    /** Names of the stack outputs that are secret. */
    readonly secretOutputs: readonly string[];
    /** Inputs of every non-dynamic custom resource, by URN, secrets unwrapped, with their secret keys. */
    readonly others: ReadonlyMap<
        string,
        { type: string; inputs: Record<string, unknown>; secrets: string[] }
    >;
    /** Engine log messages from the program. */
    readonly messages: readonly string[];
    /** What the program and the provider host wrote. */
    readonly output: string;
}

/** What a run needs. */
export interface RunOptions {
    /** The program folder (its node_modules hold the SDK and this package). */
    readonly programDir: string;
    /**
     * The program entry, relative to programDir or absolute; `.` runs the folder the way the
     * language host does when Pulumi.yaml names no file (package.json's `main`).
     */
    readonly entry: string;
    /** More environment for the program, e.g. `PULUMI_NODEJS_TYPESCRIPT` as the host sets it. */
    readonly env?: Record<string, string>;
    readonly project: string;
    readonly stack: string;
    /** Config values by full key (`project:key`). */
    readonly config?: Record<string, string>;
    /** Which config keys are secret. */
    readonly secretKeys?: readonly string[];
    /** The state from an earlier run of the same stack. */
    readonly state?: Map<string, ResourceState>;
    /** Other stacks' outputs, for StackReference reads: stack name → outputs, secret names. */
    readonly stacks?: Record<
        string,
        { outputs: Record<string, unknown>; secrets: readonly string[] }
    >;
    /** Run as a preview (`--dry-run`). */
    readonly preview?: boolean;
    /** The @pulumi/pulumi folder to run. */
    readonly sdkRoot: string;
    /** The Node binary. Default: this process's. */
    readonly node?: string;
}

function isSecret(v: unknown): v is { value: unknown } {
    return (
        typeof v === "object" &&
        v !== null &&
        (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE
    );
}

/** Unwraps secret envelopes at any depth; reports whether there were any. */
export function unwrap(value: unknown): { value: unknown; secret: boolean } {
    if (isSecret(value)) return { value: unwrap(value.value).value, secret: true };
    if (Array.isArray(value)) {
        const items = value.map(unwrap);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (typeof value === "object" && value !== null && !(SECRET_SIG in value)) {
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const u = unwrap(v);
            out[k] = u.value;
            secret ||= u.secret;
        }
        return { value: out, secret };
    }
    return { value, secret: false };
}

const wrap = (value: unknown) => ({ [SECRET_SIG]: SECRET_VALUE, value });

/** Runs a program once; the given state map is updated in place (not in preview). */
export async function runProgram(
    options: RunOptions,
): Promise<RunResult & { state: Map<string, ResourceState> }> {
    const sdk = options.sdkRoot;
    const fromSdk = (id: string) => require(require.resolve(id, { paths: [sdk] }));
    const grpc = fromSdk("@grpc/grpc-js");
    const { Struct } = fromSdk("google-protobuf/google/protobuf/struct_pb");
    const { Empty } = fromSdk("google-protobuf/google/protobuf/empty_pb");
    const resourceRpc = require(path.join(sdk, "proto/resource_grpc_pb"));
    const resourcePb = require(path.join(sdk, "proto/resource_pb"));
    const engineRpc = require(path.join(sdk, "proto/engine_grpc_pb"));
    const enginePb = require(path.join(sdk, "proto/engine_pb"));

    const state = options.state ?? new Map<string, ResourceState>();
    const operations = new Map<string, Operation>();
    const others = new Map<
        string,
        { type: string; inputs: Record<string, unknown>; secrets: string[] }
    >();
    const messages: string[] = [];
    let outputs: Record<string, unknown> = {};
    let secretOutputs: string[] = [];
    let root = "";
    let host: ProviderHost | undefined;
    const providerHost = async () => {
        if (!host) {
            host = await startHost(options.programDir, sdk, options.node);
            await host.configure();
        }
        return host;
    };
    const urnOf = (type: string, name: string) =>
        `urn:pulumi:${options.stack}::${options.project}::${type}::${name}`;

    const registerDynamic = async (urn: string, type: string, req: any) => {
        const raw = req.getObject()?.toJavaScript() ?? {};
        const secrets = new Set<string>(req.getAdditionalsecretoutputsList());
        const news: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(raw)) {
            const u = unwrap(v);
            news[k] = u.value;
            if (u.secret) secrets.add(k);
        }
        const h = await providerHost();
        const old = state.get(urn);
        const checked = await h.check(urn, old?.inputs ?? {}, news);
        if (checked.failures.length > 0) {
            throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
        }
        let id = old?.id ?? "";
        let outs: Record<string, unknown>;
        if (old) {
            const d = await h.diff(urn, old.id, old.outputs, checked.inputs);
            if (d.changes === DIFF.NONE) {
                operations.set(urn, "same");
                outs = old.outputs;
            } else {
                operations.set(urn, "update");
                outs = options.preview
                    ? checked.inputs
                    : await h.update(urn, old.id, old.outputs, checked.inputs);
            }
        } else {
            operations.set(urn, "create");
            if (options.preview) {
                outs = checked.inputs;
            } else {
                const created = await h.create(urn, checked.inputs);
                id = created.id;
                outs = created.outs;
            }
        }
        if (!options.preview) {
            state.set(urn, {
                type,
                id,
                inputs: checked.inputs,
                outputs: outs,
                secrets: [...secrets],
            });
        }
        const shown: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(outs)) shown[k] = secrets.has(k) ? wrap(v) : v;
        return { id, object: shown };
    };

    const monitor = {
        supportsFeature(call: any, cb: any) {
            const id = call.request.getId();
            cb(null, new resourcePb.SupportsFeatureResponse().setHassupport(id === "secrets"));
        },
        async registerResource(call: any, cb: any) {
            const req = call.request;
            const type = req.getType();
            const name = req.getName();
            const urn = urnOf(type, name);
            const res = new resourcePb.RegisterResourceResponse().setUrn(urn);
            try {
                if (type.startsWith("pulumi-nodejs:dynamic")) {
                    const { id, object } = await registerDynamic(urn, type, req);
                    res.setId(id).setObject(Struct.fromJavaScript(object));
                } else if (req.getCustom()) {
                    const raw = req.getObject()?.toJavaScript() ?? {};
                    const secrets: string[] = [];
                    const inputs: Record<string, unknown> = {};
                    for (const [k, v] of Object.entries(raw)) {
                        const u = unwrap(v);
                        inputs[k] = u.value;
                        if (u.secret) secrets.push(k);
                    }
                    others.set(urn, { type, inputs, secrets });
                    res.setId(`${name}-id`).setObject(Struct.fromJavaScript(raw));
                }
                cb(null, res);
            } catch (e) {
                cb({ code: grpc.status.UNKNOWN, details: (e as Error).message });
            }
        },
        readResource(call: any, cb: any) {
            const req = call.request;
            const props = req.getProperties()?.toJavaScript() ?? {};
            const stack = options.stacks?.[String(props.name)];
            if (req.getType() !== "pulumi:pulumi:StackReference" || !stack) {
                cb({ code: grpc.status.NOT_FOUND, details: `no stack ${String(props.name)}` });
                return;
            }
            const object = {
                name: props.name,
                outputs: stack.outputs,
                secretOutputNames: [...stack.secrets],
            };
            cb(
                null,
                new resourcePb.ReadResourceResponse()
                    .setUrn(urnOf(req.getType(), req.getName()))
                    .setProperties(Struct.fromJavaScript(object)),
            );
        },
        registerResourceOutputs(call: any, cb: any) {
            const req = call.request;
            if (req.getUrn() === root) {
                const raw = req.getOutputs()?.toJavaScript() ?? {};
                outputs = {};
                secretOutputs = [];
                for (const [k, v] of Object.entries(raw)) {
                    const u = unwrap(v);
                    outputs[k] = u.value;
                    if (u.secret) secretOutputs.push(k);
                }
            }
            cb(null, new Empty());
        },
        invoke(call: any, cb: any) {
            cb({ code: grpc.status.UNIMPLEMENTED, details: `no invoke ${call.request.getTok()}` });
        },
        signalAndWaitForShutdown(_call: any, cb: any) {
            cb(null, new Empty());
        },
    };
    const engine = {
        log(call: any, cb: any) {
            messages.push(call.request.getMessage());
            cb(null, new Empty());
        },
        getRootResource(_call: any, cb: any) {
            cb(null, new enginePb.GetRootResourceResponse().setUrn(root));
        },
        setRootResource(call: any, cb: any) {
            root = call.request.getUrn();
            cb(null, new enginePb.SetRootResourceResponse());
        },
    };
    const server = new grpc.Server();
    server.addService(resourceRpc.ResourceMonitorService, monitor);
    server.addService(engineRpc.EngineService, engine);
    const port: number = await new Promise((resolve, reject) =>
        server.bindAsync(
            "127.0.0.1:0",
            grpc.ServerCredentials.createInsecure(),
            (e: Error | null, p: number) => (e ? reject(e) : resolve(p)),
        ),
    );
    const address = `127.0.0.1:${port}`;
    const secretKeys = options.secretKeys ?? [];
    const args = [
        path.join(sdk, "cmd/run/index.js"),
        `--monitor=${address}`,
        `--engine=${address}`,
        `--project=${options.project}`,
        `--stack=${options.stack}`,
        ...(options.preview ? ["--dry-run"] : []),
        options.entry === "." ? "." : path.resolve(options.programDir, options.entry),
    ];
    let output = "";
    const exitCode: number | null = await new Promise((resolve) => {
        const child = spawn(options.node ?? process.execPath, args, {
            cwd: options.programDir,
            env: {
                ...process.env,
                PULUMI_CONFIG: JSON.stringify(options.config ?? {}),
                PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
                ...options.env,
            },
            stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (b) => (output += String(b)));
        child.stderr.on("data", (b) => (output += String(b)));
        child.on("exit", (code) => resolve(code));
    });
    server.forceShutdown();
    if (host) {
        output += host.log();
        host.stop();
    }
    return { exitCode, operations, outputs, secretOutputs, others, messages, output, state };
}
