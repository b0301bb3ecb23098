// In-page half of `npm run bench` (scripts/bench.mjs drives it through `window.harness.bench`).
// It times the engine, the same computation written as bare tfjs ops, and the float64 reference on one
// seeded problem per size. Every function returns plain numbers, never a trace: nothing large crosses
// into node, and no tensor or trace outlives the call that made it.
import * as tf from "@tensorflow/tfjs-core";
import {
  attentionReference,
  createEngine,
  seededMatrix,
  seededProjections,
  type AttentionEngine,
  type AttentionSpec,
  type BackendName,
  type BackendReport,
  type Floats,
  type Matrix,
} from "../src/index";

/** One benchmark problem: self-attention over n embeddings of width d_model, split into `heads` heads. */
export interface BenchSize {
  readonly n: number;
  readonly dModel: number;
  readonly heads: number;
}

/** When to stop timing a cell (one size on one runner). */
export interface BenchPolicy {
  /** Run once untimed first (shader compiles, JIT). */
  readonly warmup: boolean;
  /** Keep going until at least this many runs and this much time… */
  readonly minRuns: number;
  readonly minMs: number;
  /** …but stop at this many runs, or once this much time is spent (after at least one run). */
  readonly maxRuns: number;
  readonly maxMs: number;
}

export interface Timing {
  readonly medianMs: number;
  /** Timed runs, in order. Empty when the warm-up alone ran past `maxMs`; the median is then the warm-up. */
  readonly samplesMs: readonly number[];
  readonly warmupMs?: number;
}

/** The spec the benchmark computes: `{source: embeddings, heads, wo}`, no mask, scaled-dot. */
interface BenchSpec extends AttentionSpec {
  readonly source: { kind: "embeddings"; x: Matrix; wq: Matrix; wk: Matrix; wv: Matrix };
  readonly heads: number;
  readonly wo: Matrix;
}

type Runner = () => Promise<unknown>;

// Only the current size's matrices are kept: the n = 2048, d_model = 512 inputs are 8 MiB of float64.
let cachedSpec: { key: string; spec: BenchSpec } | undefined;

