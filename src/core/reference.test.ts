import { describe, it, expect } from "vitest";
import { layer } from "./matrix";
import { mayOverflow, overflowError } from "./overflow";
import { maybeProblem } from "./problem";
import { attentionReference } from "./reference";
import { expectClose, expectNoNaNInTrace, headRows, rowsOf } from "./test-helpers";
import type { AttentionSpec, AttentionTrace, MaskSpec, ScoreFunction } from "./types";

// Known answers below are worked out by hand in the comments; the tests never use the code under test
// to produce an expected value.

const qkv = (q: number[][], k: number[][], v: number[][]): AttentionSpec["source"] => ({
  kind: "qkv",
  q,
  k,
  v,
});

/** Naive [r, k]·[k, c] product, written out here so the tests do not lean on matrix.ts. */
function product(a: number[][], b: number[][]): number[][] {
  return a.map((row) => (b[0] ?? []).map((_, j) => row.reduce((s, x, k) => s + x * (b[k]?.[j] ?? NaN), 0)));
}

const flat = (rows: number[][]): number[] => rows.flat();

function expectRowsSumToOne(t: AttentionTrace): void {
  for (let h = 0; h < t.heads; h++) {
    headRows(t.weights, h).forEach((row, i) => {
      const sum = row.reduce((a, b) => a + b, 0);
      expectClose([sum], [t.emptyRows.includes(i) ? 0 : 1], 1e-12);
    });
  }
}

describe("attentionReference: the textbook five-value example", () => {
  // q = 0.5, keys = values = 1…5, score "dot": s_j = 0.5·j = 0.5, 1, 1.5, 2, 2.5.
  // exp(s_j) = 1.64872, 2.71828, 4.48169, 7.38906, 12.18249; sum = 28.42024.
  // weights = 0.05801, 0.09565, 0.15769, 0.25999, 0.42866 → 0.0580, 0.0956, 0.1577, 0.2600, 0.4287.
  // output = Σ w_j·j = 0.05801 + 0.19129 + 0.47308 + 1.03997 + 2.14328 = 3.90563 → 3.9056.
  const five = [[1], [2], [3], [4], [5]];
  const t = attentionReference({ source: qkv([[0.5]], five, five), score: "dot" });

  it("gives the weights 0.0580, 0.0956, 0.1577, 0.2600, 0.4287 (4 d.p.)", () => {
    expectClose(t.weights.data, [0.058, 0.0956, 0.1577, 0.26, 0.4287], 5e-5);
  });

  it("gives the output 3.9056 (4 d.p.)", () => {
    expectClose(t.output.data, [3.9056], 5e-5);
  });

  it("has weights that sum to 1", () => {
    expectRowsSumToOne(t);
  });

  it("reports one head, 1 query, 5 keys, d_k = d_v = 1 and the float64 reference backend", () => {
    expect([t.heads, t.queries, t.keys, t.dK, t.dV]).toEqual([1, 1, 5, 1, 1]);
    expect(t.backend).toBe("reference");
    expect(t.precision).toBe("float64");
  });
});

