import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { layer } from "./matrix";
import { attentionReference } from "./reference";
import { softmaxRows } from "./softmax";
import { expectClose, expectNoNaNInTrace, headRows } from "./test-helpers";
import type { AttentionSpec, ScoreFunction, ScoreParams } from "./types";

// Random small problems: n, m in 1…6, widths up to 4 split over 1–2 heads, entries in [−5, 5],
// an optional random custom mask, and any score function (with random parameters where it needs them).

const RUNS = { numRuns: 100 };

const entry = fc.double({ min: -5, max: 5, noNaN: true });
const matrix = (rows: number, cols: number) =>
  fc.array(fc.array(entry, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });

interface Problem {
  n: number;
  m: number;
  heads: number;
  q: number[][];
  k: number[][];
  v: number[][];
  /** [n, m], true = key j hidden from query i; undefined = no mask. */
  masked: boolean[][] | undefined;
  score: ScoreFunction;
  scoreParams: ScoreParams;
}

const problem: fc.Arbitrary<Problem> = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    m: fc.integer({ min: 1, max: 6 }),
    heads: fc.integer({ min: 1, max: 2 }),
    score: fc.constantFrom<ScoreFunction>("dot", "scaled-dot", "general", "additive", "cosine"),
    dA: fc.integer({ min: 1, max: 2 }),
  })
  .chain(({ n, m, heads, score, dA }) => {
    // Per-head widths: heads × d_k ≤ 4 and heads × d_v ≤ 4.
    const perHead = fc.integer({ min: 1, max: 4 / heads });
    return fc.record({ dK: perHead, dV: perHead }).chain(({ dK, dV }) => {
      const params: fc.Arbitrary<ScoreParams> =
        score === "general"
          ? fc.array(matrix(dK, dK), { minLength: heads, maxLength: heads }).map((general) => ({ general }))
          : score === "additive"
            ? fc
                .array(
                  fc.record({
                    wq: matrix(dK, dA),
                    wk: matrix(dK, dA),
                    v: fc.array(entry, { minLength: dA, maxLength: dA }),
                  }),
                  { minLength: heads, maxLength: heads },
                )
                .map((additive) => ({ additive }))
            : fc.constant({});
      return fc.record({
        n: fc.constant(n),
        m: fc.constant(m),
        heads: fc.constant(heads),
        q: matrix(n, heads * dK),
        k: matrix(m, heads * dK),
        v: matrix(m, heads * dV),
        masked: fc.option(
          fc.array(fc.array(fc.boolean(), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
          { nil: undefined },
        ),
        score: fc.constant(score),
        scoreParams: params,
      });
    });
  });

function specOf(p: Problem, extra: Partial<AttentionSpec> = {}): AttentionSpec {
  return {
    source: { kind: "qkv", q: p.q, k: p.k, v: p.v },
    heads: p.heads,
    score: p.score,
    scoreParams: p.scoreParams,
    mask: p.masked ? { kind: "custom", masked: p.masked } : { kind: "none" },
    ...extra,
  };
}

/** Keys visible to query i. */
const visible = (p: Problem, i: number): number[] =>
  Array.from({ length: p.m }, (_, j) => j).filter((j) => !(p.masked?.[i]?.[j] ?? false));

describe("attention properties on random small problems", () => {
  it("never produces NaN, for any generated input", () => {
    fc.assert(
      fc.property(problem, fc.constantFrom<"soft" | "hard">("soft", "hard"), (p, mode) => {
        expectNoNaNInTrace(attentionReference(specOf(p, { mode })));
      }),
      RUNS,
    );
  });

  it("each weight row sums to 1, except trace.emptyRows, which are all 0", () => {
    fc.assert(
      fc.property(problem, (p) => {
        const t = attentionReference(specOf(p));
        for (let i = 0; i < p.n; i++) {
          expect(t.emptyRows.includes(i)).toBe(visible(p, i).length === 0);
        }
        for (let h = 0; h < p.heads; h++) {
          headRows(t.weights, h).forEach((row, i) => {
            if (t.emptyRows.includes(i)) {
              expectClose(row, new Array<number>(p.m).fill(0), 0);
            } else {
              expectClose([row.reduce((a, b) => a + b, 0)], [1], 1e-9);
            }
          });
        }
      }),
      RUNS,
    );
  });

  it("gives masked (query, key) pairs a weight of exactly 0 and a masked score of −∞", () => {
    fc.assert(
      fc.property(problem, fc.constantFrom<"soft" | "hard">("soft", "hard"), (p, mode) => {
        const t = attentionReference(specOf(p, { mode }));
        for (let h = 0; h < p.heads; h++) {
          const w = layer(t.weights, h).data;
          const ms = layer(t.masked, h).data;
          for (let i = 0; i < p.n; i++) {
            for (let j = 0; j < p.m; j++) {
              if (p.masked?.[i]?.[j]) {
                expect(w[i * p.m + j]).toBe(0);
                expect(ms[i * p.m + j]).toBe(-Infinity);
              }
            }
          }
        }
      }),
      RUNS,
    );
  });

  it("leaves the output unchanged when keys and values are permuted together (and mask columns with them)", () => {
    const withPermutation = problem.chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.shuffledSubarray(
          Array.from({ length: p.m }, (_, j) => j),
          { minLength: p.m, maxLength: p.m },
        ),
      ),
    );
    fc.assert(
      fc.property(withPermutation, ([p, perm]) => {
        const permuted: Problem = {
          ...p,
          k: perm.map((j) => p.k[j] as number[]),
          v: perm.map((j) => p.v[j] as number[]),
          masked: p.masked?.map((row) => perm.map((j) => row[j] as boolean)),
        };
        const a = attentionReference(specOf(p));
        const b = attentionReference(specOf(permuted));
        expectClose(b.output.data, a.output.data, 1e-9);
        // The weights move with their keys: weight (i, perm[j]) before = weight (i, j) after.
        for (let h = 0; h < p.heads; h++) {
          const wa = headRows(a.weights, h);
          const wb = headRows(b.weights, h);
          wb.forEach((row, i) =>
            expectClose(
              row,
              perm.map((j) => wa[i]?.[j] ?? NaN),
              1e-9,
            ),
          );
        }
      }),
      RUNS,
    );
  });

  it("approaches hard attention as τ → 0 (τ = 1e-6) when each row's maximum is unique by a margin", () => {
    fc.assert(
      fc.property(problem, (p) => {
        const base = attentionReference(specOf(p));
        // Skip near-ties: the best visible scaled score must beat the runner-up by 1e-3.
        for (let h = 0; h < p.heads; h++) {
          headRows(base.scaled, h).forEach((row, i) => {
            const seen = visible(p, i)
              .map((j) => row[j] as number)
              .sort((x, y) => y - x);
            if (seen.length >= 2) fc.pre((seen[0] as number) - (seen[1] as number) > 1e-3);
          });
        }
        const cold = attentionReference(specOf(p, { temperature: 1e-6 }));
        const hard = attentionReference(specOf(p, { mode: "hard" }));
        expectClose(cold.weights.data, hard.weights.data, 1e-9);
      }),
      RUNS,
    );
  });

  it("approaches uniform weights over the visible keys as τ → ∞ (τ = 1e9)", () => {
    fc.assert(
      fc.property(problem, (p) => {
        const hot = attentionReference(specOf(p, { temperature: 1e9 }));
        for (let h = 0; h < p.heads; h++) {
          headRows(hot.weights, h).forEach((row, i) => {
            const seen = visible(p, i);
            const expected = Array.from({ length: p.m }, (_, j) => (seen.includes(j) ? 1 / seen.length : 0));
            expectClose(row, expected, 1e-6);
          });
        }
      }),
      RUNS,
    );
  });

  it("gives each head's output as its weights times its slice of V", () => {
    fc.assert(
      fc.property(problem, (p) => {
        const t = attentionReference(specOf(p));
        const dV = t.dV;
        for (let h = 0; h < p.heads; h++) {
          const w = headRows(t.weights, h);
          const expected = w.flatMap((row) =>
            Array.from({ length: dV }, (_, c) =>
              row.reduce((s, wij, j) => s + wij * ((p.v[j] as number[])[h * dV + c] as number), 0),
            ),
          );
          expectClose(layer(t.headOutputs, h).data, expected, 1e-9);
        }
      }),
      RUNS,
    );
  });
});

