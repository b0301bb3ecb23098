import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

/**
 * The npm package's library build (dist/lib): ES modules for `.`, `./widget` and `./react`, with every
 * dependency left as an import for the consumer's bundler (or node) to resolve. `npm run build:package`
 * runs it (scripts/build-package.mjs), then the standalone widget (vite.widget.config.ts) and the .d.ts.
 */
const here = import.meta.dirname;
const wasmDir = resolve(here, "node_modules/@tensorflow/tfjs-backend-wasm/dist");

/**
 * The workers, each an entry of its own: the module that starts it, the URL it says there, and the
 * placeholder that stands for the entry's file until renderChunk writes it back.
 */
const WORKERS = [
  {
    module: "/src/engine/remote.ts",
    source: "./worker.ts",
    placeholder: "__AP_ENGINE_WORKER__",
    file: "./engine-worker.js",
  },
  {
    module: "/src/render/offscreenFlow.ts",
    source: "./flowPainter.ts",
    placeholder: "__AP_FLOW_PAINTER__",
    file: "./flow-painter.js",
  },
];

/**
 * Vite inlines every asset of a library as base64 (1.5 MB of wasm in a .js file, and a worker with
 * TensorFlow.js bundled in), or writes a worker's URL from the site's root. Here instead each worker is an
 * entry of its own, referenced as `new Worker(new URL("./engine-worker.js", import.meta.url))`, and the wasm
 * binaries are files beside the modules, referenced as `new URL("./….wasm", import.meta.url)`: the patterns
 * Vite, webpack and Parcel follow.
 */
const assetsBeside = (): Plugin => ({
  name: "attention-playground-assets-beside",
  enforce: "pre",
  transform(code, id) {
    const worker = WORKERS.find((w) => id.endsWith(w.module));
    if (!worker) return null;
    const pattern = `new URL("${worker.source}", import.meta.url)`;
    if (!code.includes(pattern)) this.error(`${worker.module} no longer says ${pattern}`);
    // Hidden from Vite's own worker bundling here; written back as a plain relative URL in renderChunk.
    return code.replace(pattern, `new URL(${worker.placeholder}, import.meta.url)`);
  },
  renderChunk(code) {
    if (!code.includes("__AP_")) return null;
    return WORKERS.reduce((out, w) => out.replaceAll(w.placeholder, `"${w.file}"`), code)
      .replaceAll("__AP_WASM_FILE__", '"./tfjs-backend-wasm.wasm"')
      .replaceAll("__AP_WASM_SIMD_FILE__", '"./tfjs-backend-wasm-simd.wasm"');
  },
  resolveId(source) {
    const match = /tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm\?url$/.exec(source);
    // The threaded binary is never used (WASM_HAS_MULTITHREAD_SUPPORT is off: ENVIRONMENT.md).
    if (match) return `\0ap-wasm:${match[1] === "-threaded-simd" ? "-simd" : (match[1] ?? "")}`;
    return null;
  },
  load(id) {
    if (!id.startsWith("\0ap-wasm:")) return null;
    const simd = id.endsWith("-simd");
    return `export default new URL(${simd ? "__AP_WASM_SIMD_FILE__" : "__AP_WASM_FILE__"}, import.meta.url).href;`;
  },
  generateBundle() {
    for (const file of ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"]) {
      this.emitFile({
        type: "asset",
        fileName: basename(file),
        source: readFileSync(resolve(wasmDir, file)),
      });
    }
  },
});

export default defineConfig({
  publicDir: false,
  plugins: [assetsBeside()],
  define: {
    // No explorer is served beside the library: "Open in explorer" needs the `app` attribute.
    __AP_EXPLORER_BESIDE__: "false",
  },
  build: {
    outDir: "dist/lib",
    emptyOutDir: true,
    target: "es2022",
    minify: false,
    sourcemap: false,
    lib: {
      entry: {
        index: resolve(here, "src/index.ts"),
        widget: resolve(here, "src/embed/widget.ts"),
        react: resolve(here, "src/embed/react.tsx"),
        "engine-worker": resolve(here, "src/engine/worker.ts"),
        "flow-painter": resolve(here, "src/render/flowPainter.ts"),
      },
      formats: ["es"],
    },
    rollupOptions: {
      // Dependencies and peers stay imports; a `?url` import of a wasm binary is the plugin's, above.
      external: (id) =>
        !id.includes("?") && /^(@tensorflow\/|d3(-[a-z]+)?(\/|$)|react(-dom)?(\/|$))/.test(id),
      output: { chunkFileNames: "[name]-[hash].js" },
    },
  },
});
