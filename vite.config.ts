/// <reference types="vitest/config" />
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** `npm start` serves /widget.js too, as the build writes it: a module that loads the widget's source. */
const widgetInDev = (): Plugin => ({
  name: "attention-playground-widget-dev",
  apply: "serve",
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      if (req.url?.split("?")[0] !== "/widget.js") return next();
      res.setHeader("Content-Type", "text/javascript");
      res.end('export * from "/src/embed/widget.ts";\n');
    });
  },
});

export default defineConfig({
  plugins: [react(), widgetInDev()],
  // Every page of dist/ finds its scripts, workers, wasm and models relative to itself: dist/ can be served
  // under any sub-path (https://example.org/some/path/), not only at a site's root.
  base: "./",
  define: {
    // The explorer (index.html) is served beside widget.js: "Open in Attention Playground" links to it.
    __AP_EXPLORER_BESIDE__: "true",
  },
  build: {
    target: "es2022",
    // KaTeX's fonts and every other asset as files: a data: URL is refused by a CSP of default-src 'self'.
    assetsInlineLimit: 0,
    // tfjs backends are large by nature; they load lazily, one chunk each.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        models: resolve(import.meta.dirname, "models.html"),
        harness: resolve(import.meta.dirname, "e2e/harness.html"),
        gallery: resolve(import.meta.dirname, "e2e/gallery.html"),
        embed: resolve(import.meta.dirname, "embed.html"),
        widget: resolve(import.meta.dirname, "src/embed/widget.ts"),
      },
      // The widget at a stable address (<script type="module" src="…/widget.js">); the rest hashed as before.
      output: {
        entryFileNames: (chunk) => (chunk.name === "widget" ? "widget.js" : "assets/[name]-[hash].js"),
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