describe("softmaxRows properties", () => {
  const row = fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 8 });

  it("softmaxRows(x) is unchanged when a constant is added to a row", () => {
    fc.assert(
      fc.property(row, fc.double({ min: -1000, max: 1000, noNaN: true }), (x, c) => {
        const a = new Float64Array(x.length);
        const b = new Float64Array(x.length);
        softmaxRows(Float64Array.from(x), 1, x.length, a);
        softmaxRows(
          Float64Array.from(x, (xi) => xi + c),
          1,
          x.length,
          b,
        );
        expectClose(b, a, 1e-9);
      }),
      RUNS,
    );
  });

  it("softmaxRows gives weights in [0, 1] that sum to 1 and keep the order of the logits", () => {
    fc.assert(
      fc.property(row, (x) => {
        const w = new Float64Array(x.length);
        softmaxRows(Float64Array.from(x), 1, x.length, w);
        expectClose([w.reduce((s, wi) => s + wi, 0)], [1], 1e-9);
        for (let j = 0; j < x.length; j++) {
          expect(w[j]).toBeGreaterThanOrEqual(0);
          expect(w[j]).toBeLessThanOrEqual(1);
          for (let k = 0; k < x.length; k++) {
            if ((x[j] as number) < (x[k] as number)) expect(w[j]).toBeLessThanOrEqual(w[k] as number);
          }
        }
      }),
      RUNS,
    );
  });
});
