import { AttentionInputError } from "../core/errors";
import { english, message, type Message, type MessageParam, type MessageParams } from "../core/messages";
import { mayOverflow, overflowError } from "../core/overflow";
import { maybeProblem, type AttentionProblem } from "../core/problem";
import { referenceTrace } from "../core/reference";
import type { AttentionSpec, AttentionTrace } from "../core/types";
import { seededMatrix } from "../core/weights";
import { traceOnBackend } from "./attention";
import { BufferPool, type TraceBuffers } from "./pool";
import { createUpstreamCache } from "./upstream";
import {
  BACKEND_ORDER,
  dropBackend,
  initBackend,
  lossOf,
  probeAdapter,
  reasonOf,
  reasonText,
  watchBackendLoss,
  type AdapterInfo,
  type BackendAttempt,
  type BackendName,
} from "./backends";
import {
  deviceKey,
  firstTryOrder,
  fitCost,
  problemFlops,
  rankBackends,
  readCalibrations,
  saveCalibration,
  type CostModel,
  type SavedCalibrations,
} from "./choose";

export interface EngineOptions {
  /**
   * "auto" (default): answer at once on the backend likely fastest on this device (wasm where WebGPU is a
   * software adapter or missing), measure every backend in the background, then use the one predicted
   * fastest for each problem's size. The measurements are remembered per device (localStorage), so a
   * later visit chooses from them at once. A name: use that backend, falling back in order if it fails.
   */
  readonly backend?: "auto" | BackendName;
  /** Limit on loading and initialising one backend. Default 10 s. */
  readonly initTimeoutMs?: number;
  /**
   * Calibrations saved earlier, by device. Default: read from localStorage. A worker has none, so the
   * page that starts it passes them (remote.ts) and saves what the worker measured.
   */
  readonly calibrations?: SavedCalibrations;
  /** Measure the other backends in the background after the first answer (auto mode). Default true. */
  readonly calibrateInBackground?: boolean;
}

/**
 * Something the caller should know about a result: a backend failed or was lost and another one was used.
 * `message` is English; `key` and `params` say the same as a message id (src/core/messages.ts) to translate.
 */
export interface EngineNotice {
  readonly kind: "backend-failed" | "backend-lost";
  readonly backend: BackendName;
  readonly message: string;
  readonly key: string;
  readonly params: MessageParams;
}

function notice(kind: EngineNotice["kind"], backend: BackendName, said: Message): EngineNotice {
  return { kind, backend, message: english(said), key: said.key, params: said.params };
}

/** Whether a reason says that a GPU backend's device or context went (backends.ts lossOf, watchBackendLoss). */
function isLoss(reason: MessageParam): boolean {
  return (
    typeof reason === "object" && (reason.key === "engine.deviceLost" || reason.key === "engine.contextLost")
  );
}

/** The notice for a backend that failed during a computation: "backend-lost" when its device or context went. */
export function failureNotice(backend: BackendName, reason: MessageParam): EngineNotice {
  const kind = isLoss(reason) ? "backend-lost" : "backend-failed";
  return notice(kind, backend, message("engine.failed", { backend, reason }));
}

export interface EngineResult {
  readonly trace: AttentionTrace;
  /** The backend that computed it, or "reference" if no tfjs backend could. */
  readonly backend: BackendName | "reference";
  readonly notices: readonly EngineNotice[];
  /** Wall time of the computation that succeeded, ms (download included). */
  readonly ms: number;
}

export interface BackendReport {
  readonly mode: "auto" | "requested";
  readonly requested?: BackendName;
  /** The backend used for the latest computation. */
  readonly current?: BackendName | "reference";
  /** Every backend that was tried, in order, with why it failed. */
  readonly attempts: readonly BackendAttempt[];
  /** Backends that worked and then broke (device lost, errors), with the reason. */
  readonly lost: readonly { readonly name: BackendName; readonly reason: string }[];
  /** Cost models in use, in auto mode: measured on this page, or remembered for this device. */
  readonly costs: readonly CostModel[];
  /**
   * Where the costs come from (auto mode): "none" before anything is measured, "measuring" while the
   * backends are measured in the background, "measured" once they were, "stored" when remembered.
   */
  readonly calibration?: "none" | "measuring" | "measured" | "stored";
  /** What a calibration is valid for (auto mode): the user agent and the WebGPU adapter, once known. */
  readonly device?: string;
}

