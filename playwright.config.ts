import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./scripts/chromium.mjs";

// Several people (or agents) testing in one checkout each build into their own folder and serve it on
// their own port: AP_OUT_DIR=/tmp/mine AP_PORT=4180 (build with `npx vite build --outDir /tmp/mine`).
const port = Number(process.env.AP_PORT ?? 4173);
const outDir = process.env.AP_OUT_DIR;

export default defineConfig({
  testDir: "e2e",
  // Browser tests assert behaviour and numbers, never timings; generous limits keep a busy machine from failing them.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: "chromium",
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort${outDir ? ` --outDir ${outDir}` : ""}`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
