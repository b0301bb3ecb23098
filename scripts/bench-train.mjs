// Training steps per second on every backend, in headless Chromium, through the trained-models page's
// training view (the worker the page uses). Run after `vite build`: node scripts/bench-train.mjs
// Each backend trains the shipped reverse recipe (d_model 32, 2 layers, 2 heads, batch 64) for up to
// SECONDS after a warm-up; the figures are the worker's own time per step (backend included, the page's
// drawing and the periodic probe snapshots excluded; the median of the page's readings, each the mean of
// the last 20 steps) and the observed steps per wall-clock second.
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname } from "node:path";
import { chromium } from "@playwright/test";
import { preview } from "vite";
import { CHROMIUM_ARGS, findChromium } from "./chromium.mjs";

const outFile = process.env.AP_BENCH_OUT ?? "bench-results/train.json";
const WARMUP_STEPS = 10;
const SECONDS = Number(process.env.AP_TRAIN_SECONDS ?? 15);
const MIN_STEPS = 5;
const MAX_SECONDS = 120;
// AP_TRAIN_BACKENDS=wasm,cpu measures only those.
const BACKENDS = process.env.AP_TRAIN_BACKENDS?.split(",") ?? ["webgpu", "webgl", "wasm", "cpu"];

async function measure(browser, baseURL, backend) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${baseURL}/models.html?lang=en&view=train`);
  await page.getByTestId("train-task").selectOption("reverse");
  await page.getByTestId("train-backend").selectOption(backend);
  await page.getByTestId("train-start").click();
  const status = page.getByTestId("train-status");
  const read = async () => ({
    phase: await status.getAttribute("data-phase"),
    step: Number(await status.getAttribute("data-step")),
    rate: Number(await status.getAttribute("data-rate")),
    text: await status.textContent(),
  });
  const started = Date.now();
  let now = await read();
  while (now.step < WARMUP_STEPS && now.phase !== "failed" && Date.now() - started < 120_000) {
    await page.waitForTimeout(250);
    now = await read();
  }
  if (now.phase === "failed" || now.step < WARMUP_STEPS) {
    await page.close();
    return { backend, ok: false, reason: now.text?.trim() };
  }
  const from = { ...now, at: Date.now() };
  // At least SECONDS and MIN_STEPS steps (a software GPU may take seconds per step), at most MAX_SECONDS.
  let to = { ...(await read()), at: Date.now() };
  // The page's rate is the mean of the worker's last 20 steps: its median over the run is the figure.
  const rates = [];
  while (
    (to.at - from.at < SECONDS * 1000 || to.step - from.step < MIN_STEPS) &&
    to.at - from.at < MAX_SECONDS * 1000
  ) {
    await page.waitForTimeout(500);
    to = { ...(await read()), at: Date.now() };
    rates.push(to.rate);
  }
  await page.close();
  rates.sort((a, b) => a - b);
  return {
    backend,
    ok: true,
    steps: to.step - from.step,
    stepsPerSecond: rates[Math.floor(rates.length / 2)] ?? to.rate,
    wallStepsPerSecond: ((to.step - from.step) * 1000) / (to.at - from.at),
  };
}

// AP_OUT_DIR serves another build folder, as in playwright.config.ts.
const outDir = process.env.AP_OUT_DIR;
const server = await preview({
  ...(outDir ? { build: { outDir } } : {}),
  preview: { port: 0, strictPort: false },
  logLevel: "silent",
});
const baseURL =
  server.resolvedUrls?.local[0]?.replace(/\/$/, "") ?? `http://localhost:${server.httpServer.address().port}`;
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const rows = [];
try {
  for (const backend of BACKENDS) {
    console.error(`training: ${backend}…`);
    rows.push(await measure(browser, baseURL, backend));
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(
  "\nTraining in the browser (reverse: d_model 32, 2 layers, 2 heads, batch 64, Adam), in a Web Worker",
);
console.log("backend  steps/s (worker)  steps/s (wall clock, with snapshots and accuracy checks)");
for (const r of rows) {
  console.log(
    r.ok
      ? `${r.backend.padEnd(9)}${r.stepsPerSecond.toFixed(1).padStart(16)}  ${r.wallStepsPerSecond.toFixed(1).padStart(10)}`
      : `${r.backend.padEnd(9)}did not start: ${r.reason}`,
  );
}
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(
  outFile,
  JSON.stringify({ date: new Date().toISOString(), loadavg: loadavg(), seconds: SECONDS, rows }, null, 2),
);
console.error(`wrote ${outFile}`);