export interface AttentionEngine {
  /** Computes a full trace. Rejects with AttentionInputError on bad input; a failing backend is replaced, not thrown. */
  compute(spec: AttentionSpec): Promise<EngineResult>;
  /** Starts the backend the next problem would use (in auto mode the likely-fastest); resolves with the report. */
  ready(): Promise<BackendReport>;
  /** Auto mode: resolves once every backend that starts is measured (or the device's costs were remembered). */
  calibrated(): Promise<BackendReport>;
  report(): BackendReport;
  /**
   * The caller will not read this trace again: later computations may write their results into its
   * float32 buffers (on wasm), which spares the cost of new memory (pool.ts). Optional to call; a trace
   * still on screen must not be given.
   */
  recycle(trace: AttentionTrace | TraceBuffers): void;
}

/**
 * tfjs keeps one registry of backends per page, so their state is per page too: which started,
 * which broke, and what they cost. Engines differ only in what they ask for.
 */
interface PageBackends {
  readonly attempts: Map<BackendName, BackendAttempt>;
  /**
   * Backends retired for good, and why: their GPU was lost, they failed while being measured, or they failed
   * on a problem that another backend then computed. Never for a problem that no backend computes: that is
   * the problem's fault (a kernel that refuses it), and retiring for it could retire every backend.
   */
  readonly broken: Map<BackendName, MessageParam>;
  readonly lostWaiters: Map<BackendName, Promise<never>>;
  /**
   * Backends being started, one after another: computations that start at once (a page of side-by-side
   * views) share one start of each backend, and tfjs never initialises two backends at the same time.
   */
  readonly starting: Map<BackendName, Promise<BackendAttempt>>;
  queue: Promise<unknown>;
  /** The WebGPU adapter (probed without starting a device) and the device key, once per page. */
  device?: Promise<{ readonly adapter?: AdapterInfo; readonly key: string }>;
  /** The background measurement of every backend, once per page. */
  measuring?: Promise<CostModel[]>;
  /** Every backend measured so far (complete once `measuring` resolves). */
  measured?: CostModel[];
  measuredAll?: boolean;
}

const page: PageBackends = {
  attempts: new Map(),
  broken: new Map(),
  lostWaiters: new Map(),
  starting: new Map(),
  queue: Promise.resolve(),
};

async function startBackend(name: BackendName, timeoutMs: number): Promise<boolean> {
  if (page.broken.has(name)) return false;
  let attempt = page.attempts.get(name);
  if (!attempt) {
    let starting = page.starting.get(name);
    if (!starting) {
      starting = page.queue.then(() => initBackend(name, timeoutMs));
      page.starting.set(name, starting);
      page.queue = starting;
    }
    attempt = await starting;
  }
  if (!page.attempts.has(name)) {
    page.attempts.set(name, attempt);
    if (attempt.ok) {
      page.lostWaiters.set(
        name,
        new Promise<never>((_, reject) =>
          watchBackendLoss(name, (reason) => {
            markBroken(name, reason);
            reject(new Error(english(reason)));
          }),
        ),
      );
      // Nobody may be racing this promise when the loss happens.
      page.lostWaiters.get(name)?.catch(() => undefined);
    }
  }
  return attempt.ok;
}

function markBroken(name: BackendName, reason: MessageParam): void {
  if (page.broken.has(name)) return;
  page.broken.set(name, reason);
  dropBackend(name);
}

/** A random problem of a given size, for measuring backends. */
function calibrationProblem(n: number, d: number): AttentionProblem {
  const problem = maybeProblem({
    source: { kind: "qkv", q: seededMatrix(n, d, 1), k: seededMatrix(n, d, 2), v: seededMatrix(n, d, 3) },
    mask: { kind: "causal" },
  });
  if (!problem.ok) throw problem.error;
  return problem.value;
}

