// Cold load: from navigation to the first picture, and to the first picture computed by TensorFlow.js, for
// the explorer (index.html, its built-in example) and the widget (embed.html, example five-values), in a
// fresh browser context each time (no cache, no remembered calibration), then once more in the same
// context (the device's calibration remembered). Then a long post of 16 widgets (the kinds a course page
// mixes: flows, heatmaps, two heads, the modern panel, three backend values, far apart in the page): when
// the last first picture and the last tfjs picture came, the longest task until then, the total blocking
// time (each long task's time past 50 ms), and how many engine workers the page started. Run after `vite build`:
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
} catch (error) {
  await browser.close();
  await server.close();
  throw error;
}

/** 16 widgets far apart in one post, served beside the built widget.js. */
const POST_WIDGETS = [
  `example="five-values" step="6"`,
  `example="pronoun" view="flow" ui="slider"`,
  `example="causal" step="5" view="heatmap"`,
  `example="two-heads" head="mean" step="6"`,
  `example="hard-soft" palette="viridis"`,
  `example="score-functions" score="cosine" theme="dark"`,
  `example="large-dot-products" step="3" height="420px"`,
  `example="modern" ui="slider"`,
  `tokens='["I","saw","her"]' q="[[1,0],[0,1],[1,1]]" k="[[1,0],[0,1],[1,1]]" step="6"`,
  `example="pronoun" view="heatmap" weight-scale="row" palette="cividis"`,
  `example="five-values" lang="zh-CN" step="4"`,
  `example="two-heads" mask="causal"`,
  `example="causal" backend="cpu" step="7"`,
  `example="hard-soft" theme="auto" ui="slider"`,
  `example="pronoun" palette="grayscale" view="both"`,
  `example="five-values" backend="wasm" step="8"`,
];
const POST = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="/widget.js"></script></head><body style="max-width: 680px; margin: 0 auto">
${POST_WIDGETS.map((attrs) => `<attention-playground ${attrs}></attention-playground>`).join('<p style="height: 900px"></p>')}
</body></html>`;

async function measurePost(context) {
  await context.route("**/bench-post.html", (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", body: POST }),
  );
  const page = await context.newPage();
  let workers = 0;
  page.on("worker", (w) => (workers += /flowPainter/.test(w.url()) ? 0 : 1));
  await page.addInitScript((tfjsNames) => {
    const seen = { long: [], ready: undefined, tfjs: undefined };
    window.__post = seen;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) seen.long.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
    const read = () => {
      const all = [...document.querySelectorAll("attention-playground")];
      if (all.length === 0) return;
      if (seen.ready === undefined && all.every((w) => w.dataset.ready !== undefined))
        seen.ready = performance.now();
      if (seen.tfjs === undefined && all.every((w) => tfjsNames.includes(w.dataset.backend)))
        seen.tfjs = performance.now();
    };
    new MutationObserver(read).observe(document, { subtree: true, attributes: true });
  }, TFJS);
  await page.goto(`${base}/bench-post.html`);
  await page.waitForFunction(() => window.__post.tfjs !== undefined, null, {
    timeout: 120_000,
    polling: 100,
  });
  await page.waitForTimeout(500);
  const seen = await page.evaluate(() => window.__post);
  await page.close();
  const until = seen.long.filter(([start]) => start <= seen.tfjs);
  return {
    ready: seen.ready,
    tfjs: seen.tfjs,
    longest: Math.max(0, ...until.map(([, d]) => d)),
    blocking: until.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
    workers,
  };
}

const posts = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const post = await measurePost(context);
    await context.close();
    posts.push(post);
    console.error(
      `post run ${run + 1}: pictures ${post.ready.toFixed(0)} ms, tfjs ${post.tfjs.toFixed(0)} ms, longest task ` +
        `${post.longest.toFixed(0)} ms, blocking ${post.blocking.toFixed(0)} ms, ${post.workers} engine worker(s)`,
    );
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
console.log(
  `\nA post of ${POST_WIDGETS.length} widgets, 1000 × 800, fresh context (median of ${RUNS}): ms from navigation`,
);
console.log(
  "| every first picture | every tfjs picture | longest task | total blocking time | engine workers |",
);
console.log("|--:|--:|--:|--:|--:|");
const postMedian = (key) => median(posts.map((p) => p[key])).toFixed(0);
console.log(
  `| ${postMedian("ready")} | ${postMedian("tfjs")} | ${postMedian("longest")} | ${postMedian("blocking")} | ${postMedian("workers")} |`,
);
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify({ date: new Date().toISOString(), rows, posts }, null, 2));
