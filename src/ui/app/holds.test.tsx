// @vitest-environment happy-dom
import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import type { AttentionTrace, Matrix } from "../../core/types";
import { testRoot } from "../test-helpers";
import { useHeldMatrices, useHeldTrace, whenUnread } from "./holds";

/** Embeddings that consecutive traces share (an engine's cache): float64, never given back. */
const shared = { rows: 2, cols: 2, data: new Float64Array(4) };
/** A trace of two intermediates in float32 buffers of their own, and the shared embeddings. */
const traceOf = () =>
  ({
    x: shared,
    weights: { rows: 2, cols: 2, depth: 1, data: new Float32Array(4) },
    masked: { rows: 2, cols: 2, depth: 1, data: new Float32Array(4) },
  }) as unknown as AttentionTrace;

const mounted = testRoot();

function TraceReader({ trace }: { trace: AttentionTrace }) {
  useHeldTrace(trace);
  return null;
}

/** Reads views into a trace's weights, as a flow reads each head's weights. */
function MatrixReader({ matrices }: { matrices: readonly Matrix[] }) {
  useHeldMatrices(matrices);
  return null;
}
/** Head 1 of a trace's weights: a view into its buffer. */
const headOf = (trace: AttentionTrace): Matrix[] => [
  { rows: 1, cols: 2, data: trace.weights.data.subarray(0, 2) },
];

const render = (node: React.ReactNode) => act(() => mounted.root.render(node));

describe("holds", () => {
  it("gives a trace nobody reads back at once, though a view reads another that shares its embeddings", () => {
    render(<TraceReader trace={traceOf()} />);
    const giveBack = vi.fn();
    whenUnread(traceOf(), giveBack);
    expect(giveBack).toHaveBeenCalledTimes(1);
  });

  it("gives a replaced trace back once the last view that reads it moves on, and not before", () => {
    const [first, second] = [traceOf(), traceOf()];
    const [firstHead, secondHead] = [headOf(first), headOf(second)];
    render(
      <>
        <TraceReader trace={first} />
        <MatrixReader matrices={firstHead} />
      </>,
    );
    const giveBack = vi.fn();
    whenUnread(first, giveBack);
    expect(giveBack).not.toHaveBeenCalled();
    // One view follows the new trace; the other (lagging, off the screen) still shows the first.
    render(
      <>
        <TraceReader trace={second} />
        <MatrixReader matrices={firstHead} />
      </>,
    );
    expect(giveBack).not.toHaveBeenCalled();
    render(
      <>
        <TraceReader trace={second} />
        <MatrixReader matrices={secondHead} />
      </>,
    );
    expect(giveBack).toHaveBeenCalledTimes(1);
    // The second is held until its views unmount.
    const giveBackSecond = vi.fn();
    whenUnread(second, giveBackSecond);
    expect(giveBackSecond).not.toHaveBeenCalled();
    render(null);
    expect(giveBackSecond).toHaveBeenCalledTimes(1);
    expect(giveBack).toHaveBeenCalledTimes(1);
  });
});
