import { AttentionInputError } from "../core/errors";
import { english, message, type Message, type MessageParam, type MessageParams } from "../core/messages";
import { mayOverflow, overflowError } from "../core/overflow";
import { maybeProblem, type AttentionProblem } from "../core/problem";
import { referenceTrace } from "../core/reference";
import type { AttentionSpec, AttentionTrace } from "../core/types";
import { seededMatrix } from "../core/weights";
import { traceOnBackend } from "./attention";
import {
  BACKEND_ORDER,
  dropBackend,
  initBackend,
  lossOf,
  reasonOf,
  reasonText,
  watchBackendLoss,
  type BackendAttempt,
  type BackendName,
} from "./backends";
import { fitCost, pickBackend, predictMs, problemFlops, type CostModel } from "./choose";

export interface EngineOptions {
  /**
   * "auto" (default): measure every backend that starts, once per page, and use the one predicted
   * fastest for each problem's size. A name: use that backend, falling back in order if it fails.
   */
  readonly backend?: "auto" | BackendName;
  /** Limit on loading and initialising one backend. Default 10 s. */
  readonly initTimeoutMs?: number;
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
  /** Measured cost models, in auto mode. */
  readonly costs: readonly CostModel[];
}

export interface AttentionEngine {
  /** Computes a full trace. Rejects with AttentionInputError on bad input; a failing backend is replaced, not thrown. */
  compute(spec: AttentionSpec): Promise<EngineResult>;
  /** Starts the backends (and measures them in auto mode); resolves with the report. */
  ready(): Promise<BackendReport>;
  report(): BackendReport;
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
  costs?: Promise<CostModel[]>;
  measured?: CostModel[];
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

/** Measures each backend that starts at a small and a medium size: warm-up (shader compiles) then a median of 3. */
async function measureBackends(timeoutMs: number): Promise<CostModel[]> {
  const sizes = [calibrationProblem(16, 16), calibrationProblem(256, 64)];
  const models: CostModel[] = [];
  for (const name of BACKEND_ORDER) {
    if (!(await startBackend(name, timeoutMs))) continue;
    try {
      const samples = [];
      for (const p of sizes) {
        await timeOn(name, p, 1);
        samples.push({ work: problemFlops(p), ms: await timeOn(name, p, 3) });
      }
      models.push(fitCost(name, samples));
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
  let current: BackendName | "reference" | undefined;

  const costs = (): Promise<CostModel[]> => {
    if (requested) return Promise.resolve([]);
    page.costs ??= measureBackends(timeoutMs);
    return page.costs;
  };

  /** Backends to try for this problem, best first. */
  async function candidates(p: AttentionProblem): Promise<BackendName[]> {
    const usable = (name: BackendName) => !page.broken.has(name);
    if (requested) return [requested, ...BACKEND_ORDER.filter((b) => b !== requested)].filter(usable);
    const work = problemFlops(p);
    const models = (await costs()).filter((m) => usable(m.name));
    const ranked = [...models].sort((a, b) => predictMs(a, work) - predictMs(b, work)).map((m) => m.name);
    const best = pickBackend(models, work);
    return [
      ...(best ? [best] : []),
      ...ranked.filter((b) => b !== best),
      ...BACKEND_ORDER.filter((b) => usable(b) && !ranked.includes(b)),
    ];
  }

  async function compute(spec: AttentionSpec): Promise<EngineResult> {
    const problem = maybeProblem(spec);
    if (!problem.ok) throw problem.error;
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
    for (const name of await candidates(problem.value)) {
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
        const trace = await traceOnBackend(problem.value, name, page.lostWaiters.get(name));
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
      costs: page.measured ?? [],
    };
  }

  async function ready(): Promise<BackendReport> {
    await costs();
    if (requested) await startBackend(requested, timeoutMs);
    return report();
  }

  return { compute, ready, report };
}
