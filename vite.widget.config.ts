import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

/**
 * The standalone widget of the npm package (dist/widget): one <script type="module" src="…/widget.js">,
 * and every chunk, the engine's worker and the wasm binaries found relative to widget.js itself
 * (base "./"), so that the folder works copied anywhere, under any sub-path, or from a CDN.
 * No explorer is served beside it: "Open in Attention Playground" and ui="full" need the `app` attribute.
 */
const here = import.meta.dirname;

/** The threaded wasm binary is never loaded (WASM_HAS_MULTITHREAD_SUPPORT is off, ENVIRONMENT.md): not shipped. */
const noThreadedWasm = (): Plugin => ({
  name: "attention-playground-no-threaded-wasm",
  enforce: "pre",
  resolveId(source, importer) {
    if (!source.endsWith("tfjs-backend-wasm-threaded-simd.wasm?url")) return null;
    return this.resolve(source.replace("-threaded-simd.wasm", "-simd.wasm"), importer, { skipSelf: true });
  },
});

export default defineConfig({
  base: "./",
  publicDir: false,
  plugins: [noThreadedWasm()],
  define: { __AP_EXPLORER_BESIDE__: "false" },
  worker: { format: "es", plugins: () => [noThreadedWasm()] },
  build: {
    outDir: "dist/widget",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2000,
    // Fonts and images as files, never data: URLs (a strict CSP refuses those).
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { widget: resolve(here, "src/embed/widget.ts") },
      output: {
        entryFileNames: "[name].js",
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});
