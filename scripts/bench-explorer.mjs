// Explorer benchmark: time from an edit to the repainted page, and long tasks while scrubbing a value.
// Runs the built app (dist/, or AP_OUT_DIR to compare another build) in headless Chromium.
// Usage: node scripts/bench-explorer.mjs [--out FILE] [--n 16,64,128,256,512,4096] [--steps 2,7,8] [--steps-n 64]
//   [--back-and-forth 512]
// Each size is scrubbed at step 6 (the weights); then the other steps named, at --steps-n tokens: their views
// differ (vector strips of Q, K and V at step 2, of the outputs at 7 and 8), and so do their costs. Then the
// sizes of --back-and-forth once more, the slider moved one step the other way at every edit: the worst case
// for the worker's computing ahead (useTrace.ts), whose guess of the next value is then always wrong.
// Prints a table and writes JSON (default bench-results/explorer.json).
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname } from "node:path";
import { chromium } from "@playwright/test";
import { preview } from "vite";
import { CHROMIUM_ARGS, findChromium } from "./chromium.mjs";

const args = process.argv.slice(2);
const outFile = args.includes("--out") ? args[args.indexOf("--out") + 1] : "bench-results/explorer.json";
// An empty list (--n "") measures no size: "".split(",") is [""], which Number made a row of 0 tokens.
const SIZES = (args.includes("--n") ? args[args.indexOf("--n") + 1] : "16,64,128,256,512,4096")
  .split(",")
  .filter(Boolean)
  .map(Number);
const OTHER_STEPS = (args.includes("--steps") ? args[args.indexOf("--steps") + 1] : "2,7,8")
  .split(",")
  .filter(Boolean)
  .map(Number);
const STEPS_N = Number(args.includes("--steps-n") ? args[args.indexOf("--steps-n") + 1] : 64);
const BACK_AND_FORTH = (
  args.includes("--back-and-forth") ? args[args.indexOf("--back-and-forth") + 1] : "512"
)
  .split(",")
  .filter(Boolean)
  .map(Number);

/** A saved explorer state (the app reads it from localStorage at start): n tokens, d_model 64, 4 heads, at `step`. */
function savedState(n, step = 6) {
  const tokens = Array.from({ length: n }, (_, i) => `w${i + 1}`);
  return {
    input: "sequence",
    sequence: {
      text: tokens.join(" "),
      tokenizer: "whitespace",
      tokens,
      dModel: 64,
      seed: 1,
      positional: "sinusoidal",
      weights: "random",
    },
    score: "scaled-dot",
    temperature: 1,
    mask: { kind: "causal", validLength: n, painted: [] },
    // 4 heads, or at 4,096 tokens 2: the engine holds at most 2²⁵ scores (heads × n², core/limits.ts).
    heads: 4 * n * n > 2 ** 25 ? 2 : 4,
    mode: "soft",
    backend: "auto",
    step,
    head: 0,
    theme: "light",
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};

/**
 * A first visit measures the backends in the engine's worker (seconds of WebGPU and WebGL on SwiftShader here)
 * and remembers them per device. Scrubbing is measured on later visits, in the same browser profile, as a
 * returning user scrubs: the first visit waits until the worker has remembered its measurements.
 */
async function calibrate(context, baseURL) {
  const page = await context.newPage();
  await page.addInitScript((state) => {
    localStorage.setItem("attention-playground:state:v1", JSON.stringify(state));
  }, savedState(256));
  const start = Date.now();
  await page.goto(`${baseURL}/`);
  await page.waitForFunction(
    () => localStorage.getItem("attention-playground:calibration:v2") !== null,
    null,
    {
      timeout: 300_000,
      polling: 500,
    },
  );
  await page.close();
  return (Date.now() - start) / 1000;
}

/** Edits in a measured scrub. */
const EDITS = 60;

/**
 * Unmeasured edits between a page's first scrub and its steady one. Starting leftwards, they end 20 steps left
 * of where they began: the steady scrub goes over the same values of τ as the first.
 */
const WARM_EDITS = 140;

/**
 * Scrubs τ, a step of the slider, then 16 ms, then the next (with the driver's round trip for each key, about
 * 25–30 edits a second here, as fast as a held arrow key repeats: `rate` says), `run` steps one way then `run`
 * the other (20, or 1: back and forth), and returns the edit → repaint times of the results painted, the long
 * tasks, and how many results the worker had computed ahead ("ap:ahead" marks), all from this scrub only.
 */
async function scrub(page, press, edits, [there, back] = ["ArrowRight", "ArrowLeft"], run = 20) {
  await page.evaluate(() => {
    performance.clearMeasures("ap:edit-to-paint");
    performance.clearMarks("ap:ahead");
    window.__scrubStart = performance.now();
  });
  const started = Date.now();
  for (let i = 0; i < edits; i++) {
    await press(Math.floor(i / run) % 2 === 0 ? there : back);
    await page.waitForTimeout(16);
  }
  const rate = edits / ((Date.now() - started) / 1000);
  await page.waitForTimeout(1500);
  // A large n is still computing the last edit (a scrub's edits are coalesced into the newest): wait for it.
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 120_000 });
  const measured = await page.evaluate(() => ({
    paints: performance.getEntriesByName("ap:edit-to-paint").map((e) => e.duration),
    longTasks: window.__longTasks.filter((t) => t.start >= window.__scrubStart),
    ahead: performance.getEntriesByName("ap:ahead").length,
  }));
  return { ...measured, rate };
}

