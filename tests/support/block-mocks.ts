/**
 * Pulumi's mocks for the building-block resources, whose registrations run the real provider
 * methods as the provider host would, and reading their Outputs with their secrecy.
 */
import * as pulumi from "@pulumi/pulumi";
import * as handlers from "../../provider/dynamic/block-handlers";
import { unwrap } from "./engine";

/** An Output's value and whether it is secret. */
export async function readOutput<T>(
    output: pulumi.Output<T>,
): Promise<{ value: T; secret: boolean }> {
    const inner = output as unknown as { promise(): Promise<T>; isSecret: Promise<boolean> };
    return { value: await inner.promise(), secret: await inner.isSecret };
}

/**
 * Sets the mocks. Returns the list that receives the inputs of every registration as the
 * engine gets them (secrets still wrapped).
 */
export function mockBlockResources(): Record<string, unknown>[] {
    const registered: Record<string, unknown>[] = [];
    pulumi.runtime.setMocks(
        {
            newResource: async (args) => {
                registered.push(args.inputs);
                // The provider host hands the methods plain values, secrets unwrapped.
                const plain = unwrap(args.inputs).value as Record<string, unknown>;
                const { inputs, failures } = await handlers.check({}, plain);
                if (failures.length > 0) {
                    throw new Error(`check failed: ${JSON.stringify(failures)}`);
                }
                const { id, outs } = await handlers.create(inputs);
                return { id, state: outs };
            },
            call: (args) => args.inputs,
        },
        "project",
        "stack",
        false,
    );
    return registered;
}
