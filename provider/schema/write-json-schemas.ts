/**
 * Writes the JSON Schema documents into `schemas/` of a package root. Run after a schema
 * change: `node lib/provider/schema/write-json-schemas.js [root]`; a test fails while the
 * committed files differ from a fresh export.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { jsonSchemaFiles } from "./json-schema";

/**
 * Writes every `<platform>.<section>.schema.json` into `<root>/schemas/`, creating the folder
 * when needed, and returns the paths written.
 *
 * @throws Error from the file system when the folder cannot be written.
 */
export function writeJsonSchemas(root: string): string[] {
    const folder = path.join(root, "schemas");
    fs.mkdirSync(folder, { recursive: true });
    const written: string[] = [];
    for (const [name, text] of jsonSchemaFiles()) {
        const file = path.join(folder, name);
        fs.writeFileSync(file, text);
        written.push(file);
    }
    return written;
}

if (require.main === module) {
    // Compiled to lib/provider/schema/, three levels below the package root.
    const root = process.argv[2] ?? path.resolve(__dirname, "../../..");
    for (const file of writeJsonSchemas(root)) {
        process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
    }
}
