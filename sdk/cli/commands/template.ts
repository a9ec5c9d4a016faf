/**
 * `contract-template`: a starting point for a plain contract.
 */
import {
    contractTemplate,
    TEMPLATE_FLAVOURS,
    type TemplateFlavour,
} from "../../../provider/contract/templates";
import { stringFlag, type Command } from "../command";
import { OUT_FLAG } from "./shared";

export const template: Command = {
    name: "contract-template",
    summary: "print a commented template of a contract or one of its sections",
    flags: {
        type: {
            type: "string",
            description: "what to print (default contract)",
            choices: ["contract", "workload", "env"],
        },
        os: {
            type: "string",
            description: "the platform flavour (default hpvs)",
            choices: TEMPLATE_FLAVOURS,
        },
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const type = (stringFlag(flags, "type") ?? "contract") as "contract" | "workload" | "env";
        const flavour = (stringFlag(flags, "os") ?? "hpvs") as TemplateFlavour;
        await ctx.write(contractTemplate(type, flavour), stringFlag(flags, "out"), false);
        return 0;
    },
};
