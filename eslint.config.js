import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "test-results", "playwright-report", "bench-results", ".scratch"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["react", "react-dom", "d3", "d3-*", "@tensorflow/*"],
              message: "src/core is pure TypeScript: no React, d3 or tfjs here (see README, Layers).",
            },
          ],
        },
      ],
    },
  },
  {
    // Only the core layer is restricted; later layers may import what their role needs.
    files: [
      "src/engine/**",
      "src/render/**",
      "src/ui/**",
      "src/embed/**",
      "e2e/**",
      "scripts/**",
      "src/*.ts",
      "src/*.tsx",
    ],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["**/*.{js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
