import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { maybeProblem } from "./problem";
import { attentionReference } from "./reference";
import { applyRope, ropeFrequencies } from "./rope";
import { expectClose, headRows } from "./test-helpers";
import type { AttentionSpec, RopeLayout } from "./types";

// Expected values are worked by hand or with numpy, never with rope.ts:
//   import numpy as np; x = np.array([1., 2, 3, 4]); th = 100.0 ** (-2 * np.arange(2) / 4); p = 2
//   c, s = np.cos(p * th), np.sin(p * th)
//   half:        a, b = x[[0, 1]], x[[2, 3]] → np.concatenate([a*c - b*s, a*s + b*c])
//   interleaved: a, b = x[[0, 2]], x[[1, 3]] → r[[0, 2]] = a*c - b*s; r[[1, 3]] = a*s + b*c
const HALF = [-3.144039117, 1.1654558325, -0.3391430828, 4.317604973];
const INTERLEAVED = [-2.2347416902, 0.0770037537, 2.1455224103, 4.5162743038];

const matrix = (rows: number[][]) => ({
  rows: rows.length,
  cols: rows[0]!.length,
  data: Float64Array.from(rows.flat()),
});

describe("RoPE: rotation of q and k", () => {
  it("θ_i = base^(−2i/d_k): d_k = 4, base 100 gives θ = [1, 0.1]", () => {
    expectClose(ropeFrequencies(4, 100), [1, 0.1], 1e-15);
  });

  it("rotates pair (x_i, x_{i+d/2}) in the half layout: [1,2,3,4] at position 2 (offset 1, row 1)", () => {
    const out = applyRope(
      matrix([
        [0, 0, 0, 0],
        [1, 2, 3, 4],
      ]),
      4,
      { base: 100, layout: "half", offset: 1 },
    );
    expectClose(out.data.subarray(4), HALF, 1e-9);
  });

  it("rotates pair (x_{2i}, x_{2i+1}) in the interleaved layout", () => {
    const out = applyRope(matrix([[1, 2, 3, 4]]), 4, { base: 100, layout: "interleaved", offset: 2 });
    expectClose(out.data, INTERLEAVED, 1e-9);
  });

  it("rotates each head on its own: two heads of d_k = 4 hold the same numbers, rotated alike", () => {
    const out = applyRope(matrix([[1, 2, 3, 4, 1, 2, 3, 4]]), 4, { base: 100, layout: "half", offset: 2 });
    expectClose(out.data, [...HALF, ...HALF], 1e-9);
  });

  it("keeps position 0 unrotated and every vector's length", () => {
    const x = matrix([
      [3, -1, 2, 5],
      [3, -1, 2, 5],
    ]);
    const out = applyRope(x, 4, { base: 10000, layout: "half", offset: 0 });
    expectClose(out.data.subarray(0, 4), [3, -1, 2, 5], 1e-15);
    const length = Math.hypot(...out.data.subarray(4));
    expectClose([length], [Math.hypot(3, -1, 2, 5)], 1e-12);
  });

  it("makes the dot-product score of equal vectors cos((i − j)·θ): q = k = [1, 0] at every position", () => {
    // d_k = 2: θ_0 = 1, so q_i = [cos i, sin i], k_j = [cos j, sin j] and q_i·k_j = cos(i − j).
    const ones = [
      [1, 0],
      [1, 0],
      [1, 0],
    ];
    const t = attentionReference({
      source: { kind: "qkv", q: ones, k: ones, v: ones },
      score: "dot",
      rope: {},
    });
    const c1 = 0.5403023058681398; // cos 1
    const c2 = -0.4161468365471424; // cos 2
    expectClose(headRows(t.scores).flat(), [1, c1, c2, c1, 1, c1, c2, c1, 1], 1e-12);
    expect(t.rope).toEqual({ base: 10000, layout: "half", offset: 0 });
    expectClose(t.q.data, ones.flat(), 0); // the trace keeps the projections unrotated...
    expectClose(t.qRotated!.data.subarray(2, 4), [c1, 0.8414709848078965], 1e-12); // ...and the rotation apart
  });
});

describe("RoPE: the score depends only on the offset between positions", () => {
  const layout = fc.constantFrom<RopeLayout>("half", "interleaved");
  const vector = (d: number) =>
    fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d });

  it("q·k for the same q and k is equal along every diagonal i − j, for any offset, base and layout", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 3 })
          .chain((half) =>
            fc.record({ q: vector(2 * half), k: vector(2 * half), n: fc.integer({ min: 2, max: 6 }) }),
          ),
        layout,
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 2, max: 1e5, noNaN: true }),
        ({ q, k, n }, layout, offset, base) => {
          const spec = (offset: number): AttentionSpec => ({
            source: { kind: "qkv", q: Array(n).fill(q), k: Array(n).fill(k), v: Array(n).fill([1]) },
            score: "dot",
            rope: { base, layout, offset },
          });
          const s = headRows(attentionReference(spec(offset)).scores);
          const shifted = headRows(attentionReference(spec(0)).scores);
          for (let i = 0; i + 1 < n; i++)
            for (let j = 0; j + 1 < n; j++) expectClose([s[i + 1]![j + 1]!], [s[i]![j]!], 1e-9);
          expectClose(s.flat(), shifted.flat(), 1e-9);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("RoPE: bad settings are typed, located errors", () => {
  const spec = (rope: unknown, width = 4): AttentionSpec => ({
    source: { kind: "qkv", q: [Array(width).fill(1)], k: [Array(width).fill(1)], v: [[1]] },
    rope: rope as AttentionSpec["rope"],
  });
  it("refuses an odd d_k: d_k = 3 has no pairs to rotate", () => {
    const r = maybeProblem(spec({}, 3));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ code: "shape", matrix: "rope", key: "error.rope.oddWidth" });
      expect(r.error.message).toContain("d_k is 3");
    }
  });
  it("refuses an odd per-head width even when the whole width is even (6 columns, 2 heads)", () => {
    const r = maybeProblem({
      ...spec({}, 6),
      heads: 2,
      source: { kind: "qkv", q: [[1, 1, 1, 1, 1, 1]], k: [[1, 1, 1, 1, 1, 1]], v: [[1, 1]] },
    });
    expect(!r.ok && r.error.key).toBe("error.rope.oddWidth");
  });
  it.each([
    [{ base: 1 }, "rope base", "error.rope.base"],
    [{ base: Number.NaN }, "rope base", "error.rope.base"],
    [{ layout: "spiral" }, "rope layout", "error.rope.layout"],
    [{ offset: -1 }, "rope offset", "error.rope.offset"],
    [{ offset: 0.5 }, "rope offset", "error.rope.offset"],
  ])("refuses %o, naming %s", (rope, matrix, key) => {
    const r = maybeProblem(spec(rope));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "invalid", matrix, key });
  });
});