describe("attentionReference: score functions on a 2×2 example", () => {
  // Q = [[1, 2], [0, 1]], K = [[1, 0], [1, 1]], V = I. Rows are queries, columns are keys.
  const Q = [
    [1, 2],
    [0, 1],
  ];
  const K = [
    [1, 0],
    [1, 1],
  ];
  const V = [
    [1, 0],
    [0, 1],
  ];
  const run = (score: ScoreFunction, extra: Partial<AttentionSpec> = {}) =>
    attentionReference({ source: qkv(Q, K, V), score, ...extra });

  it("dot: s_ij = q_i·k_j = [[1, 3], [0, 1]], and the weights are the row softmax", () => {
    // q1·k1 = 1, q1·k2 = 1 + 2 = 3; q2·k1 = 0, q2·k2 = 1.
    const t = run("dot");
    expectClose(t.scores.data, [1, 3, 0, 1]);
    expect(t.divisor).toBe(1);
    // softmax([1, 3]) = [1/(1+e²), e²/(1+e²)]; softmax([0, 1]) = [1/(1+e), e/(1+e)].
    const a = 1 / (1 + Math.E ** 2);
    const b = 1 / (1 + Math.E);
    expectClose(t.weights.data, [a, 1 - a, b, 1 - b], 1e-12);
    // V = I, so the output is the weights.
    expectClose(t.output.data, [a, 1 - a, b, 1 - b], 1e-12);
  });

  it("scaled-dot: raw scores as dot, divided by √d_k = √2", () => {
    const t = run("scaled-dot");
    expectClose(t.scores.data, [1, 3, 0, 1]);
    expectClose([t.divisor], [Math.SQRT2]);
    const r = Math.SQRT1_2;
    expectClose(t.scaled.data, [r, 3 * r, 0, r]);
    // softmax([r, 3r]) = [1/(1+e^(2r)), …]; softmax([0, r]) = [1/(1+e^r), …].
    const a = 1 / (1 + Math.exp(2 * r));
    const b = 1 / (1 + Math.exp(r));
    expectClose(t.weights.data, [a, 1 - a, b, 1 - b], 1e-12);
  });

  it("scaled-dot is the default score function", () => {
    const t = attentionReference({ source: qkv(Q, K, V) });
    expect(t.score).toBe("scaled-dot");
    expectClose([t.divisor], [Math.SQRT2]);
  });

  it("general: s_ij = q_i·W·k_jᵀ with W = [[1, 1], [0, 2]] gives [[1, 6], [0, 2]]", () => {
    // q1·W = [1·1 + 2·0, 1·1 + 2·2] = [1, 5]; q2·W = [0, 2].
    // [1, 5]·[1, 0] = 1, [1, 5]·[1, 1] = 6; [0, 2]·[1, 0] = 0, [0, 2]·[1, 1] = 2.
    const W = [
      [1, 1],
      [0, 2],
    ];
    const t = run("general", { scoreParams: { general: [W] } });
    expectClose(t.scores.data, [1, 6, 0, 2]);
    expect(t.divisor).toBe(1);
  });

  it("additive: s_ij = vᵀ·tanh(q_i·W_q + k_j·W_k)", () => {
    // W_q = I, W_k = [[0, 1], [1, 0]] (swaps the two entries), v = [1, −1].
    // q1·W_q = [1, 2], q2·W_q = [0, 1]; k1·W_k = [0, 1], k2·W_k = [1, 1].
    // s11 = tanh(1) − tanh(3); s12 = tanh(2) − tanh(3); s21 = tanh(0) − tanh(2); s22 = tanh(1) − tanh(2).
    const t = run("additive", {
      scoreParams: {
        additive: [
          {
            wq: [
              [1, 0],
              [0, 1],
            ],
            wk: [
              [0, 1],
              [1, 0],
            ],
            v: [1, -1],
          },
        ],
      },
    });
    const th = Math.tanh;
    expectClose(t.scores.data, [th(1) - th(3), th(2) - th(3), -th(2), th(1) - th(2)], 1e-12);
  });

  it("additive: a d_a = 1 case, s_ij = 2·tanh(a_i + b_j)", () => {
    // W_q = [[1], [0]] picks q's first entry: a = [1, 0]; W_k = [[0], [1]] picks k's second: b = [0, 1].
    const t = run("additive", { scoreParams: { additive: [{ wq: [[1], [0]], wk: [[0], [1]], v: [2] }] } });
    expectClose(t.scores.data, [2 * Math.tanh(1), 2 * Math.tanh(2), 0, 2 * Math.tanh(1)], 1e-12);
  });

  it("cosine: s_ij = q_i·k_j / (|q_i|·|k_j|)", () => {
    // |q1| = √5, |q2| = 1; |k1| = 1, |k2| = √2.
    // s11 = 1/√5, s12 = 3/√10, s21 = 0/1 = 0, s22 = 1/√2.
    const t = run("cosine");
    expectClose(t.scores.data, [1 / Math.sqrt(5), 3 / Math.sqrt(10), 0, Math.SQRT1_2], 1e-12);
    expect(t.divisor).toBe(1);
  });

  it("cosine: a zero vector has score 0 with everything, not NaN", () => {
    // Q = [[0, 0], [3, 4]], K = [[1, 0], [0, 0]]: s = [[0, 0], [3/5, 0]].
    const t = attentionReference({
      source: qkv(
        [
          [0, 0],
          [3, 4],
        ],
        [
          [1, 0],
          [0, 0],
        ],
        [[1], [2]],
      ),
      score: "cosine",
    });
    expectClose(t.scores.data, [0, 0, 0.6, 0], 1e-12);
    expectNoNaNInTrace(t);
    // Row 1: equal scores → weights 1/2 each → output (1 + 2)/2 = 1.5.
    expectClose(t.output.data.subarray(0, 1), [1.5], 1e-12);
  });
});

