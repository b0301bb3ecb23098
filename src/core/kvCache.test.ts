import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeWithKvCache, kvCacheBytesPerToken } from "./kvCache";
import { maybeProblem } from "./problem";
import { attentionReference } from "./reference";
import { expectClose, headRows } from "./test-helpers";
import { seededMatrix, seededProjections } from "./weights";
import type { AttentionSpec, MaskSpec, ScoreFunction } from "./types";

function decode(spec: AttentionSpec) {
  const p = maybeProblem(spec);
  if (!p.ok) throw p.error;
  const steps = decodeWithKvCache(p.value);
  if (!steps.ok) throw steps.error;
  return steps.value;
}

describe("KV-cache decoding", () => {
  it("memory per token is 2 · layers · h_kv · d_k · bytes: 2·32·8·128·2 = 131072 for a Llama-3-8B-like layer stack", () => {
    expect(kvCacheBytesPerToken(32, 8, 128, 128, 2)).toBe(131072);
    expect(kvCacheBytesPerToken(1, 2, 4, 4, 4)).toBe(64);
  });

  it("grows the cache one token per step, and its memory with it (h_kv = 1, d_k = d_v = 2, float32: 16 bytes a token)", () => {
    const steps = decode({
      source: { kind: "qkv", q: seededMatrix(4, 4, 1), k: seededMatrix(4, 2, 2), v: seededMatrix(4, 2, 3) },
      heads: 2,
      kvHeads: 1,
    });
    expect(steps.map((s) => s.cached)).toEqual([1, 2, 3, 4]);
    expect(steps.map((s) => s.cacheBytes)).toEqual([16, 32, 48, 64]);
    expect(steps[2]!.weights.cols).toBe(3);
  });

  it("hand-worked: q = k = v = [[1], [2]], dot scores: step 1 reads only itself, step 2 weights e^2, e^4", () => {
    // Step 2: scores q_2·k = [2, 4]; weights [1/(1+e^2), e^2/(1+e^2)] = [0.119203, 0.880797]; output 1.880797.
    const x = [[1], [2]];
    const steps = decode({ source: { kind: "qkv", q: x, k: x, v: x }, score: "dot" });
    expectClose(steps[0]!.output, [1], 0);
    expectClose(steps[1]!.weights.data, [0.119202922, 0.880797078], 1e-9);
    expectClose(steps[1]!.output, [1.880797078], 1e-9);
  });

  const scores: ScoreFunction[] = ["dot", "scaled-dot", "general", "additive", "cosine"];
  const masks: MaskSpec[] = [{ kind: "none" }, { kind: "causal" }, { kind: "sliding", window: 2 }];

  it("gives at every step exactly row t of full causal attention (weights and output), with RoPE, ALiBi and GQA", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(...scores),
        fc.constantFrom(...masks),
        fc.constantFrom([1, 1], [2, 1], [4, 2]),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 500 }),
        (n, score, mask, [heads, kvHeads], rope, alibi, seed) => {
          const w = seededProjections(8, seed);
          const dK = 8 / heads!;
          const keep = (m: typeof w.wk) => ({
            rows: 8,
            cols: kvHeads! * dK,
            data: Float64Array.from(
              { length: 8 * kvHeads! * dK },
              (_, i) => m.data[Math.floor(i / (kvHeads! * dK)) * 8 + (i % (kvHeads! * dK))]!,
            ),
          });
          const spec: AttentionSpec = {
            source: {
              kind: "embeddings",
              x: seededMatrix(n, 8, seed + 9),
              wq: w.wq,
              wk: keep(w.wk),
              wv: keep(w.wv),
            },
            heads,
            kvHeads,
            score,
            scoreParams: {
              general: Array.from({ length: heads! }, (_, h) => seededMatrix(dK, dK, seed + h)),
              additive: Array.from({ length: heads! }, (_, h) => ({
                wq: seededMatrix(dK, 3, seed + h),
                wk: seededMatrix(dK, 3, seed + 20 + h),
                v: [1, -1, 0.5],
              })),
            },
            mask,
            rope: rope ? { offset: seed % 5 } : undefined,
            alibi,
            wo: w.wo,
          };
          // Full attention with the causal mask added to the spec's own (a sliding window is causal already).
          const full = attentionReference({
            ...spec,
            mask: mask.kind === "none" ? { kind: "causal" } : mask,
          });
          const steps = decode(spec);
          expect(steps).toHaveLength(n);
          steps.forEach((step, t) => {
            expectClose(step.output, full.output.data.subarray(t * 8, (t + 1) * 8), 1e-12);
            for (let h = 0; h < heads!; h++) {
              const row = headRows(full.weights, h)[t]!;
              expectClose(
                step.weights.data.subarray(h * (t + 1), (h + 1) * (t + 1)),
                row.slice(0, t + 1),
                1e-12,
              );
              expect(row.slice(t + 1).every((x) => x === 0)).toBe(true);
            }
          });
        },
      ),
      { numRuns: 80 },
    );
  });

  it("refuses cross-attention as a typed error: there is nothing to decode token by token", () => {
    const p = maybeProblem({ source: { kind: "qkv", q: [[1]], k: [[1], [2]], v: [[1], [2]] } });
    if (!p.ok) throw p.error;
    const r = decodeWithKvCache(p.value);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({ code: "shape", matrix: "kv cache", key: "error.kvCache.cross" });
  });
});
