import { useEffect, useRef, useState } from "react";
import { AttentionInputError } from "../core/errors";
import { maybeProblem } from "../core/problem";
import { referenceTrace } from "../core/reference";
import type { AttentionSpec, AttentionTrace } from "../core/types";
import { createEngine, type AttentionEngine, type EngineNotice } from "../engine/engine";
import type { BackendChoice } from "./state";

export interface Computed<J = unknown> {
  readonly trace: AttentionTrace;
  /** A tfjs backend, or "reference" (float64). */
  readonly backend: string;
  readonly ms: number;
  readonly notices: readonly EngineNotice[];
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

/** Problems this small are computed exactly, at once, while the tfjs backends start and are measured. */
const INSTANT_WORK = 2e6;

const engines = new Map<string, AttentionEngine>();
function engineFor(choice: Exclude<BackendChoice, "exact">): AttentionEngine {
  let engine = engines.get(choice);
  if (!engine) {
    engine = createEngine({ backend: choice });
    engines.set(choice, engine);
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
    job,
  };
}

function smallWork(spec: AttentionSpec): boolean {
  const p = maybeProblem(spec);
  return p.ok && p.value.heads * p.value.queries * p.value.keys * (p.value.dK + p.value.dV) <= INSTANT_WORK;
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
            if (!hasResult.current && smallWork(current.spec)) publish(exact(current));
            const result = await engineFor(choice).compute(current.spec);
            if (!next.current) publish({ ...result, job: current });
          }
        } catch (error) {
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

/** The engine's report for a backend choice, for the backend chip. */
export function engineReport(choice: BackendChoice) {
  return choice === "exact" ? undefined : engineFor(choice).report();
}
