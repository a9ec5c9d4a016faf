/**
 * A scratch Pulumi program folder whose node_modules hold this package (linked to the
 * repository) and @pulumi/pulumi, as a user's program folder would after `npm install`. The
 * provider host runs there: serialized providers resolve `pulumi-hyper-protect/...` from it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { REPO_ROOT } from "./vectors";
import { scratch } from "./tools";

/** A program folder, and how to remove it. */
export interface ProgramFolder {
    readonly dir: string;
    readonly remove: () => void;
}

/**
 * Creates a program folder linked to the repository's package and SDK.
 *
 * @param sdkRoot The `@pulumi/pulumi` folder to link. Default: the repository's.
 * @param modules More packages of the repository's node_modules to link (`typescript`,
 *   `@pulumi/openstack`), as an example's own `npm install` would provide them.
 */
export function programFolder(
    sdkRoot = path.join(REPO_ROOT, "node_modules/@pulumi/pulumi"),
    modules: readonly string[] = [],
): ProgramFolder {
    const { dir, remove } = scratch("hpcr-program-");
    fs.mkdirSync(path.join(dir, "node_modules/@pulumi"), { recursive: true });
    fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules/pulumi-hyper-protect"), "dir");
    fs.symlinkSync(sdkRoot, path.join(dir, "node_modules/@pulumi/pulumi"), "dir");
    for (const name of modules) {
        const link = path.join(dir, "node_modules", name);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules", name), link, "dir");
    }
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "program", private: true }),
    );
    return { dir, remove };
}

/** Compiles an example program's `index.ts` into a program folder as `index.js`; returns its name. */
export function compileInto(program: ProgramFolder, source: string): string {
    const out = ts.transpileModule(fs.readFileSync(source, "utf8"), {
        compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
        },
    });
    fs.writeFileSync(path.join(program.dir, "index.js"), out.outputText);
    return "index.js";
}