function specFor({ n, dModel, heads }: BenchSize): BenchSpec {
  const key = `${n}×${dModel}×${heads}`;
  if (cachedSpec?.key !== key) {
    const { wq, wk, wv, wo } = seededProjections(dModel, 2);
    cachedSpec = {
      key,
      spec: { source: { kind: "embeddings", x: seededMatrix(n, dModel, 1), wq, wk, wv }, heads, wo },
    };
  }
  return cachedSpec.spec;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2
    ? (sorted[Math.floor(mid)] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function timeOnce(run: Runner): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Progress for the terminal: scripts/bench.mjs prints page messages that start with "bench:". */
function progress(label: string, what: string, ms: number): void {
  if (ms > 2000) console.info(`bench: ${label} ${what} ${(ms / 1000).toFixed(1)} s`);
}

/**
 * Times several runners on the same problem in rounds, alternating their order each round, so that a
 * slow stretch of the machine (GC, another process) lands on all of them and not on one block of runs.
 * Stops by `policy`, judged on the slowest runner. `warmups` are warm-up times the caller already took.
 */
async function timeInRounds(
  runners: Record<string, Runner>,
  policy: BenchPolicy,
  label: string,
  warmups: Record<string, number> = {},
): Promise<Record<string, Timing>> {
  const names = Object.keys(runners);
  if (policy.warmup && Object.keys(warmups).length === 0) {
    for (const name of names) {
      warmups[name] = await timeOnce(runners[name] as Runner);
      progress(label, `${name} warm-up`, warmups[name]);
    }
  }
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const spent = (name: string) => (samples[name] as number[]).reduce((a, b) => a + b, 0);
  // A warm-up past the time limit is the only run: another would take as long again.
  const slowestWarmup = Math.max(0, ...Object.values(warmups));
  for (let round = 0; round < policy.maxRuns && slowestWarmup <= policy.maxMs; round++) {
    const order = round % 2 ? [...names].reverse() : names;
    for (const name of order) {
      const ms = await timeOnce(runners[name] as Runner);
      (samples[name] as number[]).push(ms);
      progress(label, `${name} run ${round + 1}`, ms);
    }
    const rounds = round + 1;
    const enough = names.every((name) => rounds >= policy.minRuns && spent(name) >= policy.minMs);
    if (enough || names.some((name) => spent(name) >= policy.maxMs)) break;
  }
  return Object.fromEntries(
    names.map((name) => {
      const s = samples[name] as number[];
      const warmupMs = warmups[name];
      return [name, { medianMs: s.length > 0 ? median(s) : (warmupMs as number), samplesMs: s, warmupMs }];
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The same computation as bare tfjs ops: what the engine costs on top of tfjs is the difference.

const upload = (m: Matrix): tf.Tensor2D => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]);

/** [n, h·d] → [h, n, d], as the engine splits heads. */
const splitHeads = (x: tf.Tensor2D, heads: number): tf.Tensor3D =>
  tf.transpose(tf.reshape(x, [x.shape[0], heads, x.shape[1] / heads]), [1, 0, 2]);

/**
 * Every intermediate the engine downloads for this spec (its "masked" is "scaled" when there is no mask),
 * from the same float64 matrices, uploaded the same way. Resolves with the output, for a cross-check.
 */
async function rawTfjs(spec: BenchSpec): Promise<Float32Array> {
  const { x, wq, wk, wv } = spec.source;
  const { heads, wo } = spec;
  const dK = wq.cols / heads;
  const tensors = tf.tidy(() => {
    const input = upload(x);
    const project = (w: Matrix): tf.Tensor2D => tf.matMul(input, upload(w));
    const [q, k, v] = [project(wq), project(wk), project(wv)];
    const scores = tf.matMul(splitHeads(q, heads), splitHeads(k, heads), false, true);
    const scaled = tf.div(scores, Math.sqrt(dK));
    const weights = tf.softmax(scaled);
    const headOutputs = tf.matMul(weights, splitHeads(v, heads));
    const concat = tf.reshape(tf.transpose(headOutputs, [1, 0, 2]), [x.rows, wv.cols]);
    const output = tf.matMul(concat, upload(wo));
    return [q, k, v, scores, scaled, weights, headOutputs, concat, output];
  });
  try {
    const data = await Promise.all(tensors.map((t) => t.data<"float32">()));
    return data[data.length - 1] as Float32Array;
  } finally {
    tf.dispose(tensors);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Engines. One page measures one thing (a backend, auto, or the reference), so each page holds one engine.

const engines = new Map<string, AttentionEngine>();

function engineFor(mode: "auto" | BackendName): AttentionEngine {
  let engine = engines.get(mode);
  if (!engine) {
    engine = createEngine({ backend: mode });
    engines.set(mode, engine);
  }
  return engine;
}

/** Computes on a requested backend and fails if the engine fell back to another one. */
async function computeOn(name: BackendName, spec: AttentionSpec): Promise<Floats> {
  const result = await engineFor(name).compute(spec);
  if (result.backend !== name) {
    const why = result.notices.map((n) => n.message).join("; ") || "no notice";
    throw new Error(`the engine computed on ${result.backend} instead of ${name}: ${why}`);
  }
  return result.trace.output.data;
}

function maxAbsDiff(a: Floats, b: Floats): number {
  let max = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length && i < b.length; i++)
    max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

export interface BackendStart {
  readonly ok: boolean;
  readonly reason?: string;
  readonly report: BackendReport;
}

/** Starts one backend through the engine, as a user who asks for it would. */
async function startBackend(name: BackendName): Promise<BackendStart> {
  const report = await engineFor(name).ready();
  const attempt = report.attempts.find((a) => a.name === name);
  if (attempt?.ok && tf.getBackend() === name) return { ok: true, report };
  return { ok: false, reason: attempt?.reason ?? `tfjs is on ${tf.getBackend()}, not ${name}`, report };
}

export interface BackendCell {
  readonly engine: Timing;
  readonly raw: Timing;
  /** Largest difference between the engine's output and the bare ops' output (same float32 ops: ~0). */
  readonly outputDiff: number;
}

/**
 * The engine and the bare tfjs ops on one backend and size, in alternating rounds. The warm-up runs also
 * compare the two outputs: the benchmark is only fair if both compute the same thing.
 */
async function measureBackend(name: BackendName, size: BenchSize, policy: BenchPolicy): Promise<BackendCell> {
  const spec = specFor(size);
  const label = `${name} n=${size.n} d=${size.dModel} h=${size.heads}`;
  const runners = { engine: () => computeOn(name, spec), raw: () => rawTfjs(spec) };
  let engineOut: Floats | undefined;
  let rawOut: Floats | undefined;
  const warmups = {
    engine: await timeOnce(async () => (engineOut = await computeOn(name, spec))),
    raw: await timeOnce(async () => (rawOut = await rawTfjs(spec))),
  };
  const outputDiff = maxAbsDiff(engineOut as Floats, rawOut as Floats);
  progress(label, "warm-up", warmups.engine + warmups.raw);
  const timings = await timeInRounds(runners, policy, label, warmups);
  return { engine: timings.engine as Timing, raw: timings.raw as Timing, outputDiff };
}

export interface Calibration {
  readonly ms: number;
  readonly report: BackendReport;
}

/** Auto mode's one-time cost: starting every backend and measuring it. Call on a fresh page. */
async function calibrate(): Promise<Calibration> {
  const start = performance.now();
  const report = await engineFor("auto").ready();
  return { ms: performance.now() - start, report };
}

export interface AutoCell {
  /** Every backend auto mode computed on for this size (one, unless a backend broke on the way). */
  readonly backends: readonly string[];
  readonly timing: Timing;
  /** The fastest backend of the backend phase, timed in the same rounds as auto (interleaved). */
  readonly against?: { readonly name: BackendName; readonly timing: Timing };
}

/**
 * Auto mode, and the backend measured fastest for this size, in alternating runs of the same rounds:
 * load from other work then falls on both alike, so their ratio is fair even on a busy machine.
 */
async function measureAuto(size: BenchSize, policy: BenchPolicy, against?: BackendName): Promise<AutoCell> {
  const spec = specFor(size);
  const seen = new Set<string>();
  const runners: Record<string, Runner> = {
    auto: async () => seen.add((await engineFor("auto").compute(spec)).backend),
  };
  if (against) runners[against] = () => engineFor(against).compute(spec);
  const timings = await timeInRounds(runners, policy, `auto n=${size.n} d=${size.dModel} h=${size.heads}`);
  return {
    backends: [...seen],
    timing: timings.auto as Timing,
    against: against && { name: against, timing: timings[against] as Timing },
  };
}

/** The float64 reference, plain TypeScript. */
async function measureReference(size: BenchSize, policy: BenchPolicy): Promise<Timing> {
  const spec = specFor(size);
  const label = `float64 n=${size.n} d=${size.dModel} h=${size.heads}`;
  const { reference } = await timeInRounds(
    { reference: async () => attentionReference(spec) },
    policy,
    label,
  );
  return reference as Timing;
}

function machine() {
  const nav = navigator as Navigator & { deviceMemory?: number };
  return {
    userAgent: nav.userAgent,
    hardwareConcurrency: nav.hardwareConcurrency,
    deviceMemoryGiB: nav.deviceMemory,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    tfjsVersion: tf.version_core,
  };
}

export const bench = { startBackend, measureBackend, calibrate, measureAuto, measureReference, machine };
