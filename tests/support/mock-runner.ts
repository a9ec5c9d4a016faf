/**
 * Runs one Pulumi program under `pulumi.runtime.setMocks`, as Pulumi's own unit tests do, and
 * prints on the last line of standard output, as JSON, what every resource was given and what
 * the program exported. A dynamic resource runs through the provider text the SDK serialized
 * for it (check, then create), in this process; every other resource echoes its inputs.
 *
 * Mocks are global to a process, so each program runs in a process of its own:
 *   node mock-runner.js <program.js>
 * with the project and stack in PULUMI_PROJECT and PULUMI_STACK, the config in PULUMI_CONFIG
 * and its secret keys in PULUMI_CONFIG_SECRET_KEYS, and the program's folder as the working
 * folder (the serialized provider resolves this package from there, as the provider host does).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { unwrap } from "./engine";

type Bag = Record<string, unknown>;

/** What one resource was registered with. */
export interface MockRegistration {
    readonly type: string;
    readonly name: string;
    /** The inputs, secrets unwrapped, without the provider text. */
    readonly inputs: Bag;
    /** The names of the inputs that arrived as secrets. */
    readonly secretInputs: readonly string[];
    /** What the mock answered: the provider's outputs for a dynamic resource. */
    readonly state: Bag;
}

/** What the runner prints. */
export interface MockReport {
    readonly registrations: readonly MockRegistration[];
    /** The program's exports: value, and whether the program sees it as a secret. */
    readonly outputs: Record<string, { value: unknown; secret: boolean }>;
}

const requireFromString: (code: string) => { handler(): pulumi.dynamic.ResourceProvider } = require(
    require.resolve("require-from-string", { paths: [require.resolve("@pulumi/pulumi")] }),
);

async function runDynamic(inputs: Bag): Promise<{ id: string; state: Bag }> {
    const { __provider, ...news } = inputs;
    const provider = requireFromString(String(__provider)).handler();
    const checked = provider.check ? await provider.check({}, news) : { inputs: news };
    if (checked.failures && checked.failures.length > 0) {
        throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
    }
    const created = await provider.create(checked.inputs ?? news);
    return { id: created.id, state: created.outs ?? {} };
}

async function main(): Promise<void> {
    const program = path.resolve(process.argv[2]);
    const registrations: MockRegistration[] = [];
    pulumi.runtime.setAllConfig(
        JSON.parse(process.env.PULUMI_CONFIG ?? "{}"),
        JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]"),
    );
    pulumi.runtime.setMocks(
        {
            async newResource(args) {
                const inputs: Bag = {};
                const secretInputs: string[] = [];
                for (const [key, value] of Object.entries(args.inputs as Bag)) {
                    const u = unwrap(value);
                    inputs[key] = u.value;
                    if (u.secret) secretInputs.push(key);
                }
                const dynamic = args.type.startsWith("pulumi-nodejs:dynamic");
                const { id, state } = dynamic
                    ? await runDynamic(inputs)
                    : { id: `${args.name}-id`, state: args.inputs as Bag };
                const { __provider: _, ...shown } = inputs;
                registrations.push({
                    type: args.type,
                    name: args.name,
                    inputs: shown,
                    secretInputs,
                    state: dynamic ? state : {},
                });
                return { id, state };
            },
            call: (args) => args.inputs,
        },
        process.env.PULUMI_PROJECT ?? "project",
        process.env.PULUMI_STACK ?? "dev",
        false,
    );
    const exported: Bag = require(program);
    const outputs: MockReport["outputs"] = {};
    for (const [key, value] of Object.entries(exported)) {
        if (!pulumi.Output.isInstance(value)) continue;
        const internal = value as unknown as {
            promise(): Promise<unknown>;
            isSecret: Promise<boolean>;
        };
        outputs[key] = { value: await internal.promise(), secret: await internal.isSecret };
    }
    const report: MockReport = { registrations, outputs };
    process.stdout.write(`\n${JSON.stringify(report)}\n`);
}

main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
