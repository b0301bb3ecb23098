import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { AttentionInputError } from "../../core/errors";
import { maybeProblem, problemWork, REFERENCE_WORK } from "../../core/problem";
import { referenceTrace } from "../../core/reference";
import { sameValue } from "../../core/same";
import type { AttentionSpec, AttentionTrace } from "../../core/types";
import {
  createEngine,
  type AttentionEngine,
  type EngineNotice,
  type EngineResult,
} from "../../engine/engine";
import { createWorkerEngine } from "../../engine/remote";
import { builtWork } from "../../explorer/spec";
import type { BackendChoice } from "../../explorer/state";
import { whenUnread } from "./holds";

export interface Computed<J = unknown> {
  readonly trace: AttentionTrace;
  /** A tfjs backend, or "reference" (float64). */
  readonly backend: string;
  readonly ms: number;
  readonly notices: readonly EngineNotice[];
  /** Where it was computed: in the page (small problems), or in the engine's worker. */
  readonly thread: "page" | "worker";
  /** The job it was computed for (its spec and whatever the caller keeps with it, e.g. labels). */
  readonly job: J;
}

export interface TraceState<J> {
  /** The last good result: it stays on screen while an input is wrong or a computation runs. */
  readonly computed?: Computed<J>;
  /**
   * A result is still to come: for the latest inputs, or the engine's after the reference's. Known without a
   * render of its own: an edit's own render says it, and the result's render ends it.
   */
  readonly pending: boolean;
  /**
   * The result on screen is for older inputs than the latest valid ones, and a newer one is being computed:
   * the page marks the picture as such ("computing…", aria-busy).
   */
  readonly stale: boolean;
  /** Why the latest input could not be computed (e.g. float32 overflow), located where possible. */
  readonly error?: AttentionInputError;
}

const engines = new Map<string, AttentionEngine>();
/** Engines that have answered once: tfjs has loaded, and their backend has started (or been given up). */
const ready = new Set<string>();
const keyOf = (choice: Exclude<BackendChoice, "exact">, thread: Computed["thread"]) => `${choice}:${thread}`;
function engineFor(choice: Exclude<BackendChoice, "exact">, thread: Computed["thread"]): AttentionEngine {
  const key = keyOf(choice, thread);
  let engine = engines.get(key);
  if (!engine) {
    // The page's engine measures no backends: that would run wasm and WebGL in the page while the user edits.
    // The worker measures them (measureInWorker), and the page's engine reads what it remembered.
    engine =
      thread === "page"
        ? createEngine({ backend: choice, calibrateInBackground: false })
        : createWorkerEngine({ backend: choice });
    engines.set(key, engine);
  }
  return engine;
}

/**
 * Traces computed by an engine, in the page or the worker, with the engine that can take their buffers back
 * for its next trace (engine/pool.ts): new memory for every intermediate of every edit cost the page's
 * engine 4 ms an edit at 128 tokens here.
 */
const computedBy = new WeakMap<AttentionTrace, AttentionEngine>();
/**
 * The trace is replaced on screen, or was never shown: its buffers go back to its engine once no view that
 * lags behind the screen reads it any more (holds.ts).
 */
function recycle(trace: AttentionTrace): void {
  whenUnread(trace, () => {
    computedBy.get(trace)?.recycle(trace);
    computedBy.delete(trace);
  });
}

/**
 * A computation of the job a person will likely ask for next (useTrace's `predict`), started while the one
 * they asked for is on screen and the worker would otherwise wait. Worker problems only: the page computes
 * its own within the edit's frame already.
 */
interface Ahead {
  readonly spec: AttentionSpec;
  readonly choice: Exclude<BackendChoice, "exact">;
  readonly result: Promise<EngineResult>;
}