describe("attentionReference: temperature", () => {
  const Q = [
    [1, 2],
    [0, 1],
  ];
  const K = [
    [1, 0],
    [1, 1],
  ];
  const V = [[1], [2]];

  it("divides dot scores by τ: divisor = τ and scaled = scores / τ", () => {
    // scores [[1, 3], [0, 1]], τ = 2 → scaled [[0.5, 1.5], [0, 0.5]].
    const t = attentionReference({ source: qkv(Q, K, V), score: "dot", temperature: 2 });
    expect(t.temperature).toBe(2);
    expect(t.divisor).toBe(2);
    expectClose(t.scaled.data, [0.5, 1.5, 0, 0.5]);
    // softmax([0.5, 1.5]) = [1/(1+e), e/(1+e)].
    const a = 1 / (1 + Math.E);
    expectClose(headRows(t.weights)[0] ?? [], [a, 1 - a], 1e-12);
  });

  it("divides scaled-dot scores by √d_k·τ", () => {
    // d_k = 2, τ = 0.5: divisor = √2·0.5 = 1/√2; scaled = scores·√2 = [[√2, 3√2], [0, √2]].
    const t = attentionReference({ source: qkv(Q, K, V), score: "scaled-dot", temperature: 0.5 });
    expectClose([t.divisor], [Math.SQRT2 * 0.5]);
    const s = Math.SQRT2;
    expectClose(t.scaled.data, [s, 3 * s, 0, s]);
  });

  it("divides general, additive and cosine scores by τ alone", () => {
    const t = attentionReference({ source: qkv(Q, K, V), score: "cosine", temperature: 4 });
    expect(t.divisor).toBe(4);
    expectClose(t.scaled.data, [1 / Math.sqrt(5) / 4, 3 / Math.sqrt(10) / 4, 0, Math.SQRT1_2 / 4], 1e-12);
  });

  it("leaves raw scores alone: trace.scores does not depend on τ", () => {
    const t1 = attentionReference({ source: qkv(Q, K, V), score: "dot", temperature: 1 });
    const t3 = attentionReference({ source: qkv(Q, K, V), score: "dot", temperature: 3 });
    expectClose(t3.scores.data, t1.scores.data, 0);
  });
});

