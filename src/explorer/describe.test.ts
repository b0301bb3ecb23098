import { describe, expect, it } from "vitest";
import { TYPED_QKV } from "../core/fixtures/typedQkv";
import { attentionReference } from "../core/reference";
import { headMatrix, shownHead } from "./describe";

/** Rows (queries) of columns (keys). */
const rows = (m: { rows: number; cols: number; data: ArrayLike<number> }) =>
  Array.from({ length: m.rows }, (_, i) => Array.from({ length: m.cols }, (_, j) => m.data[i * m.cols + j]));

describe("the head a step shows", () => {
  it("shows the mean of the heads at step 6 (the weights) only, head 1 at the steps before and after", () => {
    expect(shownHead(6, "mean", 2)).toBe("mean");
    for (const step of [1, 2, 3, 4, 5, 7, 8]) expect(shownHead(step, "mean", 2)).toBe(0);
    // One head has no mean to show; a head past the trace's count is head 1.
    expect(shownHead(6, "mean", 1)).toBe(0);
    expect(shownHead(4, 1, 2)).toBe(1);
    expect(shownHead(4, 3, 2)).toBe(0);
  });

  it("gives step 4, with the mean chosen, head 1's scaled scores, not their mean", () => {
    // Q, K and V typed by hand: 3 tokens, two heads of d_k = 1, causal mask. By numpy, head 1's scores are
    // q[:, 0] ⊗ k[:, 0] (√1 · τ = 1): row 3 is 1.5 × (−0.7, 1.1, 0.2) = (−1.05, 1.65, 0.3); the heads' mean
    // would be (−0.475, 0.7625, 0.2625).
    const trace = attentionReference({
      source: TYPED_QKV,
      score: "scaled-dot",
      heads: 2,
      mask: { kind: "causal" },
    });
    const shown = rows(headMatrix(trace.scaled, shownHead(4, "mean", trace.heads)));
    const expected = [
      [-0.35, 0.55, 0.1],
      [0.21, -0.33, -0.06],
      [-1.05, 1.65, 0.3],
    ];
    for (const [i, row] of expected.entries())
      for (const [j, x] of row.entries()) expect(shown[i]?.[j]).toBeCloseTo(x, 12);
    // At step 6 the weights are the mean: query 3, key 2 is (0.75389437 + 0.27237638) / 2.
    expect(headMatrix(trace.weights, shownHead(6, "mean", trace.heads)).data[7]).toBeCloseTo(0.51313538, 7);
  });
});
