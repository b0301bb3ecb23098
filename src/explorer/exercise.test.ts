import { describe, expect, it } from "vitest";
import { layer, toRows } from "../core/matrix";
import { attentionReference } from "../core/reference";
import type { AttentionSpec } from "../core/types";
import { check, readAnswer, type Answer } from "./exercise";

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
