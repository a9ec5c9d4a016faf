// ESLint for the package, its tests and examples: typescript-eslint's recommended rules, with
// the project's own decisions below, each with its reason.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
    {
        // The architecture's arrows (ARCHITECTURE.md): what may import what.
        files: ["provider/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: ["**/sdk", "**/sdk/**"],
                            message: "provider/ never imports sdk/.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["provider/crypto/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: [
                                "../contract/**",
                                "../dynamic/**",
                                "../trust/**",
                                "../onprem/**",
                                "../archive/**",
                                "../schema/**",
                                "**/sdk/**",
                            ],
                            message: "provider/crypto imports nothing above it.",
                        },
                    ],
                },
            ],
        },
    },
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