/**
 * Computed ahead only for problems up to this much work (problemWork): twice that of 512 tokens at d_model 64
 * in 4 heads (33.5M), which the worker computes in 11–13 ms an edit of τ on wasm here. Done, then, before a
 * held arrow key repeats (every 33 ms or so), while the worker would wait anyway. Larger ones (1,024 tokens:
 * 134M, 0.1 s) would keep the worker busy with a guess when the person's real edit comes.
 */
const AHEAD_WORK = 6.7e7;

/** A computation ahead that nobody took: its trace's buffers go back to its engine once it is done. */
function discard(ahead: Ahead): void {
  const engine = engineFor(ahead.choice, "worker");
  ahead.result.then(
    (result) => engine.recycle(result.trace),
    () => undefined,
  );
}

let measuring = false;
/**
 * The page's engine measures no backends; where this device's costs are not remembered yet, the worker
 * measures them once, in the background, off the page's thread, and remembers them (engine/remote.ts) for
 * the choices of this page's larger problems and of the next visits.
 */
function measureInWorker(page: AttentionEngine): void {
  if (measuring || page.report().calibration === "stored") return;
  measuring = true;
  void engineFor("auto", "worker")
    .calibrated()
    .catch(() => undefined);
}

function exact<J extends { spec: AttentionSpec }>(job: J): Computed<J> {
  const spec = job.spec;
  const start = performance.now();
  const problem = maybeProblem(spec);
  if (!problem.ok) throw problem.error;
  return {
    trace: referenceTrace(problem.value),
    backend: "reference",
    ms: performance.now() - start,
    notices: [],
    thread: "page",
    job,
  };
}

/**
 * Problems up to this much work (problemWork) are computed by the page's engine; larger ones go to the engine's
 * worker, where wasm and cpu, which compute synchronously, cannot stall the page. 256 tokens at d_model 64
 * with 4 heads are 8.4M: wasm computes them in the page in a few ms. In the worker each edit waited for a
 * frame more (the edit's own frame is drawn while the worker computes, and its result waits for that frame)
 * and for a copy of the trace: at 128 tokens the median edit → repaint was 53 ms from the worker, 31 from
 * the page (npm run bench, this machine).
 */
const PAGE_WORK = 8.4e6;

/** Whether a problem's work is at most `limit` (problemWork); false for a spec that is not a problem. */
function workUpTo(spec: AttentionSpec, limit: number): boolean {
  const known = builtWork(spec);
  if (known !== undefined) return known <= limit;
  const p = maybeProblem(spec);
  return p.ok && problemWork(p.value) <= limit;
}

/** Small enough for the float64 reference to answer at once while the engine starts (REFERENCE_WORK). */
const smallWork = (spec: AttentionSpec) => workUpTo(spec, REFERENCE_WORK);
/** Computed by the page's engine, not the worker's (PAGE_WORK). */
const pageWork = (spec: AttentionSpec) => workUpTo(spec, PAGE_WORK);

/**
 * Whether the page's engine can answer a small problem at once: it has answered before, or a backend has
 * started in this page (prestart.ts starts one while the page loads). Until then the reference answers first.
 */
function answersSoon(backend: BackendChoice): boolean {
  if (backend === "exact") return false;
  return (
    ready.has(keyOf(backend, "page")) ||
    engineFor(backend, "page")
      .report()
      .attempts.some((a) => a.ok)
  );
}

/** The engine's answer to the page's first problem, computed before the page rendered (computeFirst). */
let first: { readonly spec: string; readonly result: EngineResult } | undefined;

/**
 * Computes the page's first problem on the page's engine before the page renders, so that its first
 * render draws the engine's answer (firstState): at a cold load here each render of the explorer costs
 * 0.2–0.3 s, and a render of the reference then one of the engine's cost two. Waits for `started` (the
 * backend being started while the page's scripts loaded, engine/prestart.ts), then computes; gives up
 * waiting after `waitMs` in all, and the page renders the reference first, as for any problem. Resolves
 * at once where the page's engine has no part: the exact reference chosen, or a problem for the worker.
 */