describe("attentionReference: masks", () => {
  // With all-zero Q every visible score is 0, so each row's weights are uniform over its visible keys.
  const zeros = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(0));
  const values = (m: number) => Array.from({ length: m }, (_, j) => [j + 1]);
  const run = (n: number, m: number, mask: MaskSpec, extra: Partial<AttentionSpec> = {}) =>
    attentionReference({ source: qkv(zeros(n, 2), zeros(m, 2), values(m)), score: "dot", mask, ...extra });

  /** Masked weights exactly 0, masked scores −∞ in trace.masked, visible scores unchanged. */
  function expectMaskApplied(t: AttentionTrace, expected: number[][]): void {
    expect(Array.from(t.mask)).toEqual(flat(expected));
    for (let h = 0; h < t.heads; h++) {
      const w = layer(t.weights, h).data;
      const ms = layer(t.masked, h).data;
      const sc = layer(t.scaled, h).data;
      flat(expected).forEach((hidden, idx) => {
        if (hidden === 1) {
          expect(w[idx], `weight ${idx}`).toBe(0);
          expect(ms[idx], `masked score ${idx}`).toBe(-Infinity);
        } else {
          expect(ms[idx], `masked score ${idx}`).toBe(sc[idx]);
        }
      });
    }
    expectNoNaNInTrace(t);
    expectRowsSumToOne(t);
  }

  it("none: nothing is masked and no row is empty", () => {
    const t = run(2, 3, { kind: "none" });
    expect(Array.from(t.mask)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(t.emptyRows).toEqual([]);
  });

  it("causal: key j is masked for query i when j > i (self-attention)", () => {
    const t = run(3, 3, { kind: "causal" });
    expectMaskApplied(t, [
      [0, 1, 1],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    // Uniform over visible keys: row 1 → [1, 0, 0], row 2 → [1/2, 1/2, 0], row 3 → [1/3, 1/3, 1/3].
    expectClose(t.weights.data, [1, 0, 0, 0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3], 1e-12);
    // Outputs: 1, (1 + 2)/2 = 1.5, (1 + 2 + 3)/3 = 2.
    expectClose(t.output.data, [1, 1.5, 2], 1e-12);
  });

  it("causal: cross-attention with fewer queries than keys (n = 2, m = 4)", () => {
    const t = run(2, 4, { kind: "causal" });
    expectMaskApplied(t, [
      [0, 1, 1, 1],
      [0, 0, 1, 1],
    ]);
  });

  it("causal: cross-attention with more queries than keys (n = 4, m = 2)", () => {
    const t = run(4, 2, { kind: "causal" });
    expectMaskApplied(t, [
      [0, 1],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(t.emptyRows).toEqual([]);
  });

  it("padding: keys j ≥ validLength are masked for every query", () => {
    const t = run(2, 4, { kind: "padding", validLength: 3 });
    expectMaskApplied(t, [
      [0, 0, 0, 1],
      [0, 0, 0, 1],
    ]);
    // Uniform over keys 1–3: output (1 + 2 + 3)/3 = 2.
    expectClose(t.output.data, [2, 2], 1e-12);
  });

  it("padding: validLength = m masks nothing", () => {
    const t = run(2, 3, { kind: "padding", validLength: 3 });
    expect(Array.from(t.mask)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("custom: a boolean matrix hides key j from query i where it is true", () => {
    const t = run(2, 3, {
      kind: "custom",
      masked: [
        [false, true, false],
        [true, false, false],
      ],
    });
    expectMaskApplied(t, [
      [0, 1, 0],
      [1, 0, 0],
    ]);
    // Row 1 sees keys 1 and 3: (1 + 3)/2 = 2. Row 2 sees keys 2 and 3: (2 + 3)/2 = 2.5.
    expectClose(t.output.data, [2, 2.5], 1e-12);
  });

  it("custom: a 0/1 matrix means the same as a boolean one", () => {
    const bools = run(2, 3, {
      kind: "custom",
      masked: [
        [false, true, false],
        [true, false, false],
      ],
    });
    const bits = run(2, 3, {
      kind: "custom",
      masked: [
        [0, 1, 0],
        [1, 0, 0],
      ],
    });
    expect(Array.from(bits.mask)).toEqual(Array.from(bools.mask));
    expectClose(bits.weights.data, bools.weights.data, 0);
  });

  it("masks keys with large scores too: the softmax never sees them", () => {
    // q = [1], k = [[100], [1]]: key 1 would win, but it is masked, so key 2 gets everything.
    const t = attentionReference({
      source: qkv([[1]], [[100], [1]], [[10], [20]]),
      score: "dot",
      mask: { kind: "custom", masked: [[1, 0]] },
    });
    expectClose(t.weights.data, [0, 1]);
    expectClose(t.output.data, [20]);
  });

  it("a fully masked row gets all-zero weights, zero output, and is listed in trace.emptyRows", () => {
    const t = run(
      3,
      2,
      {
        kind: "custom",
        masked: [
          [0, 1],
          [1, 1],
          [true, true],
        ],
      },
      {
        heads: 2,
        source: qkv(zeros(3, 2), zeros(2, 2), [
          [1, 2],
          [3, 4],
        ]),
      },
    );
    expect(t.emptyRows).toEqual([1, 2]);
    for (let h = 0; h < 2; h++) {
      const w = headRows(t.weights, h);
      expectClose(w[1] ?? [], [0, 0], 0);
      expectClose(w[2] ?? [], [0, 0], 0);
      expectClose(headRows(t.headOutputs, h)[1] ?? [], [0], 0);
      expectClose(headRows(t.masked, h)[1] ?? [], [-Infinity, -Infinity], 0);
    }
    const out = rowsOf(t.output);
    expectClose(out[1] ?? [], [0, 0], 0);
    expectClose(out[2] ?? [], [0, 0], 0);
    // Row 1 sees only key 1: output = V row 1 = [1, 2].
    expectClose(out[0] ?? [], [1, 2]);
    expectNoNaNInTrace(t);
  });

  it("a fully masked row stays zero after W_O, and padding validLength 0 empties every row", () => {
    const t = run(2, 3, { kind: "padding", validLength: 0 }, { wo: [[5, -7]] });
    expect(t.emptyRows).toEqual([0, 1]);
    expectClose(t.weights.data, [0, 0, 0, 0, 0, 0], 0);
    expectClose(t.output.data, [0, 0, 0, 0], 0);
    expectNoNaNInTrace(t);
  });
});

describe("attentionReference: hard mode", () => {
  it("is one-hot at the argmax of each row", () => {
    // q = [1], keys [1, 3, 2]: scores [1, 3, 2]; q = [-1]: scores [-1, -3, -2] → argmax key 1.
    const t = attentionReference({
      source: qkv([[1], [-1]], [[1], [3], [2]], [[10], [20], [30]]),
      score: "dot",
      mode: "hard",
    });
    expect(t.mode).toBe("hard");
    expect(Array.from(t.weights.data)).toEqual([0, 1, 0, 1, 0, 0]);
    expectClose(t.output.data, [20, 10]);
  });

  it("breaks ties by taking the first maximum", () => {
    // scores [1, 3, 3, 2] → key 2 (index 1), the first of the tied 3s.
    const t = attentionReference({
      source: qkv([[1]], [[1], [3], [3], [2]], [[10], [20], [30], [40]]),
      score: "dot",
      mode: "hard",
    });
    expect(Array.from(t.weights.data)).toEqual([0, 1, 0, 0]);
    expectClose(t.output.data, [20]);
  });

  it("respects the mask, and gives an empty row zeros", () => {
    // Causal, scores all 1 for query 1 (q = [1], k = [1, 1]) → key 1; padding 0 would empty all rows.
    const causal = attentionReference({
      source: qkv([[1], [1]], [[1], [5]], [[10], [20]]),
      score: "dot",
      mode: "hard",
      mask: { kind: "causal" },
    });
    expect(Array.from(causal.weights.data)).toEqual([1, 0, 0, 1]);
    const empty = attentionReference({
      source: qkv([[1]], [[1], [5]], [[10], [20]]),
      mode: "hard",
      mask: { kind: "padding", validLength: 0 },
    });
    expectClose(empty.weights.data, [0, 0], 0);
    expectClose(empty.output.data, [0], 0);
  });
});

describe("attentionReference: multi-head", () => {
  // Q [2, 4], K [3, 4], V [3, 4] with 2 heads: d_k = d_v = 2.
  const Q = [
    [1, 0, 0.5, -1],
    [0, 2, 1, 1],
  ];
  const K = [
    [1, 1, 0, 1],
    [-1, 0, 2, 0],
    [0.5, -0.5, 1, 1],
  ];
  const V = [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
    [-1, 0, 1, -2],
  ];
  const cols = (m: number[][], start: number, count: number) => m.map((r) => r.slice(start, start + count));
  const spec = (extra: Partial<AttentionSpec> = {}): AttentionSpec => ({
    source: qkv(Q, K, V),
    heads: 2,
    ...extra,
  });
  const t = attentionReference(spec());
  const single = [0, 1].map((h) =>
    attentionReference({ source: qkv(cols(Q, 2 * h, 2), cols(K, 2 * h, 2), cols(V, 2 * h, 2)) }),
  );

  it("reports d_k = d_v = width / heads and divides scaled-dot by √(d_k per head)", () => {
    expect([t.heads, t.dK, t.dV]).toEqual([2, 2, 2]);
    expectClose([t.divisor], [Math.SQRT2]);
  });

  it("head h uses columns h·d_h … (h+1)·d_h − 1: it matches a 1-head run on those columns", () => {
    for (const h of [0, 1]) {
      const one = single[h] as AttentionTrace;
      expectClose(layer(t.scores, h).data, one.scores.data, 1e-12);
      expectClose(layer(t.weights, h).data, one.weights.data, 1e-12);
      expectClose(layer(t.headOutputs, h).data, one.output.data, 1e-12);
    }
  });

  it("head 1's raw scores are the hand-computed products of the first two columns", () => {
    // q1[0:2] = [1, 0]: with k[0:2] = [1, 1], [−1, 0], [0.5, −0.5] → 1, −1, 0.5.
    // q2[0:2] = [0, 2]: → 2, 0, −1.
    expectClose(layer(t.scores, 0).data, [1, -1, 0.5, 2, 0, -1], 1e-12);
    // Head 2: q1[2:4] = [0.5, −1] with k[2:4] = [0, 1], [2, 0], [1, 1] → −1, 1, −0.5.
    // q2[2:4] = [1, 1] → 1, 2, 2.
    expectClose(layer(t.scores, 1).data, [-1, 1, -0.5, 1, 2, 2], 1e-12);
  });

  it("concatenates the heads in order: concat row i = [head 1 row i, head 2 row i]", () => {
    const h0 = rowsOf((single[0] as AttentionTrace).output);
    const h1 = rowsOf((single[1] as AttentionTrace).output);
    const expected = h0.map((row, i) => [...row, ...(h1[i] ?? [])]);
    expectClose(t.concat.data, flat(expected), 1e-12);
    // Without W_O the output is the concatenation.
    expectClose(t.output.data, t.concat.data, 0);
  });

  it("applies W_O: output = concat·W_O", () => {
    const wo = [
      [1, 0, 2],
      [0, 1, -1],
      [0.5, 0.5, 0],
      [-1, 2, 1],
    ];
    const withWo = attentionReference(spec({ wo }));
    expect([withWo.output.rows, withWo.output.cols]).toEqual([2, 3]);
    expectClose(withWo.output.data, flat(product(rowsOf(withWo.concat), wo)), 1e-12);
    expectClose(withWo.concat.data, t.concat.data, 0);
  });

  it("uses each head's own general W", () => {
    // Head 1 W = I (scores as dot); head 2 W = 2·I (scores doubled).
    const g = attentionReference(
      spec({
        score: "general",
        scoreParams: {
          general: [
            [
              [1, 0],
              [0, 1],
            ],
            [
              [2, 0],
              [0, 2],
            ],
          ],
        },
      }),
    );
    expectClose(layer(g.scores, 0).data, [1, -1, 0.5, 2, 0, -1], 1e-12);
    expectClose(layer(g.scores, 1).data, [-2, 2, -1, 2, 4, 4], 1e-12);
  });
});

describe("attentionReference: tokens source", () => {
  const I3 = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const tokens = (
    list: string[],
    extra: Partial<Extract<AttentionSpec["source"], { kind: "tokens" }>> = {},
  ) =>
    attentionReference({
      source: {
        kind: "tokens",
        tokens: list,
        dModel: 3,
        seed: 7,
        positional: "none",
        wq: I3,
        wk: I3,
        wv: I3,
        ...extra,
      },
    });

  it("gives the same token the same embedding row wherever it stands (no positional encoding)", () => {
    const t = tokens(["a", "b", "a"]);
    const x = rowsOf(t.x ?? { rows: 0, cols: 0, data: new Float64Array() });
    expectClose(x[2] ?? [], x[0] ?? [], 0);
    expect(x[1]).not.toEqual(x[0]);
    // …and in another sentence too.
    const other = rowsOf(tokens(["c", "a"]).x ?? { rows: 0, cols: 0, data: new Float64Array() });
    expectClose(other[1] ?? [], x[0] ?? [], 0);
    expect(t.positional).toBeUndefined();
    // W_Q = I: Q is X.
    expectClose(t.q.data, t.x?.data ?? [], 0);
  });

  it("gives the same token a different embedding under a different seed", () => {
    const a7 = tokens(["a"]).x?.data ?? [];
    const a8 = tokens(["a"], { seed: 8 }).x?.data ?? [];
    expect(Array.from(a8)).not.toEqual(Array.from(a7));
  });

  it("is deterministic: the same tokens and seed give the same numbers, computed afresh", () => {
    const first = tokens(["x", "y"]);
    // Nine other sequences push ["x", "y"] out of problem.ts's cache of the last 8 embeddings, so the second
    // trace computes its embeddings again instead of being handed the same arrays.
    for (let i = 0; i < 9; i++) tokens([`filler ${i}`]);
    const second = tokens(["x", "y"]);
    expect(second.x).not.toBe(first.x);
    // Pinned by an independent path (scripts/pin-random.py): d_model 3, seed 7; W = I, so Q = K = V = X.
    const x = [0.831165852921227, -0.6637797495206035, -0.16072791247857357];
    const y = [-0.32990818298838887, 0.03754483843868742, 0.6287921389396246];
    for (const t of [first, second]) {
      expectClose(t.x!.data, [...x, ...y], 1e-15);
      expectClose(t.v.data, [...x, ...y], 1e-15);
    }
    expectClose(second.output.data, first.output.data, 0);
  });

  it("adds sinusoidal PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(same)", () => {
    const d = 4;
    const I4 = [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ];
    const spec = (positional: "none" | "sinusoidal") =>
      attentionReference({
        source: {
          kind: "tokens",
          tokens: ["the", "cat", "sat"],
          dModel: d,
          seed: 1,
          positional,
          wq: I4,
          wk: I4,
          wv: I4,
        },
      });
    const withPE = spec("sinusoidal");
    const pe = withPE.positional;
    expect(pe).toBeDefined();
    // pos 0: sin 0 = 0, cos 0 = 1.
    // pos 1: sin 1 = 0.841471, cos 1 = 0.540302; 10000^(2/4) = 100: sin 0.01 = 0.00999983, cos 0.01 = 0.99995.
    // pos 2: sin 2 = 0.909297, cos 2 = −0.416147; sin 0.02 = 0.0199987, cos 0.02 = 0.99980.
    expectClose(
      pe?.data ?? [],
      [0, 1, 0, 1, 0.841471, 0.540302, 0.00999983, 0.99995, 0.909297, -0.416147, 0.0199987, 0.9998],
      1e-6,
    );
    // trace.x = embedding + PE, where the embedding is what the run without PE reports.
    const plain = spec("none").x?.data ?? new Float64Array();
    const sum = Array.from(plain, (e, i) => e + (pe?.data[i] ?? NaN));
    expectClose(withPE.x?.data ?? [], sum, 1e-12);
  });

  it("with an odd d_model, the last PE column is a sine: PE(1, 2) = sin(1/10000^(2/3)) = 0.0021544", () => {
    const t = tokens(["a", "b"], { positional: "sinusoidal" });
    // pos 1: sin 1, cos 1, sin(1/464.1589) = 0.00215443.
    expectClose(t.positional?.data.subarray(3) ?? [], [0.841471, 0.540302, 0.00215443], 1e-6);
  });

  it("cross-attention: keyTokens of a different length give weights of shape [n, m]", () => {
    const t = tokens(["a", "b"], { keyTokens: ["w", "x", "y", "z"], positional: "sinusoidal" });
    expect([t.queries, t.keys]).toEqual([2, 4]);
    expect([t.weights.depth, t.weights.rows, t.weights.cols]).toEqual([1, 2, 4]);
    expect([t.xKV?.rows, t.xKV?.cols]).toEqual([4, 3]);
    expect([t.positionalKV?.rows, t.positionalKV?.cols]).toEqual([4, 3]);
    // Keys and values come from the key tokens: with W = I they are X_kv.
    expectClose(t.k.data, t.xKV?.data ?? [], 0);
    expectClose(t.v.data, t.xKV?.data ?? [], 0);
    expect([t.output.rows, t.output.cols]).toEqual([2, 3]);
    expectRowsSumToOne(t);
  });

  it("cross-attention: a token shared by both sequences has the same embedding in each (no PE)", () => {
    const t = tokens(["a", "b"], { keyTokens: ["c", "a", "d"] });
    expectClose(rowsOf(t.xKV ?? t.q)[1] ?? [], rowsOf(t.x ?? t.q)[0] ?? [], 0);
  });

  it("works with Chinese tokens", () => {
    const t = tokens(["我", "爱", "你", "我"], { positional: "none" });
    const x = rowsOf(t.x ?? t.q);
    expectClose(x[3] ?? [], x[0] ?? [], 0);
    expect(x[1]).not.toEqual(x[0]);
    expect(x[2]).not.toEqual(x[1]);
    expectNoNaNInTrace(t);
    expectRowsSumToOne(t);
  });
});

describe("attentionReference: embeddings source", () => {
  const X = [
    [1, 2],
    [3, 4],
  ];
  const wq = [
    [1, 0, 1],
    [0, 1, 1],
  ];
  const wk = [
    [2, 0, 0],
    [0, 0, 1],
  ];
  const wv = [
    [1, 1, 1],
    [1, 1, 1],
  ];

  it("projects Q = X·W_Q, K = X·W_K, V = X·W_V", () => {
    // X·W_Q: [1, 2] → [1, 2, 3]; [3, 4] → [3, 4, 7].
    // X·W_K: [1, 2] → [2, 0, 2]; [3, 4] → [6, 0, 4].
    // X·W_V: [1, 2] → [3, 3, 3]; [3, 4] → [7, 7, 7].
    const t = attentionReference({ source: { kind: "embeddings", x: X, wq, wk, wv } });
    expect([t.q.rows, t.q.cols]).toEqual([2, 3]);
    expectClose(t.q.data, [1, 2, 3, 3, 4, 7]);
    expectClose(t.k.data, [2, 0, 2, 6, 0, 4]);
    expectClose(t.v.data, [3, 3, 3, 7, 7, 7]);
    expectClose(t.x?.data ?? [], [1, 2, 3, 4]);
    expect(t.positional).toBeUndefined();
  });

  it("cross-attention: K and V come from X_kv", () => {
    // X_kv = [[1, 0], [0, 1], [1, 1]]: K rows [2, 0, 0], [0, 0, 1], [2, 0, 1]; V rows [1, 1, 1], [1, 1, 1], [2, 2, 2].
    const xKV = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const t = attentionReference({ source: { kind: "embeddings", x: X, xKV, wq, wk, wv }, score: "dot" });
    expectClose(t.k.data, [2, 0, 0, 0, 0, 1, 2, 0, 1]);
    expectClose(t.v.data, [1, 1, 1, 1, 1, 1, 2, 2, 2]);
    // Query 1 = [1, 2, 3]: scores 2, 3, 5.
    expectClose(headRows(t.scores)[0] ?? [], [2, 3, 5]);
    expect([t.weights.rows, t.weights.cols]).toEqual([2, 3]);
  });

  it("accepts Matrix objects (row-major typed arrays) as well as nested arrays", () => {
    const t = attentionReference({
      source: {
        kind: "embeddings",
        x: { rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) },
        wq: { rows: 2, cols: 3, data: Float32Array.from([1, 0, 1, 0, 1, 1]) },
        wk,
        wv,
      },
    });
    expectClose(t.q.data, [1, 2, 3, 3, 4, 7]);
  });
});

describe("attentionReference: extreme inputs", () => {
  it("the smallest allowed τ (1e-6) approaches hard attention: finite one-hot weights, no NaN", () => {
    const t = attentionReference({
      source: qkv([[1]], [[1], [0]], [[1], [2]]),
      score: "dot",
      temperature: 1e-6,
    });
    expectClose(t.weights.data, [1, 0]);
    expectClose(t.output.data, [1]);
  });

  it("refuses τ below the limit (1e-310) with a temperature error instead of NaN weights", () => {
    const r = maybeProblem({ source: qkv([[1]], [[1], [0]], [[1], [2]]), temperature: 1e-310 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("temperature");
  });

  it("refuses entries past ±1e6 (they overflow float32 products) and names the cell", () => {
    const r = maybeProblem({ source: qkv([[1e200]], [[1e200], [1]], [[1], [2]]), score: "dot" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "too-large", matrix: "Q", row: 0, col: 0 });
  });

  it("logits of ±1e12 (entries of 1e6) give finite weights that sum to 1", () => {
    const t = attentionReference({ source: qkv([[1e6]], [[1e6], [-1e6]], [[1], [2]]), score: "dot" });
    expectNoNaNInTrace(t);
    expectClose(t.weights.data, [1, 0]);
  });

  it("reports float64 overflow of the scaled scores as a located error, never NaN weights", () => {
    // 1e6 · 1e6 · 2 = 2e12 per score; divided by τ = 1e-6 it is 2e18: still finite in float64.
    const t = attentionReference({
      source: qkv([[1e6, 1e6]], [[1e6, 1e6]], [[1]]),
      score: "dot",
      temperature: 1e-6,
    });
    expectNoNaNInTrace(t);
  });

  it("cosine scores stay in [−1, 1] for the largest entries: parallel vectors score 1", () => {
    const t = attentionReference({
      source: qkv(
        [[1e6, 0]],
        [
          [1e6, 0],
          [1, 1],
        ],
        [[1], [2]],
      ),
      score: "cosine",
    });
    expectClose(t.scores.data, [1, Math.SQRT1_2], 1e-12);
    expectNoNaNInTrace(t);
  });

  it("cosine scores of tiny parallel vectors (1e-200) are ±1, not 0", () => {
    const t = attentionReference({
      source: qkv([[1e-200]], [[1e-200], [-1e-200]], [[1], [2]]),
      score: "cosine",
    });
    expectClose(t.scores.data, [1, -1], 1e-12);
  });
});

describe("mayOverflow: a cheap bound decides when the scores must be scanned", () => {
  const problem = (spec: Parameters<typeof maybeProblem>[0]) => {
    const r = maybeProblem(spec);
    if (!r.ok) throw r.error;
    return r.value;
  };

  it("ordinary inputs cannot overflow; projections of entries of 1e6 with τ = 1e-6 might", () => {
    const small = problem({ source: qkv([[1, 2]], [[3, 4]], [[1]]) });
    const t = attentionReference({ source: qkv([[1, 2]], [[3, 4]], [[1]]) });
    expect(mayOverflow(small, t.q, t.k)).toBe(false);
    // Entries of 1e6 projected by W of 1e6 over d_model 2048 give Q entries of 2e15: scores up to 8e33,
    // and 8e39 once divided by τ = 1e-6, past float32's 3.4e38.
    const risky = problem({ source: qkv([[1]], [[1]], [[1]]), score: "dot", temperature: 1e-6 });
    const projected = { rows: 1, cols: 2048, data: new Float64Array(2048).fill(2e15) };
    expect(mayOverflow(risky, projected, projected)).toBe(true);
  });

  it("cosine and additive scores are bounded, never scanned", () => {
    const cos = problem({ source: qkv([[1e6]], [[1e6]], [[1]]), score: "cosine", temperature: 1e-6 });
    expect(mayOverflow(cos, cos.given!.q, cos.given!.k)).toBe(false);
  });
});

describe("overflowError: any scaled score that is not finite is a located error", () => {
  const stack = (data: Float32Array) => ({ depth: 2, rows: 2, cols: 3, data });

  it.each([-Infinity, Infinity, NaN])("%s at head 2, query 1, key 3 is named there", (value) => {
    const data = new Float32Array(12).fill(1);
    data[6 + 2] = value;
    const error = overflowError(stack(data));
    expect(error).toMatchObject({ code: "too-large", matrix: "scores", row: 0, col: 2 });
    expect(error?.message).toBe(
      `head 2, query 1, key 3: the scaled score is ${value} (float32 overflow): expected a finite number; make the inputs smaller or the temperature larger`,
    );
  });

  it("finite scores, however large, pass", () => {
    expect(overflowError(stack(new Float32Array(12).fill(-3.4e38)))).toBeUndefined();
  });
});
