// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AttentionSpec, AttentionTrace } from "../../core/types";
import type { AttentionEngine, EngineResult } from "../../engine/engine";
import { testRoot } from "../test-helpers";
import { useTrace, type TraceState } from "./useTrace";

/** What the worker's engine was asked, in order: "compute A", "recycle A". */
const asked: string[] = [];
/** The computations asked for and not answered yet, by job name. */
const waiting = new Map<string, (result: EngineResult) => void>();

const workerEngine: AttentionEngine = {
  compute: (spec) =>
    new Promise((resolve) => {
      const name = (spec as unknown as { name: string }).name;
      asked.push(`compute ${name}`);
      waiting.set(name, resolve);
    }),
  recycle: (trace) => asked.push(`recycle ${(trace as unknown as { name: string }).name}`),
  ready: () => Promise.reject(new Error("not asked in this test")),
  calibrated: () => Promise.reject(new Error("not asked in this test")),
  report: () => ({}) as ReturnType<AttentionEngine["report"]>,
};

vi.mock("../../engine/remote", () => ({ createWorkerEngine: () => workerEngine }));
// Every job of this test is too large for the page's engine and for the reference: the worker computes it.
vi.mock("../../explorer/spec", async (original) => ({
  ...(await original<typeof import("../../explorer/spec")>()),
  builtWork: () => 1e12,
}));

interface Job {
  readonly spec: AttentionSpec;
}
const job = (name: string): Job => ({ spec: { name } as unknown as AttentionSpec });
const answer = (name: string) =>
  act(async () => {
    waiting.get(name)?.({
      trace: { name } as unknown as AttentionTrace,
      backend: "wasm",
      notices: [],
      ms: 1,
    });
    waiting.delete(name);
  });

const mounted = testRoot();
/** The hook's state at each render, the latest last. */
let states: TraceState<Job>[] = [];
function Probe({ of }: { of: Job }) {
  states.push(useTrace(of, "wasm"));
  return null;
}
const show = (of: Job) => act(() => mounted.root.render(<Probe of={of} />));

beforeEach(() => {
  asked.length = 0;
  waiting.clear();
  states = [];
});

describe("useTrace with the engine's worker", () => {
  const latest = () => states[states.length - 1];
  it("hands back the trace a new one replaces before asking for the next, so that the next can reuse its buffers", async () => {
    const [a, b, c] = [job("A"), job("B"), job("C")];
    await show(a);
    await answer("A");
    expect(latest()?.computed?.job).toBe(a);
    await show(b);
    // C comes while B is computed: it waits, and is asked for once B is drawn.
    await show(c);
    expect(asked).toEqual(["compute A", "compute B"]);
    await answer("B");
    expect(latest()?.computed?.job).toBe(b);
    // A left the screen when B was drawn: its buffers go back first (a trace of 4,096 tokens is 518 MiB of
    // them, which C would otherwise make anew), then C is asked for.
    expect(asked).toEqual(["compute A", "compute B", "recycle A", "compute C"]);
    expect(latest()?.pending).toBe(true);
    await answer("C");
    expect(latest()?.computed?.job).toBe(c);
    expect(latest()?.pending).toBe(false);
    expect(asked).toEqual(["compute A", "compute B", "recycle A", "compute C", "recycle B"]);
  });
});
