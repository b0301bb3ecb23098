// The engine against numpy float32 (one thread) and against the FLOP floor, in one run:
//   node scripts/bench-attention.mjs [--backends wasm,webgl] [--sizes 256,1024] [--out FILE]
// Self-attention of n queries over n keys, d = 64, one head, scaled-dot, no mask, Q, K, V given: the
// engine computes and downloads every intermediate (scores, scaled, weights, head output), and numpy
// computes the same ones (scripts/bench-numpy.py). Each cell alternates numpy and the engine, one run
// each per round, so that load from other work falls on both alike. Run after `vite build`.
//
// FLOP floor: 4·n²·d for the two products plus 6·n² for scaling and softmax (max, subtract, exp, sum,
// divide), at the peak of this machine's core: the best of five numpy float32 2048³ matrix products on one
// thread (OpenBLAS's kernel for this CPU), measured in the same run.
//
// Fresh-memory floor: a trace in new buffers (the float32 arrays of every intermediate) makes the page touch
// each byte of them for the first time. On this machine first touches are slow (a new 4 MiB array takes
// ~20 ms to fill, a filled one 0.2 ms), so the table states, measured in the same page and run, what
// allocating and filling buffers of the trace's sizes costs. Each timed trace is handed back to the engine
// (engine.recycle, as the explorer does once a trace leaves the screen) and the next is written into its
// buffers on wasm, as numpy's allocator hands its freed blocks back warm; the floor says what a caller
// that keeps every trace pays instead.
//
// Warm-up: Chromium compiles wasm with a baseline compiler first and swaps in optimised code for hot functions
// from a background thread. On this 2-core machine the first ~30 computes at n = 1024 took 12–40 ms and the
// later ones 11 ms (with --js-flags=--no-wasm-dynamic-tiering the early ones took 12–13). So each cell runs
// the engine untimed for WARM_MS first (at most WARM_RUNS runs), and the table gives those runs' median
// beside the timed one: what a page pays in its first second of computing at that size.
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { preview } from "vite";
import { CHROMIUM_ARGS, findChromium } from "./chromium.mjs";
import { startNumpy } from "./numpy.mjs";

const { values } = parseArgs({
  options: {
    backends: { type: "string", default: "wasm,webgl,webgpu,cpu" },
    sizes: { type: "string", default: "256,1024,2048,4096" },
    out: { type: "string", default: "bench-results/attention.json" },
  },
});
const BACKENDS = values.backends.split(",").filter(Boolean);
const SIZES = values.sizes.split(",").map(Number);
const D = 64;
/** Rounds per cell: at least MIN_ROUNDS, then until the engine has spent CELL_MS, at most MAX_ROUNDS. */
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 9;
const CELL_MS = 2000;
/** Untimed runs before each cell: until the engine has spent WARM_MS, at most WARM_RUNS runs. */
const WARM_MS = 1500;
const WARM_RUNS = 40;
/** A backend whose single timed run (warm-up excluded) takes longer than this is not tried on larger sizes. */
const SLOW_MS = 4000;

const log = (line) => console.error(line);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const flops = (n) => 4 * n * n * D + 6 * n * n;

/** A harness page with an engine on one backend and the problem of size n ready in it. */
async function prepare(page, backend, n) {
  return page.evaluate(
    async ([backend, n, d]) => {
      const h = window.harness;
      window.benchEngine ??= h.createEngine({ backend });
      // Two problems of other Q, computed in turn: an engine keeps the last problem's Q, K, V and scores
      // for an edit after them (engine/upstream.ts), and each timed computation must be a whole one.
      const spec = (seed) => ({
        source: {
          kind: "qkv",
          q: h.seededMatrix(n, d, seed),
          k: h.seededMatrix(n, d, 2),
          v: h.seededMatrix(n, d, 3),
        },
      });
      window.benchSpecs = [spec(1), spec(4)];
      window.benchSpec = window.benchSpecs[0];
      const start = performance.now();
      const result = await window.benchEngine.compute(window.benchSpec);
      const warmupMs = performance.now() - start;
      window.benchEngine.recycle(result.trace);
      return { backend: result.backend, warmupMs };
    },
    [backend, n, D],
  );
}

/**
 * The trace's float32 buffers (each once), and the median of 3 times to allocate and fill new buffers of
 * the same sizes in the page: the fresh-memory floor.
 */
const freshMemory = (page) =>
  page.evaluate(async () => {
    const result = await window.benchEngine.compute(window.benchSpec);
    const sizes = [];
    const seen = new Set();
    for (const value of Object.values(result.trace)) {
      const data = value?.data;
      if (data instanceof Float32Array && !seen.has(data.buffer)) {
        seen.add(data.buffer);
        sizes.push(data.length);
      }
    }
    const times = [];
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      const kept = sizes.map((length) => new Float32Array(length).fill(round + 1));
      times.push(performance.now() - start);
      if (kept.length !== sizes.length) throw new Error("unreachable");
    }
    times.sort((a, b) => a - b);
    return { bytes: sizes.reduce((a, b) => a + 4 * b, 0), ms: times[1] };
  });