/** Edits of the traced scrub that measures what an edit costs the machine (cpuPerEdit). */
const TRACED_EDITS = 30;
/** Threads whose work is the measuring's, not the page's: the trace's own, and the driver's pipe. */
const MEASURING =
  /^(PerfettoTrace|DevToolsPipeHandler|Chrome_IOThread|Chrome_ChildIOThread|ThreadPoolService)/;

/**
 * The physical limit of a scrub: what the edits cost every thread of the browser (page, engine worker,
 * compositor, raster, GPU process), from a trace of a scrub of its own after the measured ones, from its first
 * edit to its last paint. Busy time is each thread's top-level tasks, merged; it runs slightly high (tracing
 * adds to each task). With every core busy for the whole scrub, the machine is the limit: no schedule paints
 * more of it sooner.
 */
async function cpuPerEdit(browser, page, press, run) {
  await browser.startTracing(page, { categories: ["toplevel", "blink.user_timing"] });
  await scrub(page, press, TRACED_EDITS, undefined, run);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString("utf8"));
  const names = new Map();
  for (const e of traceEvents)
    if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
  // From the first edit to the end of the last paint, not the quiet wait after the scrub.
  const timings = traceEvents.filter((e) => e.name === "ap:edit" || e.name === "ap:edit-to-paint");
  const from = Math.min(...timings.map((e) => e.ts));
  const to = Math.max(...timings.map((e) => e.ts + (e.dur ?? 0)));
  const tasks = new Map();
  for (const e of traceEvents) {
    if (e.ph !== "X" || !e.dur || !/^(ThreadControllerImpl::RunTask|ThreadPool_RunTask)$/.test(e.name))
      continue;
    const thread = `${e.pid}:${e.tid}`;
    if (MEASURING.test(names.get(thread) ?? "")) continue;
    if (!tasks.has(thread)) tasks.set(thread, []);
    tasks.get(thread).push([Math.max(e.ts, from), Math.min(e.ts + e.dur, to)]);
  }
  const byThread = {};
  for (const [thread, spans] of tasks) {
    spans.sort((a, b) => a[0] - b[0]);
    let busy = 0;
    let end = -Infinity;
    for (const [start, stop] of spans) {
      busy += Math.max(0, stop - Math.max(start, end));
      end = Math.max(end, stop);
    }
    const name = names.get(thread) ?? "other";
    byThread[name] = (byThread[name] ?? 0) + busy / 1000 / TRACED_EDITS;
  }
  const total = Object.values(byThread).reduce((a, b) => a + b, 0);
  return {
    totalMs: total,
    pageMs: byThread.CrRendererMain ?? 0,
    workerMs: byThread["DedicatedWorker thread"] ?? 0,
    windowMs: (to - from) / 1000,
  };
}