async function timeOn(name: BackendName, p: AttentionProblem, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await traceOnBackend(p, name);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

function probeDevice(): Promise<{ readonly adapter?: AdapterInfo; readonly key: string }> {
  page.device ??= probeAdapter().then((adapter) => ({
    adapter,
    key: deviceKey(typeof navigator === "undefined" ? "node" : navigator.userAgent, adapter),
  }));
  return page.device;
}

/** Lets other work (a computation someone waits for) run between two measurements. */
const yieldToOthers = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A calibration run slower than this is timed once after its warm-up, not three times. */
const SLOW_CALIBRATION_MS = 250;

/**
 * Measures each backend that starts at a small, a medium and a large size (16, 256 and 1,024 tokens):
 * warm-up (shader compiles) then a median of 3 (one run where the warm-up was slow), one backend after
 * another, the likely-fastest first. Runs after the first answer, in the background: computations asked
 * for meanwhile run between its measurements.
 */
async function measureBackends(order: readonly BackendName[], timeoutMs: number): Promise<CostModel[]> {
  const sizes = [calibrationProblem(16, 16), calibrationProblem(256, 64), calibrationProblem(1024, 64)];
  const models: CostModel[] = [];
  for (const name of order) {
    await yieldToOthers();
    if (!(await startBackend(name, timeoutMs))) continue;
    try {
      const samples = [];
      let warmups = 0;
      for (const p of sizes) {
        const warmup = await timeOn(name, p, 1);
        warmups += warmup;
        await yieldToOthers();
        samples.push({
          work: problemFlops(p),
          ms: await timeOn(name, p, warmup > SLOW_CALIBRATION_MS ? 1 : 3),
        });
      }
      // Starting it again on a later visit costs its start-up and its first runs' compiles again.
      const extra = warmups - samples.reduce((sum, s) => sum + s.ms, 0);
      const startMs = (page.attempts.get(name)?.initMs ?? 0) + Math.max(0, extra);
      models.push({ ...fitCost(name, samples), startMs });
      page.measured = [...models];
    } catch (error) {
      markBroken(name, message("engine.measureFailed", { message: reasonOf(error) }));
    }
  }
  page.measured = models;
  return models;
}

export function createEngine(options: EngineOptions = {}): AttentionEngine {
  const requested = options.backend && options.backend !== "auto" ? options.backend : undefined;
  const timeoutMs = options.initTimeoutMs ?? 10_000;
  const background = options.calibrateInBackground ?? true;
  let current: BackendName | "reference" | undefined;
  let device: string | undefined;
  /** This device's remembered costs, if any (auto mode). */
  let stored: readonly CostModel[] | undefined;
  let storedLoaded: Promise<void> | undefined;

  const usable = (name: BackendName) => !page.broken.has(name);
  const pool = new BufferPool();
  const upstream = createUpstreamCache();

  function loadStored(): Promise<void> {
    storedLoaded ??= probeDevice().then(({ key }) => {
      device = key;
      const saved = options.calibrations ?? readCalibrations();
      stored = saved[key];
    });
    return storedLoaded;
  }

  /**
   * The costs auto mode chooses by: the remembered ones, else this page's measurements so far (the
   * unmeasured backends rank after them, in the first-try order).
   */
  function costs(): readonly CostModel[] {
    return stored ?? page.measured ?? [];
  }

  function calibration(): BackendReport["calibration"] {
    if (stored) return "stored";
    if (page.measuredAll) return "measured";
    return page.measuring ? "measuring" : "none";
  }

  /** Starts measuring every backend in the background, once per page, unless this device's costs are known. */
  function measure(): Promise<CostModel[]> {
    if (page.measuring) return page.measuring;
    page.measuring = probeDevice().then(async ({ adapter, key }) => {
      const models = await measureBackends(firstTryOrder(adapter), timeoutMs);
      page.measuredAll = true;
      if (models.length > 0) saveCalibration(key, models);
      return models;
    });
    return page.measuring;
  }

  /**
   * Backends to try for this problem, best first, counting the start-up of those not started yet; and
   * `fastest`, the best once started (auto mode, with costs known). A start costs once, not at every
   * problem: compute starts `fastest` after its answer, so that the next problems get it. (Counting the
   * start alone kept a page on a backend 6× slower for good here: cpu starts 60 ms sooner than wasm.)
   */
  async function candidates(p: AttentionProblem): Promise<{ order: BackendName[]; fastest?: BackendName }> {
    if (requested)
      return { order: [requested, ...BACKEND_ORDER.filter((b) => b !== requested)].filter(usable) };
    await loadStored();
    const { adapter } = await probeDevice();
    // Measured (or remembered) backends by predicted time, then the rest in the likely-fastest order.
    const models = costs().filter((m) => usable(m.name));
    const started = new Set([...page.attempts.values()].filter((a) => a.ok).map((a) => a.name));
    const fallback = firstTryOrder(adapter);
    const work = problemFlops(p);
    const fastest = rankBackends(models, work, fallback, new Set(models.map((m) => m.name)))[0];
    return {
      order: rankBackends(models, work, fallback, started).filter(usable),
      ...(models.length > 0 && fastest ? { fastest } : {}),
    };
  }

  async function compute(spec: AttentionSpec): Promise<EngineResult> {
    const problem = maybeProblem(spec);
    if (!problem.ok) throw problem.error;
    pool.age();
    const notices: EngineNotice[] = [];
    // The backend this engine used last broke since (a GPU lost while the page was idle): say so, once.
    const last = current === "reference" ? undefined : current;
    const gone = last === undefined ? undefined : page.broken.get(last);
    if (last !== undefined && gone !== undefined) {
      const kind = isLoss(gone) ? "backend-lost" : "backend-failed";
      notices.push(notice(kind, last, message("engine.unavailable", { backend: last, reason: gone })));
    }
    /** Backends that failed on this problem without losing their GPU: retired only if another one computes it. */
    const failed = new Map<BackendName, MessageParam>();
    const { order, fastest } = await candidates(problem.value);
    for (const name of order) {
      if (!(await startBackend(name, timeoutMs))) {
        const attempt = page.attempts.get(name);
        const reason =
          page.broken.get(name) ?? attempt?.why ?? attempt?.reason ?? message("engine.didNotStart");
        if (name === requested || notices.length > 0) {
          const kind = isLoss(reason) ? "backend-lost" : "backend-failed";
          notices.push(notice(kind, name, message("engine.unavailable", { backend: name, reason })));
        }
        continue;
      }
      const start = performance.now();
      try {
        const trace = await traceOnBackend(problem.value, name, page.lostWaiters.get(name), pool, upstream);
        // A device lost during the download can leave zeros behind without an error: check before trusting.
        await Promise.resolve();
        const broken = page.broken.get(name);
        if (broken !== undefined) throw new Error(reasonText(broken));
        const ms = performance.now() - start;
        // Float32 overflow is the input's fault, not the backend's: report it, do not fall back.
        const overflow = mayOverflow(problem.value, trace.q, trace.k)
          ? overflowError(trace.scaled)
          : undefined;
        if (overflow) throw overflow;
        // This backend computed what the earlier ones failed on: their failure was their own.
        for (const [other, reason] of failed) markBroken(other, reason);
        current = name;
        if (!requested && background && !stored) void measure();
        if (fastest && !page.attempts.has(fastest) && usable(fastest)) void startBackend(fastest, timeoutMs);
        return { trace, backend: name, notices, ms };
      } catch (error) {
        if (error instanceof AttentionInputError) throw error;
        const lost = page.broken.get(name) ?? (await lossOf(name));
        if (lost !== undefined) markBroken(name, lost);
        else failed.set(name, reasonOf(error));
        notices.push(failureNotice(name, lost ?? reasonOf(error)));
      }
    }
    // No tfjs backend could compute it (and none is retired for that: the fault is the problem's, e.g. a
    // kernel that refuses its shape). The float64 reference still gives the right answer, only slower.
    const start = performance.now();
    const trace = referenceTrace(problem.value);
    current = "reference";
    return { trace, backend: "reference", notices, ms: performance.now() - start };
  }

  function report(): BackendReport {
    return {
      mode: requested ? "requested" : "auto",
      requested,
      current,
      attempts: [...page.attempts.values()],
      lost: [...page.broken.entries()].map(([name, reason]) => ({ name, reason: reasonText(reason) })),
      costs: requested ? [] : costs(),
      ...(requested ? {} : { calibration: calibration(), device }),
    };
  }

  async function ready(): Promise<BackendReport> {
    if (requested) {
      await startBackend(requested, timeoutMs);
      return report();
    }
    // The backend the first problem would go to: the first of the ranking that starts.
    for (const name of (await candidates(calibrationProblem(16, 16))).order) {
      if (await startBackend(name, timeoutMs)) break;
    }
    return report();
  }

  async function calibrated(): Promise<BackendReport> {
    if (requested) return report();
    await loadStored();
    if (!stored) await measure();
    return report();
  }

  return { compute, ready, report, calibrated, recycle: (trace) => pool.give(trace) };
}
