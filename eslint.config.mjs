// ESLint for the package, its tests and examples: typescript-eslint's recommended rules, with
// the project's own decisions below, each with its reason.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const PARTS = ["contract", "dynamic", "trust", "onprem", "archive", "schema", "crypto"];

/** The folders of provider/ other than the given ones, as import patterns from inside one. */
function above(...own) {
    return PARTS.filter((part) => !own.includes(part)).map((part) => `../${part}/**`);
}

/**
 * One ESLint block per layer of provider/. Each block repeats the rule that provider/ never
 * imports sdk/, because a later block's options for a rule replace an earlier one's.
 */
function providerLayers(layers) {
    const sdk = { group: ["**/sdk", "**/sdk/**"], message: "provider/ never imports sdk/." };
    return layers.map(([files, forbidden, message]) => ({
        files,
        rules: {
            "no-restricted-imports": [
                "error",
                { patterns: forbidden.length > 0 ? [sdk, { group: forbidden, message }] : [sdk] },
            ],
        },
    }));
}

export default tseslint.config(
    { ignores: ["lib/", "coverage/", "node_modules/", "examples/*/node_modules/", ".scratch/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { ecmaVersion: 2022, sourceType: "commonjs" },
        rules: {
            // Lazy `require` is deliberate: the dynamic provider loads its handlers by package
            // path inside each method, and node-forge is loaded only where it is needed.
            "@typescript-eslint/no-require-imports": "off",
            // The package refuses control characters in names and values; the expressions that
            // find them name them on purpose.
            "no-control-regex": "off",
            // `_name` marks a value taken apart and dropped on purpose.
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
            ],
        },
    },
    {
        // Library code never writes to the console: the CLI prints through its context, and
        // everything else logs through provider/log.ts or returns findings.
        files: ["provider/**/*.ts", "sdk/**/*.ts"],
        rules: { "no-console": "error" },
    },
    // The architecture's arrows: what each part of provider/ may import. Nothing in provider/
    // imports sdk/. The shared base (provider/*.ts: errors, findings and their codes,
    // platforms) imports no folder; schema and archive build on the base; contract on those and
    // crypto; trust and onprem on contract; dynamic, the Pulumi provider, on all of them.
    ...providerLayers([
        [["provider/**/*.ts"], [], ""],
        [
            ["provider/*.ts"],
            ["./*/**"],
            "The shared base of provider/ imports none of its folders.",
        ],
        [["provider/crypto/**/*.ts"], above("crypto"), "provider/crypto imports nothing above it."],
        [
            ["provider/schema/**/*.ts", "provider/archive/**/*.ts"],
            above("schema", "archive", "crypto"),
            "provider/schema and provider/archive build on the shared base and crypto only.",
        ],
        [
            ["provider/contract/**/*.ts"],
            ["../dynamic/**", "../trust/**", "../onprem/**"],
            "provider/dynamic, trust and onprem build on provider/contract, not the reverse.",
        ],
        [
            ["provider/trust/**/*.ts", "provider/onprem/**/*.ts"],
            ["../dynamic/**"],
            "Only the Pulumi provider (provider/dynamic) builds on trust and onprem.",
        ],
        // The library's entry point gathers every part for users.
        [["provider/index.ts"], [], ""],
    ]),
    {
        files: ["sdk/cli/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    paths: [{ name: "@pulumi/pulumi", message: "The CLI never loads Pulumi." }],
                    patterns: [
                        {
                            group: ["**/provider/dynamic/**"],
                            message: "The CLI calls provider/ functions, not the dynamic provider.",
                        },
                    ],
                },
            ],
        },
    },
    {
        // Test harnesses drive gRPC objects that have no types.
        files: ["tests/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        files: ["bin/**/*.js"],
        languageOptions: { globals: { require: "readonly", process: "readonly" } },
    },
);