async function measure(browser, context, baseURL, n, edits, step = 6, run = 20) {
  const page = await context.newPage();
  await page.addInitScript(
    (state) => {
      localStorage.setItem("attention-playground:state:v1", JSON.stringify(state));
      // Long tasks are recorded from the start; the bench reads those that fall inside the scrubbing window.
      window.__longTasks = [];
      new PerformanceObserver((list) =>
        window.__longTasks.push(
          ...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })),
        ),
      ).observe({
        type: "longtask",
        buffered: true,
      });
    },
    savedState(n, step),
  );
  await page.goto(`${baseURL}/`);
  // Past the explorer's token limit the input is refused: the row says so, with the page's message.
  await page
    .locator('.ap-step-card .ap-view > *, [data-testid="errors"]')
    .first()
    .waitFor({ timeout: 120_000 });
  if ((await page.locator('[data-testid="errors"]').count()) > 0) {
    const message = (await page.locator('[data-testid="errors"] li').first().textContent()) ?? "";
    const nodes = await page.evaluate(() => document.querySelectorAll("*").length);
    await page.close();
    const none = { paints: [], longTasks: [] };
    return { n, step, run, backend: "refused", edits: 0, first: none, steady: none, message, nodes };
  }
  // Wait for the measured backend to answer (the first picture may come from the exact reference).
  await page.waitForFunction(
    () => document.querySelector('[data-testid="backend-name"]')?.textContent !== "float64 reference",
    null,
    {
      timeout: 120_000,
    },
  );
  const slider = page.locator('[data-testid="temperature"]');
  await slider.focus();
  // Keys go to the focused slider straight away: a locator's press would query the page's DOM on its main
  // thread at every edit, which is the bench's work, not the app's.
  const press = (key) => page.keyboard.press(key);
  // Warm-up edits: shader compiles, first paints.
  for (let i = 0; i < 3; i++) {
    await press("ArrowRight");
    await page.waitForTimeout(300);
  }
  const first = await scrub(page, press, edits, undefined, run);
  // JavaScript runs unoptimised until V8 has compiled it: in a first scrub of 60 edits at 64 tokens here the
  // optimising compilers took 12 ms of CPU an edit on the other core, and 1 ms once 300 edits had run. The
  // steady scrub is measured after WARM_EDITS more, as a user who has been scrubbing a while sees it.
  await scrub(page, press, WARM_EDITS, ["ArrowLeft", "ArrowRight"], run);
  const steady = await scrub(page, press, edits, undefined, run);
  const cpu = n <= 512 ? await cpuPerEdit(browser, page, press, run) : undefined;
  // What the scrub had on the screen, by the share of each view inside the viewport: a view scrolled away
  // costs the page nothing to paint, so a figure means little without it.
  const onScreen = await page.evaluate(() => {
    const views = {
      heatmap: document.querySelector('[data-testid="view-weights"] canvas'),
      flow: document.querySelector("svg.ap-flow"),
      strips: document.querySelector(".ap-step-card .ap-vectors"),
      formula: document.querySelector('[data-testid="step-formula"]'),
    };
    const shown = [];
    for (const [name, node] of Object.entries(views)) {
      const r = node?.getBoundingClientRect();
      if (!r || r.width === 0 || r.height === 0) continue;
      const visible = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
      const share = visible / r.height;
      if (share > 0) shown.push(share > 0.99 ? name : `${name} ${Math.round(share * 100)}%`);
    }
    return shown.join(", ") || "none";
  });
  // The backend that computed the scrub: read at its end (a page may answer first on the backend that
  // starts soonest, then move to the measured fastest once it has started).
  const backend = await page.locator('[data-testid="backend-name"]').textContent();
  await page.close();
  return { n, step, run, backend, edits, first, steady, onScreen, cpu };
}

const server = await preview({
  preview: { port: 0, strictPort: false },
  build: { outDir: process.env.AP_OUT_DIR || "dist" },
  logLevel: "silent",
});
const baseURL =
  server.resolvedUrls?.local[0]?.replace(/\/$/, "") ?? `http://localhost:${server.httpServer.address().port}`;
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
const runs = [];
let calibrationS;
try {
  console.error("explorer: first visit (the worker measures the backends)…");
  calibrationS = await calibrate(context, baseURL);
  for (const n of SIZES) {
    console.error(`explorer: n = ${n}…`);
    runs.push(await measure(browser, context, baseURL, n, EDITS));
  }
  for (const step of OTHER_STEPS) {
    console.error(`explorer: n = ${STEPS_N}, step ${step}…`);
    runs.push(await measure(browser, context, baseURL, STEPS_N, EDITS, step));
  }
  for (const n of BACK_AND_FORTH) {
    console.error(`explorer: n = ${n}, back and forth…`);
    runs.push(await measure(browser, context, baseURL, n, EDITS, 6, 1));
  }
} finally {
  await browser.close();
  await server.close();
}