export async function computeFirst(
  spec: AttentionSpec | undefined,
  backend: BackendChoice,
  started: Promise<void>,
  waitMs: number,
): Promise<void> {
  if (!spec || backend === "exact" || !pageWork(spec)) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
  });
  let waiting = true;
  const computing = started
    .then(() => engineFor(backend, "page").compute(spec))
    .then((result) => {
      ready.add(keyOf(backend, "page"));
      // An answer after the page rendered is not kept: the page asked the engine itself by then.
      if (waiting) first = { spec: JSON.stringify(spec), result };
    })
    // Its error (a bad input, a failing backend) is the page's to show, when it computes the problem itself.
    .catch(() => undefined);
  await Promise.race([computing, late]);
  waiting = false;
  clearTimeout(timer);
}

/** The engine's answer to this job, if computeFirst computed it; given once. */
function takeFirst<J extends { readonly spec?: AttentionSpec }>(job: J, backend: BackendChoice) {
  const answer = first;
  first = undefined;
  if (!answer || backend === "exact" || answer.spec !== JSON.stringify(job.spec)) return undefined;
  return { ...answer.result, thread: "page" as const, job };
}

/**
 * The state of a page's first render: the engine's answer where computeFirst has it. Else a small first
 * job is drawn from the reference in that render, not in a second one, unless the engine answers at once
 * (its layout effect computes it before the page is painted).
 */
function firstState<J extends { readonly spec?: AttentionSpec }>(
  job: J | undefined,
  backend: BackendChoice,
): Omit<TraceState<J>, "stale"> {
  if (!job?.spec) return { pending: false };
  const answered = takeFirst(job, backend);
  if (answered) return { computed: answered, pending: false };
  const small = backend === "exact" || smallWork(job.spec);
  if (!small || answersSoon(backend)) return { pending: true };
  try {
    return { computed: exact(job as J & { spec: AttentionSpec }), pending: backend !== "exact" };
  } catch {
    // The effect says why, as it does for every job.
    return { pending: true };
  }
}

/**
 * Computes the trace of the latest spec. One computation runs at a time; edits that arrive meanwhile
 * are coalesced into the newest, so dragging a value never queues stale work.
 *
 * Small problems (REFERENCE_WORK) answer from the float64 reference at once, in the effect, while their
 * engine is not ready: loading tfjs and starting a backend (measuring them all, in "auto") takes seconds, and
 * the picture must not show the last problem meanwhile. The engine's answer replaces the reference's when it
 * comes, unless a newer one is on screen already.
 *
 * `predict` (a function defined once, not in a render) guesses the job after `previous` and `current`: while
 * its guesses come true, the worker computes each guess ahead (Ahead, above).
 */
