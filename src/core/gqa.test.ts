import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { kvHeadsOf } from "./gqa";
import { maybeProblem } from "./problem";
import { attentionReference } from "./reference";
import { expectClose } from "./test-helpers";
import { seededMatrix } from "./weights";
import { toRows } from "./matrix";

describe("grouped-query attention", () => {
  it("query head i reads KV head ⌊i·h_kv/h_q⌋", () => {
    expect(kvHeadsOf(4, 2)).toEqual([0, 0, 1, 1]);
    expect(kvHeadsOf(8, 4)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(kvHeadsOf(4, 1)).toEqual([0, 0, 0, 0]);
    expect(kvHeadsOf(3, 3)).toEqual([0, 1, 2]);
  });

  it("says in the trace which KV head each query head read", () => {
    const t = attentionReference({
      source: {
        kind: "qkv",
        q: toRows(seededMatrix(3, 8, 1)),
        k: toRows(seededMatrix(3, 2, 2)),
        v: toRows(seededMatrix(3, 2, 3)),
      },
      heads: 4,
      kvHeads: 1,
    });
    expect([t.heads, t.kvHeads, t.dK, t.dV]).toEqual([4, 1, 2, 2]);
    expect(t.kvHeadOf).toEqual([0, 0, 0, 0]);
    expect(t.concat.cols).toBe(8);
  });

  it("with two query heads on one KV head: hand-worked scores q·k of the shared key", () => {
    // Q = [[1, 0, 0, 2]] (head 1: [1, 0], head 2: [0, 2]); K = [[3, 4], [1, 1]]; V = [[1], [0]].
    // head 1: scores [3, 1]; head 2: [8, 2]. Weights e^s/Σ: head 1 [0.880797, 0.119203], head 2
    // [0.997527, 0.002473]; outputs (V column) 0.880797 and 0.997527.
    const t = attentionReference({
      source: {
        kind: "qkv",
        q: [[1, 0, 0, 2]],
        k: [
          [3, 4],
          [1, 1],
        ],
        v: [[1], [0]],
      },
      heads: 2,
      kvHeads: 1,
      score: "dot",
    });
    expectClose(t.scores.data, [3, 1, 8, 2], 1e-12);
    expectClose(t.output.data, [0.880797078, 0.9975273768], 1e-9);
  });

  it("equals multi-head attention with each KV head's columns repeated for its group, for any h_kv dividing h", () => {
    fc.assert(
      fc.property(
        fc.constantFrom([4, 1], [4, 2], [4, 4], [6, 3], [6, 2], [2, 1]),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        ([h, hKv], n, seed, alibi) => {
          const dK = 2;
          const dV = 3;
          const q = seededMatrix(n, h * dK, seed);
          const k = seededMatrix(n, hKv * dK, seed + 1);
          const v = seededMatrix(n, hKv * dV, seed + 2);
          // Repeated by hand: query head i gets KV head floor(i·hKv/h)'s columns.
          const repeat = (m: typeof k, d: number) =>
            toRows(m).map((row) =>
              Array.from({ length: h }, (_, i) =>
                row.slice(Math.floor((i * hKv) / h) * d, (Math.floor((i * hKv) / h) + 1) * d),
              ).flat(),
            );
          const common = { heads: h, mask: { kind: "causal" } as const, alibi, rope: {} };
          const gqa = attentionReference({ source: { kind: "qkv", q, k, v }, kvHeads: hKv, ...common });
          const mha = attentionReference({
            source: { kind: "qkv", q, k: repeat(k, dK), v: repeat(v, dV) },
            ...common,
          });
          expectClose(gqa.weights.data, mha.weights.data, 1e-12);
          expectClose(gqa.output.data, mha.output.data, 1e-12);
          // And each query head alone, as one-head attention on its own columns and its group's K and V.
          const cols = (m: typeof k, start: number, d: number) =>
            toRows(m).map((r) => r.slice(start, start + d));
          for (let i = 0; i < h; i++) {
            const g = Math.floor((i * hKv) / h);
            const single = attentionReference({
              source: { kind: "qkv", q: cols(q, i * dK, dK), k: cols(k, g * dK, dK), v: cols(v, g * dV, dV) },
              mask: { kind: "causal" },
              rope: {},
            });
            if (!alibi)
              expectClose(
                gqa.headOutputs.data.subarray(i * n * dV, (i + 1) * n * dV),
                single.output.data,
                1e-12,
              );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("with h_kv = h_q is multi-head attention", () => {
    const source = {
      kind: "qkv",
      q: seededMatrix(4, 8, 5),
      k: seededMatrix(5, 8, 6),
      v: seededMatrix(5, 4, 7),
    } as const;
    const a = attentionReference({ source, heads: 4, kvHeads: 4 });
    const b = attentionReference({ source, heads: 4 });
    expectClose(a.output.data, b.output.data, 0);
    expect(a.kvHeadOf).toEqual([0, 1, 2, 3]);
  });

  it.each([
    [3, 4, "error.kvHeads.divide"],
    [0, 4, "error.kvHeads.range"],
    [5, 4, "error.kvHeads.range"],
    [1.5, 4, "error.kvHeads.range"],
  ])("refuses h_kv = %s with %s query heads as a typed error (%s)", (kvHeads, heads, key) => {
    const r = maybeProblem({
      source: { kind: "qkv", q: [[1, 1, 1, 1]], k: [[1]], v: [[1]] },
      heads,
      kvHeads,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "heads", matrix: "kvHeads", key });
  });

  it("refuses a K whose width is not h_kv·d_k, naming K and the width it expected", () => {
    const r = maybeProblem({
      source: { kind: "qkv", q: [[1, 1, 1, 1]], k: [[1, 1, 1]], v: [[1, 1]] },
      heads: 4,
      kvHeads: 2,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({
        code: "shape",
        matrix: "K",
        key: "error.shape.kvWidth",
        expected: "2 columns",
      });
      expect(r.error.message).toBe("K has 3 columns, expected 2: 2 KV heads × 1 column per head");
    }
  });
});
