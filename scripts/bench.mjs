// `npm run bench`: times the attention engine in headless Chromium on every backend that starts, next to
// the same computation written as bare tfjs ops and the float64 reference, and the automatic choice.
// Prints a table to stdout (progress to stderr) and writes everything as JSON.
// Runs after `vite build`: it serves dist/ with `vite preview` and drives e2e/harness.html, whose
// `window.harness.bench` (e2e/bench-page.ts) does the timing inside the page.
//
// Each backend, auto mode and the reference get a fresh page: tfjs keeps one registry of backends and
// their memory pools per page, so a fresh page frees them and keeps one backend from slowing another.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { preview } from "vite";
import { CHROMIUM_ARGS, findChromium } from "./chromium.mjs";

const USAGE = `Usage: node scripts/bench.mjs [--quick] [--out FILE] [--backends webgl,wasm] [--dist DIR]
  --quick      n ∈ {64, 256} only (a smoke run of a minute or two)
  --out FILE   where to write the JSON (default bench-results/engine.json)
  --backends   the backends to measure, comma-separated (default: all the engine knows)
  --dist DIR   serve this build instead of dist/ (e.g. a copy kept aside while others rebuild)`;

const ALL_TOKENS = [64, 256, 1024, 2048];
const QUICK_TOKENS = [64, 256];
const D_MODELS = [64, 512];
const HEADS = [1, 8];

/** A cell (a size on one backend): a warm-up, then ≥ 3 runs and ≥ 1.5 s, but ≤ 60 runs and about 60 s. */
const CELL_POLICY = { warmup: true, minRuns: 3, minMs: 1500, maxRuns: 60, maxMs: 60_000 };
/** A backend that takes longer than this for one run is not tried on larger sizes. */
const TOO_SLOW_MS = 20_000;
/** The float64 reference: up to 3 runs, and no more once 5 s are spent. */
const REFERENCE_POLICY = { warmup: false, minRuns: 3, minMs: 0, maxRuns: 3, maxMs: 5_000 };
/** Targets from the issue. */
const AUTO_TARGET = 1.1;
const OVERHEAD_TARGET_PCT = 20;

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const log = (line) => console.error(`[${elapsed()}] ${line}`);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      out: { type: "string", default: "bench-results/engine.json" },
      backends: { type: "string" },
      dist: { type: "string", default: "dist" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const backends = values.backends
    ?.split(",")
    .map((b) => b.trim())
    .filter(Boolean);
  return { quick: values.quick, out: resolve(values.out), backends, dist: resolve(values.dist) };
}

function benchSizes(quick) {
  const sizes = [];
  for (const n of quick ? QUICK_TOKENS : ALL_TOKENS) {
    for (const dModel of D_MODELS) for (const heads of HEADS) sizes.push({ n, dModel, heads });
  }
  return sizes;
}

const sizeKey = ({ n, dModel, heads }) => `n=${n} d=${dModel} h=${heads}`;

/** Rough floating-point work of a size (projections, scores, weights·V, W_O, softmax): orders sizes for skipping. */
const work = ({ n, dModel, heads }) => 8 * n * dModel * dModel + 4 * n * n * dModel + 12 * heads * n * n;

// ---------------------------------------------------------------------------------------------------------------
// Browser and pages

async function startServer(outDir) {
  // Port 0: any free port, so a running `vite preview` or test server is no obstacle.
  const server = await preview({
    build: { outDir },
    preview: { port: 0, strictPort: false, open: false },
    logLevel: "warn",
  });
  const { port } = server.httpServer.address();
  // localhost, not an IP address: WebGPU needs a secure context, and localhost is one.
  return { server, url: `http://localhost:${port}/e2e/harness.html` };
}