export function useTrace<J extends { readonly spec?: AttentionSpec }>(
  job: J | undefined,
  backend: BackendChoice,
  predict?: (previous: J, current: J) => J | undefined,
): TraceState<J> {
  /** `failed`: the job the error was said of; an error of older inputs no longer applies to newer ones. */
  const [state, setState] = useState<Omit<TraceState<J>, "stale"> & { failed?: J }>(() =>
    firstState(job, backend),
  );
  /** What the first render drew (firstState): the engine's answer, or the reference's. */
  const firstDrawn = useRef(state.computed);
  const running = useRef(false);
  const next = useRef<
    { job: J & { spec: AttentionSpec }; backend: BackendChoice; order: number } | undefined
  >(undefined);
  /** Jobs are numbered as they arrive; a result older than the one on screen is not shown. */
  const arrived = useRef(0);
  const shown = useRef(0);
  /** The state says a result is still to come (pending): what the end of a run has to undo, if anything. */
  const saidPending = useRef(state.pending);
  /**
   * The job before the latest; `predict`'s guess of the job after it (made with the latest, whether or not it
   * came true); the guess to compute ahead, once the latest job proved the last guess right; and that
   * computation, if any.
   */
  const previousJob = useRef<J | undefined>(undefined);
  const guessed = useRef<J | undefined>(undefined);
  const likely = useRef<J | undefined>(undefined);
  const ahead = useRef<Ahead | undefined>(undefined);
  /**
   * The computation ahead, if it was of this spec on this backend choice: then it is this job's result. Any
   * other is dropped (its buffers go back when it is done).
   */
  const takeAhead = (spec: AttentionSpec, choice: BackendChoice): Promise<EngineResult> | undefined => {
    const early = ahead.current;
    ahead.current = undefined;
    if (!early) return undefined;
    if (early.choice === choice && sameValue(early.spec, spec)) return early.result;
    discard(early);
    return undefined;
  };

  // A layout effect: the page's first render is not an input's, and React runs its plain effects only after
  // the browser has painted it (0.3–0.5 s at a cold load here). Run now, a result that comes in a few
  // microtasks (a started wasm) is drawn before that paint, in the same frame.
  useLayoutEffect(() => {
    if (!job?.spec) return;
    const current = job as J & { spec: AttentionSpec };
    const order = ++arrived.current;
    // Computed ahead only once a guess has come true: a slider moved back and forth would otherwise keep the
    // worker busy with a wrong guess at every edit (50 ms an edit at 512 tokens here, against 30 without).
    const confirmed = guessed.current?.spec !== undefined && sameValue(guessed.current.spec, current.spec);
    guessed.current = previousJob.current && predict?.(previousJob.current, current);
    likely.current = confirmed ? guessed.current : undefined;
    previousJob.current = current;

    /** `more`: whether a computation still follows this result (a newer edit, or the engine after the reference). */
    const publish = (computed: Computed<J>, of: number, more = next.current !== undefined) => {
      if (of < shown.current) return recycle(computed.trace);
      shown.current = of;
      saidPending.current = more;
      setState({ computed, pending: more });
    };
    const fail = (error: unknown, failed: J) => {
      saidPending.current = false;
      setState((s) => ({
        ...s,
        pending: false,
        failed,
        error:
          error instanceof AttentionInputError
            ? error
            : new AttentionInputError(String(error), { code: "invalid" }),
      }));
    };

    const small = backend === "exact" || smallWork(current.spec);
    // The page's first render drew the first job already (firstState): the engine's answer, or the reference's.
    const drawn = firstDrawn.current?.job === current ? firstDrawn.current.backend : undefined;
    firstDrawn.current = undefined;
    if (drawn !== undefined && drawn !== "reference") {
      if (backend === "auto") measureInWorker(engineFor(backend, "page"));
      return;
    }
    if (!drawn && (backend === "exact" || (small && !answersSoon(backend)))) {
      try {
        publish(exact(current), order, backend !== "exact");
      } catch (error) {
        fail(error, current);
        return;
      }
      if (backend === "exact") return;
    }

    next.current = { job: current, backend, order };
    type Queued = NonNullable<typeof next.current>;
    /** A computation's outcome: where it ran, and how to show it (its result, or its error). */
    type Outcome = { thread: Computed["thread"]; show: (more: boolean) => void };
    const failure = (error: unknown, of: J) => (more: boolean) => {
      // An error for an input already replaced by a newer one is stale: the newer one decides.
      if (!more) fail(error, of);
    };
    const run = async (queued: Queued): Promise<Outcome> => {
      const { job: of, backend: choice, order } = queued;
      if (choice === "exact") {
        try {
          const computed = exact(of);
          return { thread: "page", show: (more) => publish(computed, order, more) };
        } catch (error) {
          return { thread: "page", show: failure(error, of) };
        }
      }
      let thread: Computed["thread"] = "page";
      try {
        thread = pageWork(of.spec) ? "page" : "worker";
        const engine = engineFor(choice, thread);
        const early = thread === "worker" ? takeAhead(of.spec, choice) : undefined;
        const result = await (early ?? engine.compute(of.spec));
        // Counted by the benchmark (npm run bench) and the tests: how many results were computed ahead.
        if (early) performance.mark("ap:ahead");
        computedBy.set(result.trace, engine);
        ready.add(keyOf(choice, thread));
        if (choice === "auto" && thread === "page") measureInWorker(engine);
        return { thread, show: (more) => publish({ ...result, thread, job: of }, order, more) };
      } catch (error) {
        return { thread, show: failure(error, of) };
      }
    };
    const launch = (): Promise<Outcome> | undefined => {
      const queued = next.current;
      next.current = undefined;
      return queued && run(queued);
    };
    const pump = async () => {
      if (running.current) return;
      running.current = true;
      let computing = launch();
      while (computing) {
        const outcome = await computing;
        // Drawn before the next computation is asked for, the worker's included: drawing it takes the trace
        // it replaces off the screen, whose buffers then go back to the engine (the effect below) ahead of
        // the request, for the next trace to be written into. Asked for first, the next computation made
        // every buffer anew: at 4,096 tokens, 518 MiB of new memory, and the computation took 2.1 s here
        // against 0.36 s in reused buffers. An edit that waits meanwhile waits for the drawing too (7 ms at
        // 512 tokens).
        // Published even when newer edits wait: during a drag the picture follows as fast as it can. At
        // once, in one piece: in a task of React's own a page's result would wait for the frame of the
        // edit's first render, which shows nothing new, and a worker's, rendered in 5 ms slices, would
        // let a frame through between its slices (at 128 tokens a frame more, 8–13 ms, per edit).
        flushSync(() => outcome.show(next.current !== undefined));
        computing = launch();
      }
      running.current = false;
      // Most runs end with a result that said nothing more was coming: no render for the end of the run.
      if (saidPending.current) {
        saidPending.current = false;
        setState((s) => ({ ...s, pending: false }));
      }
    };
    void pump();
  }, [job, backend, predict]);

  // Once a new trace is on screen (every view has drawn it: their effects run before this one), the one it
  // replaced is read by no view that follows the screen, and a worker's trace goes back to be written over
  // by the next one (when a view that lags reads it no more). With 1,024 tokens that spares 40 of 80 ms of
  // new memory a computation.
  const onScreen = useRef<AttentionTrace | undefined>(undefined);
  useEffect(() => {
    const computed = state.computed;
    const trace = computed?.trace;
    if (onScreen.current && onScreen.current !== trace) recycle(onScreen.current);
    onScreen.current = trace;
    // The latest job's result from the worker is on screen and no newer job waits: the worker computes the
    // likely next one now, after the replaced trace's buffers went back to it (above) for it to write into.
    // Scrubbing τ by the slider then gets each result at once (usually: a step the other way is a new
    // computation), and its picture in the frame of the edit.
    if (!computed || computed.job !== previousJob.current) return;
    const guess = likely.current;
    likely.current = undefined;
    const spec = computed.job.spec;
    if (
      !guess?.spec ||
      !spec ||
      backend === "exact" ||
      computed.thread !== "worker" ||
      next.current !== undefined ||
      !workUpTo(spec, AHEAD_WORK)
    )
      return;
    if (ahead.current) discard(ahead.current);
    const result = engineFor(backend, "worker").compute(guess.spec);
    // A guess that fails (a τ the engine refuses) is nobody's error until a person asks for it.
    result.catch(() => undefined);
    ahead.current = { spec: guess.spec, choice: backend, result };
  }, [state.computed, backend]);

  const { computed, failed } = state;
  const error = failed === job ? state.error : undefined;
  const waiting = job?.spec !== undefined && computed?.job !== job && !error;
  // The inputs have changed since the picture on screen was computed, and their result is still to come.
  const stale = waiting && computed !== undefined;
  return { computed, pending: state.pending || waiting, stale, error };
}
