import { useEffect, useRef, useState } from "react";
import { AttentionInputError } from "../../core/errors";
import { maybeProblem, problemWork, REFERENCE_WORK } from "../../core/problem";
import { referenceTrace } from "../../core/reference";
import type { AttentionSpec, AttentionTrace } from "../../core/types";
import { createEngine, type AttentionEngine, type EngineNotice } from "../../engine/engine";
import { createWorkerEngine } from "../../engine/remote";
import type { BackendChoice } from "../../explorer/state";

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
  readonly pending: boolean;
  /** Why the latest input could not be computed (e.g. float32 overflow), located where possible. */
  readonly error?: AttentionInputError;
}

const engines = new Map<string, AttentionEngine>();
function engineFor(choice: Exclude<BackendChoice, "exact">, thread: Computed["thread"]): AttentionEngine {
  const key = `${choice}:${thread}`;
  let engine = engines.get(key);
  if (!engine) {
    engine = thread === "page" ? createEngine({ backend: choice }) : createWorkerEngine({ backend: choice });
    engines.set(key, engine);
  }
  return engine;
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
 * Problems up to REFERENCE_WORK are computed in the page. Larger ones go to the engine's worker, where wasm
 * and cpu, which compute synchronously, cannot stall the page.
 */
function smallWork(spec: AttentionSpec): boolean {
  const p = maybeProblem(spec);
  return p.ok && problemWork(p.value) <= REFERENCE_WORK;
}

/**
 * Computes the trace of the latest spec. One computation runs at a time; edits that arrive meanwhile
 * are coalesced into the newest, so dragging a value never queues stale work.
 */
export function useTrace<J extends { readonly spec?: AttentionSpec }>(
  job: J | undefined,
  backend: BackendChoice,
): TraceState<J> {
  const [state, setState] = useState<TraceState<J>>({ pending: false });
  const running = useRef(false);
  const next = useRef<{ job: J & { spec: AttentionSpec }; backend: BackendChoice } | undefined>(undefined);
  const hasResult = useRef(false);

  useEffect(() => {
    if (!job?.spec) return;
    next.current = { job: job as J & { spec: AttentionSpec }, backend };

    const publish = (computed: Computed<J>) => {
      hasResult.current = true;
      setState({ computed, pending: next.current !== undefined });
    };
    const fail = (error: unknown) =>
      setState((s) => ({
        ...s,
        pending: false,
        error:
          error instanceof AttentionInputError
            ? error
            : new AttentionInputError(String(error), { code: "invalid" }),
      }));

    const pump = async () => {
      if (running.current) return;
      running.current = true;
      // Only changes of `pending` re-render: a scrub of many quick edits is not three renders each.
      setState((s) => (s.pending ? s : { ...s, pending: true }));
      while (next.current) {
        const { job: current, backend: choice } = next.current;
        next.current = undefined;
        try {
          if (choice === "exact") {
            publish(exact(current));
          } else {
            // The first picture must not wait for tfjs to start: small problems get the exact answer first.
            const thread = smallWork(current.spec) ? "page" : "worker";
            if (!hasResult.current && thread === "page") publish(exact(current));
            // Published even when newer edits wait: during a drag the picture follows as fast as it can.
            publish({ ...(await engineFor(choice, thread).compute(current.spec)), thread, job: current });
          }
        } catch (error) {
          // An error for an input already replaced by a newer one is stale: the newer one decides.
          if (!next.current) fail(error);
        }
      }
      running.current = false;
      setState((s) => (s.pending ? { ...s, pending: false } : s));
    };
    void pump();
  }, [job, backend]);

  return state;
}
