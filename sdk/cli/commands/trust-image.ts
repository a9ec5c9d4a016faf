/**
 * `image`: the newest Hyper Protect image of an IBM Cloud image list in a version range.
 */
import * as YAML from "yaml";
import { selectImage } from "../../../provider/trust/images";
import { requireFlag, stringFlag, type Command } from "../command";
import { OUT_FLAG, readText } from "./shared";

export const image: Command = {
    name: "image",
    summary: "choose the newest Hyper Protect image of an IBM Cloud image list",
    flags: {
        in: {
            type: "string",
            description:
                "the image list: JSON of ibm_is_images, ibmcloud is images --json, or the VPC API (file, or - for stdin)",
            required: true,
        },
        version: {
            type: "string",
            description: "a version or range (e.g. 1.0.22, >=1.0.21, ~1.0; default any)",
        },
        format: {
            type: "string",
            description:
                "json or yaml give id, name, checksum and version; text gives the id (default json)",
            choices: ["json", "yaml", "text"],
        },
        out: OUT_FLAG,
    },
    async run(flags, ctx) {
        const chosen = selectImage(
            await readText(ctx, requireFlag(flags, "in")),
            stringFlag(flags, "version") ?? "*",
        );
        const format = stringFlag(flags, "format") ?? "json";
        const text =
            format === "text"
                ? `${chosen.id}\n`
                : format === "yaml"
                  ? YAML.stringify(chosen)
                  : `${JSON.stringify(chosen, null, 2)}\n`;
        if (format === "text") ctx.note(`${chosen.name} (version ${chosen.version})`);
        await ctx.write(text, stringFlag(flags, "out"), false);
        return 0;
    },
};
