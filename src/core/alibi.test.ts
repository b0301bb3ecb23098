import { describe, expect, it } from "vitest";
import { alibiSlopes } from "./alibi";
import { maybeProblem } from "./problem";
import { attentionReference } from "./reference";
import { expectClose, headRows } from "./test-helpers";

describe("ALiBi", () => {
  it("gives head h = 1…H the slope 2^(−8h/H): H = 8 gives 1/2, 1/4, … 1/256", () => {
    expectClose(alibiSlopes(8), [1 / 2, 1 / 4, 1 / 8, 1 / 16, 1 / 32, 1 / 64, 1 / 128, 1 / 256], 0);
    expectClose(alibiSlopes(2), [1 / 16, 1 / 256], 0);
  });

  // Zero queries give zero scores, so the weights come from the bias alone. numpy:
  //   m = [2**-4, 2**-8]; B = -m[h] * abs(i - j); W = exp(B) / exp(B).sum(1); W[0], (W @ [1, 2, 3])[0]
  const zero = [
    [0, 0],
    [0, 0],
    [0, 0],
  ];
  const t = attentionReference({
    source: {
      kind: "qkv",
      q: zero,
      k: zero,
      v: [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
    },
    heads: 2,
    alibi: true,
    score: "dot",
  });

  it("adds −m_h·|i − j| to the scaled scores before the mask: head 1, query 1 is [0, −1/16, −2/16]", () => {
    expectClose(t.alibiSlopes!, [1 / 16, 1 / 256], 0);
    expectClose(headRows(t.scaled, 0)[0]!, [0, 0, 0], 0); // the scaled scores stay as they were
    expectClose(headRows(t.biased!, 0)[0]!, [0, -1 / 16, -2 / 16], 1e-15);
    expectClose(headRows(t.biased!, 1)[2]!, [-2 / 256, -1 / 256, 0], 1e-15);
    expectClose(headRows(t.masked, 0)[0]!, [0, -1 / 16, -2 / 16], 1e-15);
  });

  it("makes nearer keys weigh more: weights 0.35437, 0.33290, 0.31273 and output 1.95836 for head 1", () => {
    expectClose(headRows(t.weights, 0)[0]!, [0.3543699169, 0.332899729, 0.3127303541], 1e-9);
    expectClose(headRows(t.weights, 1)[0]!, [0.3346362611, 0.3333316379, 0.332032101], 1e-9);
    expectClose([t.output.data[0]!, t.output.data[1]!], [1.9583604371, 1.99739584], 1e-9);
  });

  it("is applied before the mask: a masked key stays −∞ and the bias does not reach it", () => {
    const c = attentionReference({
      source: { kind: "qkv", q: zero, k: zero, v: [[1], [2], [3]] },
      alibi: true,
      mask: { kind: "causal" },
    });
    expect(headRows(c.masked)[0]).toEqual([0, -Infinity, -Infinity]);
    expectClose(headRows(c.weights)[0]!, [1, 0, 0], 0);
  });

  it("is a boolean: anything else is a typed, located error", () => {
    const r = maybeProblem({
      source: { kind: "qkv", q: [[1]], k: [[1]], v: [[1]] },
      alibi: "yes" as unknown as boolean,
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({ code: "invalid", matrix: "alibi", key: "error.alibi.notBoolean" });
  });
});