/** Opens a fresh harness page. Page messages starting with "bench:" are progress; errors are shown too. */
async function openHarness(browser, url) {
  const page = await browser.newPage();
  page.on("console", (message) => {
    const text = message.text();
    if (text.startsWith("bench: ")) log(`  ${text.slice(7)}`);
    else if (message.type() === "error") log(`  page console error: ${text}`);
  });
  page.on("pageerror", (error) => log(`  page error: ${error.message}`));
  page.on("crash", () => log("  the page crashed (out of memory?)"));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("status")?.textContent === "ready", null, {
    timeout: 60_000,
  });
  return page;
}

/**
 * Calls `window.harness.bench[fn](...args)` in the page. No timeout: a cell on a software GPU can take
 * minutes, and the policies above bound it.
 */
function call(page, fn, ...args) {
  return page.evaluate(([fn, args]) => window.harness.bench[fn](...args), [fn, args]);
}

/** The 1-minute load average when a cell finished: above the core count, other work shared the machine. */
const load = () => Number(os.loadavg()[0].toFixed(2));

const message = (error) => (error instanceof Error ? error.message.split("\n")[0] : String(error));

// ---------------------------------------------------------------------------------------------------------------
// Phases: auto mode, each backend, the reference. Each returns plain data; failures are recorded, not thrown.

