import { describe, expect, it } from "vitest";
import { layer, toRows } from "../core/matrix";
import { attentionReference } from "../core/reference";
import type { AttentionSpec } from "../core/types";
import { softmaxRows } from "../core/softmax";
import { EXAMPLES } from "./examples";
import { translate } from "../i18n/i18n";
import { check, readAnswer, type Answer } from "./exercise";
import { buildSpec } from "./spec";

const X = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];
const spec = (extra: Partial<AttentionSpec> = {}): AttentionSpec => ({
  source: { kind: "qkv", q: X, k: X, v: X },
  score: "scaled-dot",
  ...extra,
});
const rows = (m: ReturnType<typeof layer>) => toRows(m);
const round = (xs: number[][], digits = 2) => xs.map((r) => r.map((x) => Number(x.toFixed(digits))));

describe("readAnswer", () => {
  it("reads numbers, minus signs, a Chinese comma as a decimal point, and −∞", () => {
    expect(readAnswer(" 0.25 ")).toBe(0.25);
    expect(readAnswer("−1.5")).toBe(-1.5);
    expect(readAnswer("0，5")).toBe(0.5);
    expect(readAnswer("-inf")).toBe(-Infinity);
    expect(readAnswer("−∞")).toBe(-Infinity);
    expect(readAnswer("")).toBe("empty");
    expect(readAnswer("abc")).toBe("invalid");
  });

  it("reads what a Chinese input method types, as the Q, K and V grids do: full-width digits, 。 and －", () => {
    expect(readAnswer("0。7071")).toBe(0.7071);
    expect(readAnswer("０．７０７１")).toBe(0.7071);
    expect(readAnswer("－１．５")).toBe(-1.5);
    expect(readAnswer("－ｉｎｆ")).toBe(-Infinity);
    expect(readAnswer("\u30000.25\u3000")).toBe(0.25);
  });
});

describe("check", () => {
  const trace = attentionReference(spec());

  it("marks answers rounded to two decimals right, and a wrong cell wrong", () => {
    const answers: Answer[][] = round(rows(layer(trace.weights, 0)));
    const all = check(answers, trace, "weights", 0);
    expect(all.right).toBe(9);
    expect(all.hints).toEqual([]);
    answers[0]![0] = 0.5;
    const one = check(answers, trace, "weights", 0);
    expect(one.marks[0]![0]).toBe("wrong");
    expect(one.right).toBe(8);
  });

  it("leaves empty and unreadable cells unmarked", () => {
    const c = check([["", "x"].map(readAnswer)], trace, "scores", 0);
    expect(c.marks[0]).toEqual(["empty", "invalid", "empty"]);
    expect(c.right).toBe(0);
    expect(c.total).toBe(9);
  });

  it("names a forgotten 1/√d_k when the weights are the softmax of the raw scores", () => {
    // Small scores, so that scaling changes the weights by more than the tolerance (X's are one-hot both ways).
    const small = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const source = { kind: "qkv", q: small, k: small, v: small } as const;
    const scaled = attentionReference({ source, score: "scaled-dot" });
    const unscaled = attentionReference({ source, score: "dot" });
    const c = check(round(rows(layer(unscaled.weights, 0)), 3), scaled, "weights", 0);
    expect(c.right).toBeLessThan(9);
    expect(c.hints.map((h) => h.key)).toContain("hint.forgotScaling");
  });

  it("names a forgotten 1/√d_k for the scaled scores too", () => {
    const c = check(rows(layer(trace.scores, 0)), trace, "scaled", 0);
    expect(c.hints.map((h) => h.key)).toEqual(["hint.forgotScaling"]);
  });

  it("names a forgotten τ, not a √d_k, where the score is not the scaled dot product", () => {
    // Plain dot product, τ = 2: the scaled scores are the scores halved; answered with the scores themselves.
    const hot = attentionReference(spec({ score: "dot", temperature: 2 }));
    const c = check(rows(layer(hot.scores, 0)), hot, "scaled", 0);
    expect(c.hints).toEqual([{ key: "hint.forgotTemperature", params: { divisor: "2.000" } }]);
    expect(translate("en", "hint.forgotTemperature", { divisor: "2.000" })).not.toContain("√d_k");
    expect(translate("zh-CN", "hint.forgotTemperature", { divisor: "2.000" })).not.toContain("√d_k");
  });

  it("names a row that does not sum to 1", () => {
    const answers: Answer[][] = round(rows(layer(trace.weights, 0)));
    answers[1] = [0.5, 0.5, 0.5];
    const c = check(answers, trace, "weights", 0);
    expect(c.hints).toContainEqual({ key: "hint.rowSum", params: { row: 2, sum: "1.500" } });
  });

  it("names rows and columns swapped", () => {
    const weights = rows(layer(trace.weights, 0));
    const transposed = weights[0]!.map((_, j) => weights.map((r) => r[j]!));
    const c = check(round(transposed, 3), trace, "weights", 0);
    expect(c.hints.map((h) => h.key)).toContain("hint.swapped");
  });

  it("names a forgotten mask, and a masked score typed as 0 instead of −∞", () => {
    const causal = attentionReference(spec({ mask: { kind: "causal" } }));
    const unmasked = rows(layer(trace.weights, 0));
    expect(check(round(unmasked, 3), causal, "weights", 0).hints.map((h) => h.key)).toContain(
      "hint.forgotMask",
    );
    const scaled = rows(layer(causal.scaled, 0)).map((r, i) => r.map((x, j) => (j > i ? 0 : x)));
    expect(check(scaled, causal, "masked", 0).hints.map((h) => h.key)).toContain("hint.maskedCell");
    const right = rows(layer(causal.masked, 0));
    expect(check(right, causal, "masked", 0).right).toBe(9);
  });

  it("gives no hint when the answer is simply wrong", () => {
    const c = check([[9, 9, 9]], trace, "scores", 0);
    expect(c.hints).toEqual([]);
    expect(c.marks[0]).toEqual(["wrong", "wrong", "wrong"]);
  });
});

