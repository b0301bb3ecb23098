// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { testRoot } from "../test-helpers";
import { maybeProblem } from "../../core/problem";
import { referenceTrace } from "../../core/reference";
import { buildSpec } from "../../explorer/spec";
import { createInitialState, type ExplorerState } from "../../explorer/state";
import { StepContent } from "./StepContent";

/** Every view, drawn as nothing: what is counted is how often the step draws its views. */
const drawn = vi.hoisted(() => ({ heatmaps: 0 }));
vi.mock("../views/views", () => ({
  HeatmapView: () => {
    drawn.heatmaps++;
    return null;
  },
  FlowView: () => null,
  VectorsView: () => null,
  DataTableView: () => null,
}));

// KaTeX refuses the test document (quirks mode); the online softmax's formula is not what is counted.
vi.mock("katex", () => ({ default: { render: () => undefined } }));

const mounted = testRoot();
beforeEach(() => {
  drawn.heatmaps = 0;
});
const NOTHING = {};

function traceOf(state: ExplorerState) {
  const built = buildSpec(state);
  const problem = maybeProblem(built.spec!);
  if (!problem.ok) throw problem.error;
  return { trace: referenceTrace(problem.value), labels: built.queryLabels };
}

describe("StepContent", () => {
  it("draws its views again for a new trace or a view setting, not for an edit whose result is to come", () => {
    const state = createInitialState();
    const { trace, labels } = traceOf(state);
    // The page's handlers are the same functions from one render to the next.
    const nothing = () => undefined;
    const show = (s: ExplorerState, t = trace) =>
      act(() =>
        mounted.root.render(
          <StepContent
            state={s}
            trace={t}
            queryLabels={labels}
            keyLabels={labels}
            selection={NOTHING}
            onPoint={nothing}
            onPick={nothing}
            dispatch={nothing}
            width={800}
            palette="default"
          />,
        ),
      );
    show(state);
    const first = drawn.heatmaps;
    expect(first).toBeGreaterThan(0);
    // τ edited: the trace on screen is still the old one, and so are the views.
    const edited = { ...state, temperature: 2 };
    show(edited);
    expect(drawn.heatmaps).toBe(first);
    // Its result comes: drawn again.
    show(edited, traceOf(edited).trace);
    expect(drawn.heatmaps).toBe(2 * first);
    // A view setting, with the same trace: drawn again at once.
    const result = traceOf(edited).trace;
    show(edited, result);
    const before = drawn.heatmaps;
    show({ ...edited, head: 1 }, result);
    expect(drawn.heatmaps).toBeGreaterThan(before);
  });
});
