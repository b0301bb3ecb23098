/// <reference types="vitest/config" />
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    // tfjs backends are large by nature; they load lazily, one chunk each.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        harness: resolve(import.meta.dirname, "e2e/harness.html"),
        gallery: resolve(import.meta.dirname, "e2e/gallery.html"),
      },
    },
  },
  // Module workers, so that the engine's worker loads each tfjs backend lazily as the page does.
  worker: { format: "es" },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
    testTimeout: 60_000,
  },
});
