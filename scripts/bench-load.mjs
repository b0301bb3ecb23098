// Cold load: from navigation to the first picture, and to the first picture computed by TensorFlow.js, for
// the explorer (index.html, its built-in example) and the widget (embed.html, example five-values), in a
// fresh browser context each time (no cache, no remembered calibration), then once more in the same
// context (the device's calibration remembered). Run after `vite build`:
//   node scripts/bench-load.mjs [--runs 2] [--out FILE]     (AP_OUT_DIR=DIR: a build other than dist/, to compare two)
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { preview } from "vite";
import { CHROMIUM_ARGS, findChromium } from "./chromium.mjs";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "2" },
    out: { type: "string", default: "bench-results/load.json" },
  },
});
const RUNS = Number(values.runs);
const TFJS = ["webgpu", "webgl", "wasm", "cpu"];

/**
 * In the page, from the first script on: when the backend shown first becomes known (the first picture)
 * and when it first names a tfjs backend. The explorer shows it in [data-testid="backend-name"]; the
 * widget in its element's data-backend attribute. Times are performance.now(): ms since navigation.
 */
function watch(tfjsNames) {
  const seen = { first: undefined, tfjs: undefined, backend: undefined };
  window.__load = seen;
  const read = () => {
    const widget = document.querySelector("attention-playground");
    const explorer = document.querySelector('[data-testid="backend-name"]')?.textContent;
    const widgetBackend =
      widget?.getAttribute("data-ready") !== null ? widget?.getAttribute("data-backend") : null;
    const shown = widgetBackend || (explorer && explorer !== "…" ? explorer : undefined);
    if (!shown) return;
    seen.first ??= performance.now();
    if (tfjsNames.includes(shown) && seen.tfjs === undefined) {
      seen.tfjs = performance.now();
      seen.backend = shown;
    }
  };
  new MutationObserver(read).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
}

async function measure(context, url) {
  const page = await context.newPage();
  await page.addInitScript(watch, TFJS);
  await page.goto(url);
  await page.waitForFunction(() => window.__load?.tfjs !== undefined, null, { timeout: 60_000, polling: 50 });
  const result = await page.evaluate(() => window.__load);
  await page.close();
  return result;
}

const server = await preview({
  build: { outDir: process.env.AP_OUT_DIR || "dist" },
  preview: { port: 0, strictPort: false },
  logLevel: "silent",
});
const base = `http://localhost:${server.httpServer.address().port}`;
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const pages = [
  ["explorer", `${base}/`],
  ["widget", `${base}/embed.html#example=five-values&step=6`],
];
const rows = [];
try {
  for (const [name, url] of pages) {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext();
      const cold = await measure(context, url);
      // Let the background calibration finish and be remembered, then load again in the same context.
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(
        () => localStorage.getItem("attention-playground:calibration:v2") !== null,
        null,
        {
          timeout: 120_000,
          polling: 500,
        },
      );
      const calibration = await page.evaluate(() =>
        JSON.parse(localStorage.getItem("attention-playground:calibration:v2") ?? "{}"),
      );
      await page.close();
      const warm = await measure(context, url);
      await context.close();
      rows.push({ page: name, run, cold, warm, calibration, load: loadavg()[0] });
      console.error(
        `${name} run ${run + 1}: cold ${cold.first.toFixed(0)} / ${cold.tfjs.toFixed(0)} ms (${cold.backend}), ` +
          `remembered ${warm.first.toFixed(0)} / ${warm.tfjs.toFixed(0)} ms (${warm.backend})`,
      );
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `\nCold load, ms from navigation (median of ${RUNS} fresh browser contexts; load average ${loadavg()[0].toFixed(1)})`,
);
console.log(
  "| page | first picture | first tfjs picture | backend | first tfjs picture, calibration remembered | backend |",
);
console.log("|:--|--:|--:|:--|--:|:--|");
for (const [name] of pages) {
  const mine = rows.filter((r) => r.page === name);
  const backends = (key) => [...new Set(mine.map((r) => r[key].backend))].join(", ");
  console.log(
    `| ${name} | ${median(mine.map((r) => r.cold.first)).toFixed(0)} | ${median(mine.map((r) => r.cold.tfjs)).toFixed(0)} | ` +
      `${backends("cold")} | ${median(mine.map((r) => r.warm.tfjs)).toFixed(0)} | ${backends("warm")} |`,
  );
}
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));