describe("weights: a relative tolerance tells softmax from a wrong method", () => {
  // five-values: one query 0.5, keys and values 1…5, plain dot product. Scores 0.5, 1, 1.5, 2, 2.5.
  const five = attentionReference({
    source: { kind: "qkv", q: [[0.5]], k: [[1], [2], [3], [4], [5]], v: [[1], [2], [3], [4], [5]] },
    score: "dot",
  });
  const marks = (answers: Answer[][]) => check(answers, five, "weights", 0);

  it("dividing each score by their sum (7.5) gets no cell right, and the hint names it", () => {
    // 0.5/7.5 … 2.5/7.5 to three decimals. Softmax gives 0.0580, 0.0956, 0.1577, 0.2600, 0.4287 (numpy):
    // within ±0.01, 0.067 and 0.267 passed for 0.0580 and 0.2600.
    const c = marks([[0.067, 0.133, 0.2, 0.267, 0.333]]);
    expect(c.marks[0]).toEqual(["wrong", "wrong", "wrong", "wrong", "wrong"]);
    expect(c.right).toBe(0);
    expect(c.hints.map((h) => h.key)).toEqual(["hint.notExp"]);
  });

  it("softmax to three significant digits, or to three decimals, is right in every cell", () => {
    expect(marks([[0.058, 0.0956, 0.158, 0.26, 0.429]]).right).toBe(5);
    expect(marks([[0.058, 0.096, 0.158, 0.26, 0.429]]).right).toBe(5);
  });

  it("two decimals are not enough for a small weight: 0.06 for 0.0580 is 3% off", () => {
    expect(marks([[0.06, 0.1, 0.16, 0.26, 0.43]]).marks[0]).toEqual([
      "wrong",
      "wrong",
      "wrong",
      "right",
      "right",
    ]);
  });

  it("a weight of 1e-37 typed as 0 is right", () => {
    const c = check(
      [
        [0, 0, 1],
        [0, 0, 1],
        [0, 0, 1],
      ],
      attentionReference({ source: { kind: "qkv", q: X, k: X, v: X }, score: "dot" }),
      "weights",
      0,
    );
    expect(c.right).toBe(9);
  });

  it("no ✓ where a wrong-method hint fires: numbers the wrong method gets right by chance are marked so", () => {
    // Query 1 scores 1, 1, 1 against the keys (any method gives 1/3 each); query 2 scores 1, 2, 3:
    // softmax 0.0900, 0.2447, 0.6652 (numpy), divided by the sum 0.167, 0.333, 0.5.
    const t = attentionReference({
      source: {
        kind: "qkv",
        q: [
          [1, 0],
          [0, 1],
        ],
        k: [
          [1, 1],
          [1, 2],
          [1, 3],
        ],
        v: [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
      },
      score: "dot",
    });
    const c = check(
      [
        [0.333, 0.333, 0.333],
        [0.167, 0.333, 0.5],
      ],
      t,
      "weights",
      0,
    );
    expect(c.hints.map((h) => h.key)).toEqual(["hint.notExp"]);
    expect(c.marks).toEqual([
      ["chance", "chance", "chance"],
      ["wrong", "wrong", "wrong"],
    ]);
    expect(c.right).toBe(0);
    // Worked out with softmax, the same first row is right.
    expect(
      check(
        [
          [0.333, 0.333, 0.333],
          [0.09, 0.245, 0.665],
        ],
        t,
        "weights",
        0,
      ).marks[0],
    ).toEqual(["right", "right", "right"]);
  });

  // Every worked example that fits an exercise ("tolerance" in exercise.ts): the wrong methods the hints name,
  // worked to three decimals, get no ✓; the true weights to three significant digits get every ✓.
  const fitting = EXAMPLES.map((e) => [e.id, attentionReference(buildSpec(e.state()).spec!)] as const).filter(
    ([, t]) => t.queries <= 6 && t.keys <= 6 && t.heads === 1 && t.mode === "soft",
  );
  it.each(fitting)("%s: wrong methods get no ✓, three significant digits every ✓", (_, t) => {
    const [n, m] = [t.queries, t.keys];
    const grid = (f: (i: number, j: number) => number) =>
      Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => f(i, j)));
    const at = (data: Float64Array | Float32Array, i: number, j: number) => data[i * m + j]!;
    const masked = (i: number, j: number) => t.mask[i * m + j] === 1;
    const wrongs: number[][][] = [];
    if (t.divisor !== 1) {
      const raw = Float64Array.from(t.scores.data, (x, k) => (t.mask[k] === 1 ? -Infinity : x));
      const soft = new Float64Array(n * m);
      softmaxRows(raw, n, m, soft);
      wrongs.push(grid((i, j) => at(soft, i, j)));
    }
    if (t.scaled.data.every((x) => x > 0)) {
      const sum = (i: number) => grid((r, j) => (r === i && !masked(i, j) ? at(t.scaled.data, i, j) : 0))[i]!;
      wrongs.push(
        grid((i, j) => (masked(i, j) ? 0 : at(t.scaled.data, i, j) / sum(i).reduce((a, b) => a + b))),
      );
    }
    if (n === m) wrongs.push(grid((i, j) => at(t.weights.data, j, i)));
    expect(wrongs.length).toBeGreaterThan(0);
    const truth = round(
      grid((i, j) => at(t.weights.data, i, j)),
      3,
    );
    for (const wrong of wrongs) {
      const typed = round(wrong, 3);
      // A wrong method whose every number rounds to the true one (a one-hot softmax, scaled or not) cannot be
      // told from the right one by its numbers; any other gets no ✓ at all.
      if (JSON.stringify(typed) !== JSON.stringify(truth))
        expect(check(typed, t, "weights", 0).right).toBe(0);
    }
    const sig3 = grid((i, j) => Number(at(t.weights.data, i, j).toPrecision(3)));
    expect(check(sig3, t, "weights", 0).right).toBe(n * m);
  });
});