/** One timed computation. Its trace is then handed back (engine.recycle), as the explorer does with a
 * trace it no longer shows: the next one is written into its buffers. */
const runEngine = (page) =>
  page.evaluate(async () => {
    window.benchSpec = window.benchSpecs[window.benchSpecs.indexOf(window.benchSpec) ^ 1];
    const start = performance.now();
    const { trace } = await window.benchEngine.compute(window.benchSpec);
    const ms = performance.now() - start;
    window.benchEngine.recycle(trace);
    return ms;
  });

const server = await preview({ preview: { port: 0, strictPort: false }, logLevel: "silent" });
const base = `http://localhost:${server.httpServer.address().port}`;
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const numpy = startNumpy();
const started = Date.now();
const rows = [];
let info;
let peak;
try {
  info = await numpy.ask("info");
  peak = await numpy.ask("peak");
  log(`numpy ${info.numpy}, ${JSON.stringify(info.threadpools)}; peak ${peak.gflops.toFixed(1)} GFLOP/s`);
  for (const backend of BACKENDS) {
    const page = await browser.newPage();
    await page.goto(`${base}/e2e/harness.html`);
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "ready");
    let slow;
    for (const n of SIZES) {
      if (slow) {
        rows.push({ backend, n, skipped: `one run took ${(slow.ms / 1000).toFixed(1)} s at n = ${slow.n}` });
        continue;
      }
      const warm = await prepare(page, backend, n);
      if (warm.backend !== backend) {
        rows.push({ backend, n, skipped: `computed on ${warm.backend}` });
        break;
      }
      await numpy.ask(`attn ${n} ${D}`);
      const warming = [warm.warmupMs];
      while (warming.length < WARM_RUNS && warming.reduce((a, b) => a + b, 0) < WARM_MS)
        warming.push(await runEngine(page));
      const engine = [];
      const np = [];
      for (let round = 0; round < MAX_ROUNDS; round++) {
        // Alternate who goes first, so that neither always runs right after the other's garbage.
        if (round % 2) engine.push(await runEngine(page));
        np.push((await numpy.ask(`attn ${n} ${D}`)).ms);
        if (!(round % 2)) engine.push(await runEngine(page));
        const spent = engine.reduce((a, b) => a + b, 0);
        if (round + 1 >= MIN_ROUNDS && spent >= CELL_MS) break;
        if (Math.max(...engine) > SLOW_MS) break;
      }
      const fresh = await freshMemory(page);
      const row = {
        backend,
        n,
        freshMs: fresh.ms,
        freshMiB: fresh.bytes / 2 ** 20,
        engineMs: median(engine),
        warmRuns: warming.length,
        warmMs: median(warming),
        numpyMs: median(np),
        floorMs: (flops(n) / (peak.gflops * 1e9)) * 1000,
        rounds: engine.length,
        load: loadavg()[0],
      };
      rows.push(row);
      log(`${backend} n=${n}: engine ${row.engineMs.toFixed(1)} ms, numpy ${row.numpyMs.toFixed(2)} ms`);
      // Timed runs only: a first run's shader compiles (seconds on a software GPU) say nothing of larger sizes.
      const slowest = Math.max(...engine);
      if (slowest > SLOW_MS) slow = { n, ms: slowest };
    }
    await page.close();
  }
} finally {
  numpy.close();
  await browser.close();
  await server.close();
}

const fmt = (x, digits = 1) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits));
console.log(
  `\nAttention, n queries × n keys, d = ${D}, one head, every intermediate downloaded; numpy float32 on one ` +
    `thread (${JSON.stringify(info.threadpools)}), in alternating rounds; floor = (4n²d + 6n²) FLOP at ` +
    `${peak.gflops.toFixed(1)} GFLOP/s (best numpy float32 2048³ matMul, one thread, this run)`,
);
console.log(
  "| backend | n | engine ms | numpy ms | × numpy | floor ms | × floor | trace MiB | fresh-memory floor ms | × fresh | rounds | warm-up runs | warm-up median ms |",
);
console.log("|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
for (const r of rows) {
  if (r.skipped) {
    console.log(`| ${r.backend} | ${r.n} | skipped: ${r.skipped} | | | | | | | | | | |`);
    continue;
  }
  console.log(
    `| ${r.backend} | ${r.n} | ${fmt(r.engineMs)} | ${fmt(r.numpyMs, 2)} | ${fmt(r.engineMs / r.numpyMs)} | ` +
      `${fmt(r.floorMs, 2)} | ${fmt(r.engineMs / r.floorMs)} | ${fmt(r.freshMiB)} | ${fmt(r.freshMs)} | ` +
      `${fmt(r.engineMs / r.freshMs)} | ${r.rounds} | ${r.warmRuns} | ${fmt(r.warmMs)} |`,
  );
}
console.log(
  `Wall time ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()[0].toFixed(1)}.`,
);
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(
  values.out,
  JSON.stringify({ date: new Date().toISOString(), numpy: info, peakGflops: peak.gflops, rows }, null, 2),
);
