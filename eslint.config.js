import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import { layers } from "./scripts/eslint-layers.js";

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
    },
  },
  {
    // The layering of src/ (README, "Layout"): each folder imports only the folders before it and the
    // packages its role needs (scripts/eslint-layers.js), and no import chain comes back to its start.
    files: ["src/**/*.{ts,tsx}"],
    plugins: { layers },
    rules: { "layers/allowed": "error", "layers/no-cycle": "error" },
  },
  {
    files: ["**/*.{js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