const summary = ({ paints, longTasks, rate = NaN, ahead = 0 }) => ({
  editsPerSecond: rate,
  paints: paints.length,
  ahead,
  medianMs: median(paints),
  p95Ms: percentile(paints, 0.95),
  longTasks: longTasks.length,
  longestTaskMs: Math.max(0, ...longTasks.map((t) => t.duration)),
});
const rows = runs.map((r) => ({
  n: r.n,
  step: r.step,
  backAndForth: r.run === 1,
  backend: r.backend,
  first: summary(r.first),
  steady: summary(r.steady),
  onScreen: r.onScreen,
  cpu: r.cpu,
}));
console.log(
  "\nExplorer: edit → repainted page (d_model 64, 4 heads, 2 at n = 4,096, causal mask, at the step named), scrubbing τ with a key press every 16 ms plus the driver's round trip",
);
console.log(
  `A page's first scrub (${EDITS} edits), then its steady one (${EDITS} edits after ${WARM_EDITS} more): edits a second, paints, results the worker had computed ahead, median and p95 ms, long tasks (>50 ms) and the longest`,
);
const columns = (...xs) => xs.map((x, i) => String(x).padStart(i === 0 ? 6 : 7)).join("");
const cells = (s) =>
  columns(
    s.editsPerSecond.toFixed(0),
    s.paints,
    s.ahead,
    s.medianMs.toFixed(1),
    s.p95Ms.toFixed(1),
    s.longTasks,
    s.longestTaskMs.toFixed(0),
  );
const head = columns("edit/s", "paints", "ahead", "median", "p95", "long", "(ms)");
console.log(
  `${"".padEnd(20)}| ${"first scrub".padEnd(head.length)} | ${"steady scrub".padEnd(head.length)} |`,
);
console.log(
  `${"n".padEnd(6)}${"step".padEnd(5)}${"backend".padEnd(9)}| ${head} | ${head} | on screen while scrubbing`,
);
/** A back-and-forth scrub's step is starred. */
const stepOf = (r) => `${r.step}${r.backAndForth ? "*" : ""}`;
for (const r of rows) {
  const at = `${String(r.n).padEnd(6)}${stepOf(r).padEnd(5)}`;
  if (r.backend === "refused") {
    const run = runs.find((x) => x.n === r.n && x.step === r.step);
    console.log(`${at}refused: ${run.message} (${run.nodes} DOM nodes on the page)`);
    continue;
  }
  console.log(`${at}${String(r.backend).padEnd(9)}| ${cells(r.first)} | ${cells(r.steady)} | ${r.onScreen}`);
}
console.log(
  "*: back and forth, one step each way in turn: the worker's guess of the next value is always wrong, and every result is computed after its edit.",
);
console.log(
  `Measured on later visits; the first visit measured the backends in its worker for ${calibrationS?.toFixed(0) ?? "?"} s.`,
);
const CORES = availableParallelism();
console.log(
  `\nWhat the edits cost the machine (a traced scrub of ${TRACED_EDITS} more edits, from the first edit to the last paint): busy ms per edit of every thread of the browser, of the page's main thread and of the engine's worker, and how busy the ${CORES} cores were (100%: the machine itself is the limit)`,
);
console.log(columns("n", "step", "all", "page", "worker", "cores"));
for (const r of rows) {
  if (!r.cpu) continue;
  const { totalMs, pageMs, workerMs, windowMs } = r.cpu;
  const busy = (100 * totalMs * TRACED_EDITS) / (windowMs * CORES);
  console.log(
    columns(
      r.n,
      stepOf(r),
      totalMs.toFixed(1),
      pageMs.toFixed(1),
      workerMs.toFixed(1),
      `${busy.toFixed(0)}%`,
    ),
  );
}
console.log(
  "Targets (issue 13): for every n up to 512, median under one 60 Hz frame (16.7 ms) and no long task while scrubbing.",
);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), rows, runs }, null, 2));
console.error(`wrote ${outFile}`);