/** What the page knows before any backend starts: the browser, and the backends the engine tries. */
async function describePage(browser, url) {
  const page = await openHarness(browser, url);
  try {
    return {
      machine: await call(page, "machine"),
      order: await page.evaluate(() => [...window.harness.BACKEND_ORDER]),
    };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Auto mode at every size, interleaved with the backend the backend phase found fastest there. */
async function measureAutoPhase(browser, url, sizes, fastestBySize) {
  const page = await openHarness(browser, url);
  try {
    log("auto: starting and measuring every backend (calibration)…");
    const calibration = await call(page, "calibrate");
    log(`auto: calibration took ${calibration.ms.toFixed(0)} ms`);
    const cells = {};
    for (const size of sizes) {
      try {
        const cell = await call(page, "measureAuto", size, CELL_POLICY, fastestBySize[sizeKey(size)]);
        cells[sizeKey(size)] = { ...cell, load: load() };
        log(`auto ${sizeKey(size)}: ${cell.backends.join("+")} ${fmtMs(cell.timing.medianMs)} ms`);
      } catch (error) {
        cells[sizeKey(size)] = { error: message(error) };
        log(`auto ${sizeKey(size)}: failed: ${message(error)}`);
        if (page.isClosed()) break;
      }
    }
    return { calibration, cells };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** The engine and bare tfjs ops on one backend for every size; larger sizes are skipped once one run is too slow. */
async function measureBackendPhase(browser, url, name, sizes) {
  let page = await openHarness(browser, url);
  try {
    const start = await call(page, "startBackend", name);
    const attempt = start.report.attempts.find((a) => a.name === name);
    if (!start.ok) {
      log(`${name}: unavailable: ${start.reason}`);
      return { available: false, reason: start.reason, attempt };
    }
    log(`${name}: started in ${attempt?.initMs?.toFixed(0) ?? "?"} ms`);
    const cells = {};
    let tooSlow;
    for (const size of sizes) {
      const key = sizeKey(size);
      if (tooSlow && work(size) >= work(tooSlow.size)) {
        cells[key] = {
          skipped: `too slow: one run took ${fmtSeconds(tooSlow.ms)} at ${sizeKey(tooSlow.size)}`,
        };
        log(`${name} ${key}: skipped (${cells[key].skipped})`);
        continue;
      }
      try {
        const cell = await call(page, "measureBackend", name, size, CELL_POLICY);
        cells[key] = { ...cell, load: load() };
        const slowest = Math.max(cell.engine.warmupMs ?? 0, ...cell.engine.samplesMs);
        if (slowest > TOO_SLOW_MS) tooSlow = { size, ms: slowest };
        log(
          `${name} ${key}: engine ${fmtMs(cell.engine.medianMs)} ms, raw tfjs ${fmtMs(cell.raw.medianMs)} ms ` +
            `(${fmtPct(overheadPct(cell))}), ${cell.engine.samplesMs.length} runs`,
        );
      } catch (error) {
        cells[key] = { error: message(error) };
        log(`${name} ${key}: failed: ${message(error)}`);
        if (page.isClosed()) {
          // A crashed page takes the backend with it: start over on a fresh one for the next size.
          page = await openHarness(browser, url);
          await call(page, "startBackend", name);
        }
      }
    }
    return { available: true, attempt, cells };
  } finally {
    await page.close().catch(() => undefined);
  }
}

async function measureReferencePhase(browser, url, sizes) {
  const page = await openHarness(browser, url);
  try {
    const cells = {};
    let lastMs = 0;
    for (const size of sizes) {
      try {
        // Warm up the JIT only while runs are short; a long run warms itself up.
        const timing = await call(page, "measureReference", size, {
          ...REFERENCE_POLICY,
          warmup: lastMs < 1000,
        });
        cells[sizeKey(size)] = { ...timing, load: load() };
        lastMs = timing.medianMs;
        log(`float64 ${sizeKey(size)}: ${fmtMs(timing.medianMs)} ms, ${timing.samplesMs.length} runs`);
      } catch (error) {
        cells[sizeKey(size)] = { error: message(error) };
        log(`float64 ${sizeKey(size)}: failed: ${message(error)}`);
        if (page.isClosed()) break;
      }
    }
    return cells;
  } finally {
    await page.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Derived figures

const overheadPct = (cell) => ((cell.engine.medianMs - cell.raw.medianMs) / cell.raw.medianMs) * 100;
/** The same on the fastest runs: interference from other work only ever adds time, so minimums show less of it. */
const minOverheadPct = (cell) => {
  const min = (t) => Math.min(...(t.samplesMs.length ? t.samplesMs : [t.medianMs]));
  return ((min(cell.engine) - min(cell.raw)) / min(cell.raw)) * 100;
};

/** Per size: every backend's figures, the fastest backend, the reference and how auto did. */
function summariseSize(size, backends, reference, auto) {
  const key = sizeKey(size);
  const refMs = reference[key]?.medianMs;
  const measured = Object.entries(backends)
    .map(([name, phase]) => ({ name, cell: phase.cells?.[key] }))
    .filter(({ cell }) => cell?.engine);
  const fastest = measured.reduce(
    (best, m) => (!best || m.cell.engine.medianMs < best.cell.engine.medianMs ? m : best),
    undefined,
  );
  const fastestMs = fastest?.cell.engine.medianMs;
  const rows = Object.entries(backends).map(([name, phase]) => {
    const cell = phase.cells?.[key];
    if (!phase.available) return { backend: name, unavailable: phase.reason };
    if (!cell?.engine) return { backend: name, skipped: cell?.skipped ?? cell?.error ?? "not measured" };
    const ms = cell.engine.medianMs;
    return {
      backend: name,
      medianMs: ms,
      runs: cell.engine.samplesMs.length,
      samplesMs: cell.engine.samplesMs,
      warmupMs: cell.engine.warmupMs,
      vsFloat64: refMs ? refMs / ms : undefined,
      vsFastest: ms / fastestMs,
      raw: cell.raw,
      overheadPct: overheadPct(cell),
      meetsOverheadTarget: overheadPct(cell) < OVERHEAD_TARGET_PCT,
      minOverheadPct: minOverheadPct(cell),
      outputDiff: cell.outputDiff,
      load: cell.load,
    };
  });
  const autoCell = auto[key];
  // Auto is judged against the fastest backend timed in the same rounds (interleaved), not against the
  // backend phase's figure from another page at another time. Its pick is also judged on the backend
  // phase's own figures, which leaves out auto's overhead of choosing.
  const against = autoCell?.against?.timing?.medianMs;
  const picked =
    autoCell?.backends?.length === 1 ? measured.find((m) => m.name === autoCell.backends[0]) : undefined;
  const pickedVsFastest = picked && fastestMs ? picked.cell.engine.medianMs / fastestMs : undefined;
  const autoRow = autoCell?.timing
    ? {
        backends: autoCell.backends,
        medianMs: autoCell.timing.medianMs,
        runs: autoCell.timing.samplesMs.length,
        samplesMs: autoCell.timing.samplesMs,
        fastestInterleavedMs: against,
        vsFastest: against ? autoCell.timing.medianMs / against : undefined,
        meetsTarget: against ? autoCell.timing.medianMs <= AUTO_TARGET * against : undefined,
        pickedFastest: picked !== undefined && picked.name === fastest?.name,
        pickedVsFastest,
        choiceMeetsTarget: pickedVsFastest === undefined ? undefined : pickedVsFastest <= AUTO_TARGET,
        load: autoCell.load,
      }
    : { error: autoCell?.error ?? "not measured" };
  return { ...size, reference: reference[key], fastest: fastest?.name, backends: rows, auto: autoRow };
}

function summariseTargets(sizes) {
  const autoJudged = sizes.filter((s) => s.auto.meetsTarget !== undefined);
  const choiceJudged = sizes.filter((s) => s.auto.choiceMeetsTarget !== undefined);
  const cells = sizes.flatMap((s) =>
    s.backends.filter((b) => b.overheadPct !== undefined).map((b) => ({ ...b, size: s })),
  );
  const perBackend = {};
  for (const cell of cells) {
    perBackend[cell.backend] ??= { met: 0, of: 0 };
    perBackend[cell.backend].of++;
    if (cell.meetsOverheadTarget) perBackend[cell.backend].met++;
  }
  return {
    autoWithin10Pct: {
      met: autoJudged.filter((s) => s.auto.meetsTarget).length,
      of: autoJudged.length,
      missed: autoJudged.filter((s) => !s.auto.meetsTarget).map(sizeKey),
    },
    autoChoiceWithin10Pct: {
      met: choiceJudged.filter((s) => s.auto.choiceMeetsTarget).length,
      of: choiceJudged.length,
      missed: choiceJudged.filter((s) => !s.auto.choiceMeetsTarget).map(sizeKey),
    },
    overheadUnder20Pct: {
      met: cells.filter((c) => c.meetsOverheadTarget).length,
      of: cells.length,
      perBackend,
      missed: cells.filter((c) => !c.meetsOverheadTarget).map((c) => `${c.backend} ${sizeKey(c.size)}`),
      metOnMinimums: cells.filter((c) => c.minOverheadPct < OVERHEAD_TARGET_PCT).length,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

function fmtMs(ms) {
  if (ms === undefined || !Number.isFinite(ms)) return "–";
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}
const fmtSeconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const fmtRatio = (x) => (x === undefined || !Number.isFinite(x) ? "–" : x < 10 ? x.toFixed(2) : x.toFixed(1));
const fmtPct = (x) =>
  x === undefined || !Number.isFinite(x) ? "–" : `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(1)}%`;

const COLUMNS = [
  ["n", "right"],
  ["d_model", "right"],
  ["heads", "right"],
  ["backend", "left"],
  ["median ms", "right"],
  ["runs", "right"],
  ["× vs float64", "right"],
  ["× vs fastest", "right"],
  ["raw tfjs ms", "right"],
  ["overhead", "right"],
  ["note", "left"],
];

/** Auto's timing against the fastest, then its pick judged on that backend's own figures. */
function autoNote(a) {
  if (a.meetsTarget === undefined) return "";
  const timing = a.meetsTarget ? "✓ within 10%" : "✗ over 10%";
  if (a.pickedVsFastest === undefined) return timing;
  const pick = a.pickedFastest ? "fastest" : `${fmtRatio(a.pickedVsFastest)}× the fastest`;
  return `${timing}; picked ${pick} ${a.choiceMeetsTarget ? "✓" : "✗"}`;
}

function tableRows(sizes) {
  const rows = [];
  for (const s of sizes) {
    const lead = [String(s.n), String(s.dModel), String(s.heads)];
    const ref = s.reference;
    rows.push([
      ...lead,
      "float64",
      fmtMs(ref?.medianMs),
      String(ref?.samplesMs?.length ?? "–"),
      "1.00",
      "",
      "",
      "",
      ref?.error ?? "reference",
    ]);
    for (const b of s.backends) {
      if (b.medianMs === undefined) {
        rows.push([
          ...lead,
          b.backend,
          "–",
          "–",
          "",
          "",
          "",
          "",
          b.unavailable ? `unavailable: ${b.unavailable}` : b.skipped,
        ]);
        continue;
      }
      const note = [
        b.backend === s.fastest ? "fastest" : "",
        b.runs === 0 ? "warm-up only" : "",
        b.meetsOverheadTarget ? "" : "overhead ≥ 20%",
      ];
      rows.push([
        ...lead,
        b.backend,
        fmtMs(b.medianMs),
        String(b.runs),
        fmtRatio(b.vsFloat64),
        fmtRatio(b.vsFastest),
        fmtMs(b.raw.medianMs),
        fmtPct(b.overheadPct),
        note.filter(Boolean).join(", "),
      ]);
    }
    const a = s.auto;
    rows.push([
      ...lead,
      `auto → ${a.backends?.join("+") ?? "?"}`,
      fmtMs(a.medianMs),
      String(a.runs ?? "–"),
      fmtRatio(ref?.medianMs / a.medianMs),
      fmtRatio(a.vsFastest),
      "",
      "",
      a.error ?? autoNote(a),
    ]);
  }
  return rows;
}

/** A Markdown table padded to line up in a terminal too. */
function formatTable(columns, rows) {
  const widths = columns.map(([title], i) => Math.max(title.length, ...rows.map((r) => r[i].length)));
  const pad = (text, i) => (columns[i][1] === "right" ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (cells) => `| ${cells.map(pad).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (columns[i][1] === "right" ? `${"-".repeat(w + 1)}:` : `:${"-".repeat(w + 1)}`)).join("|")}|`;
  return [line(columns.map(([title]) => title)), rule, ...rows.map(line)].join("\n");
}

function loadLine({ sizes, machine }) {
  const loads = sizes.flatMap((s) => [s.reference?.load, s.auto.load, ...s.backends.map((b) => b.load)]);
  const known = loads.filter((x) => x !== undefined);
  if (!known.length) return "Load average: unknown";
  const [low, high] = [Math.min(...known), Math.max(...known)];
  const busy = high > machine.host.cores ? ": other work shared the machine, so the timings are noisy" : "";
  return `Load average while measuring: ${low.toFixed(1)}–${high.toFixed(1)} on ${machine.host.cores} cores${busy}`;
}

function formatSummary(result) {
  const {
    autoWithin10Pct: auto,
    autoChoiceWithin10Pct: choice,
    overheadUnder20Pct: overhead,
  } = result.summary;
  const missed = (list) => (list.length ? ` (missed: ${list.join("; ")})` : "");
  const perBackend = Object.entries(overhead.perBackend).map(([name, { met, of }]) => `${name} ${met}/${of}`);
  const lines = [
    `Calibration (auto mode: start and measure every backend): ${fmtMs(result.calibration.ms)} ms`,
    `Auto within 10% of the fastest backend, timed in its own page: ${auto.met} of ${auto.of} sizes${missed(auto.missed)}`,
    `Auto's pick within 10% of the fastest, by the backends' own figures: ${choice.met} of ${choice.of} sizes${missed(choice.missed)}`,
    `Engine overhead under 20% over bare tfjs ops: ${overhead.met} of ${overhead.of} cells (${perBackend.join(", ")}); ` +
      `on each cell's fastest runs: ${overhead.metOnMinimums} of ${overhead.of}`,
    `Unavailable: ${
      Object.entries(result.backends)
        .filter(([, b]) => !b.available)
        .map(([n, b]) => `${n} (${b.reason})`)
        .join(", ") || "none"
    }`,
    loadLine(result),
    `Wall time: ${fmtSeconds(result.wallMs)}. JSON: ${result.outFile}`,
  ];
  if (result.options.backends.length < result.calibration.attempts.length) {
    lines.push(`Only ${result.options.backends.join(", ")} measured: "fastest" is the fastest of those.`);
  }
  return lines.join("\n");
}

/** Which engine was measured: the commit, and the files under src/ that differ from it. */
function sourceVersion() {
  const git = (...args) =>
    execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  try {
    // Porcelain lines are "XY path": two status letters and a space before the path.
    const changed = git("status", "--porcelain", "--", "src").split("\n").filter(Boolean);
    return { commit: git("rev-parse", "HEAD").trim(), changedInSrc: changed.map((line) => line.slice(3)) };
  } catch {
    return { commit: "unknown (not a git checkout)" };
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions();
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error("No Chromium found: run `node scripts/ensure-chromium.mjs` or set CHROMIUM_PATH.");
  const sizes = benchSizes(options.quick);
  // dist/ was built from the source as it is now; others may edit it while the benchmark runs.
  const source = sourceVersion();
  // Timings mean little on a busy machine (other test runs share its cores): record how busy it was.
  const loadAtStart = os.loadavg();
  if (loadAtStart[0] > os.cpus().length) {
    log(
      `warning: load average ${loadAtStart[0].toFixed(1)} on ${os.cpus().length} cores; timings will be noisy`,
    );
  }
  const { server, url } = await startServer(options.dist);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    log(`Chromium ${browser.version()}, ${url}, ${sizes.length} sizes`);
    const { machine, order } = await describePage(browser, url);
    const names = options.backends ?? order;
    const unknown = names.filter((name) => !order.includes(name));
    if (unknown.length)
      throw new Error(`Unknown backend(s) ${unknown.join(", ")}: expected ${order.join(", ")}`);
    const backends = {};
    for (const name of names) backends[name] = await measureBackendPhase(browser, url, name, sizes);
    const fastestBySize = Object.fromEntries(
      sizes.map((size) => [sizeKey(size), summariseSize(size, backends, {}, {}).fastest]),
    );
    const auto = await measureAutoPhase(browser, url, sizes, fastestBySize);
    const reference = await measureReferencePhase(browser, url, sizes);

    const bySize = sizes.map((size) => summariseSize(size, backends, reference, auto.cells));
    const webgpu = auto.calibration.report.attempts.find((a) => a.name === "webgpu");
    const result = {
      date: new Date().toISOString(),
      wallMs: performance.now() - started,
      outFile: options.out,
      options: { quick: options.quick, backends: names },
      source,
      policy: {
        cell: CELL_POLICY,
        tooSlowMs: TOO_SLOW_MS,
        reference: REFERENCE_POLICY,
        autoTarget: AUTO_TARGET,
        overheadTargetPct: OVERHEAD_TARGET_PCT,
      },
      machine: {
        ...machine,
        chromium: browser.version(),
        webgpuAdapter: webgpu?.adapter ?? webgpu?.reason,
        loadAverage: { start: loadAtStart, end: os.loadavg() },
        host: {
          platform: os.platform(),
          cpu: os.cpus()[0]?.model,
          cores: os.cpus().length,
          memoryGiB: os.totalmem() / 2 ** 30,
          node: process.version,
        },
      },
      calibration: {
        ms: auto.calibration.ms,
        attempts: auto.calibration.report.attempts,
        costs: auto.calibration.report.costs,
      },
      backends: Object.fromEntries(
        Object.entries(backends).map(([name, b]) => [
          name,
          { available: b.available, reason: b.reason, initMs: b.attempt?.initMs },
        ]),
      ),
      sizes: bySize,
    };
    result.summary = summariseTargets(bySize);
    await mkdir(dirname(options.out), { recursive: true });
    await writeFile(options.out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(formatTable(COLUMNS, tableRows(bySize)));
    console.log();
    console.log(formatSummary(result));
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
