import { alibiBias } from "./alibi";
import { fail, ok, type Result } from "./errors";
import { createMatrix, matMul, sliceColumns } from "./matrix";
import { message } from "./messages";
import type { AttentionProblem } from "./problem";
import { headScores, projections } from "./reference";
import { applyRope } from "./rope";
import { hardmaxRows, softmaxRows } from "./softmax";
import type { Matrix, Stack } from "./types";

/**
 * KV-cache decoding, as a language model generates: token t's query attends to the keys and values of
 * tokens 0 … t, kept in a cache that grows by one row per step; nothing earlier is recomputed. Keys are
 * cached after RoPE (each at its own position), as every Llama-style implementation does. Step t's output
 * equals row t of the same attention computed in full with a causal mask (kvCache.test.ts), intersected
 * with the problem's own mask (a sliding window hides the cached keys that slid out of it).
 */
export interface DecodeStep {
  /** The token decoded, 0-based; the cache then holds tokens 0 … token. */
  readonly token: number;
  readonly cached: number;
  /** Bytes the cache holds after this step: cached · bytesPerToken. */
  readonly cacheBytes: number;
  /** The new cache rows: k (after RoPE) [h_kv·d_k] and v [h_kv·d_v]. */
  readonly kNew: Float64Array;
  readonly vNew: Float64Array;
  /** Scores entering the softmax (scaled, biased, −∞ where masked), [h, 1, cached]. */
  readonly masked: Stack;
  /** Weights over the cache, [h, 1, cached]. */
  readonly weights: Stack;
  /** The token's output row: heads concatenated (then ·W_O when the problem has it). */
  readonly output: Float64Array;
}

export interface KvCacheOptions {
  /** Layers of the model the cache serves (the explorer shows one). Default 1. */
  readonly layers?: number;
  /** Bytes per number: 4 for float32, 2 for float16/bfloat16. Default 4. */
  readonly bytes?: number;
}

/**
 * Bytes per cached token: layers · h_kv · (d_k + d_v) · bytes, that is 2 · layers · h_kv · d_k · bytes when
 * d_v = d_k (a key and a value per KV head per layer). Grouped-query attention divides it by h/h_kv.
 */
export function kvCacheBytesPerToken(
  layers: number,
  kvHeads: number,
  dK: number,
  dV: number,
  bytes: number,
): number {
  return layers * kvHeads * (dK + dV) * bytes;
}

/** Every decoding step of a self-attention problem. Cross-attention has nothing to decode: a typed error. */
export function decodeWithKvCache(p: AttentionProblem, options: KvCacheOptions = {}): Result<DecodeStep[]> {
  const { layers = 1, bytes = 4 } = options;
  if (p.queries !== p.keys || p.embedded?.xKV !== undefined) {
    return fail(message("error.kvCache.cross", { queries: p.queries, keys: p.keys }), {
      code: "shape",
      matrix: "kv cache",
      expected: "self-attention (as many queries as keys)",
    });
  }
  const { queries: n, keys: m, heads, kvHeads, dK, dV } = p;
  const projected = projections(p);
  const q = p.rope ? applyRope(projected.q, dK, p.rope) : projected.q;
  const k = p.rope ? applyRope(projected.k, dK, p.rope) : projected.k;
  const v = projected.v;
  const perToken = kvCacheBytesPerToken(layers, kvHeads, dK, dV, bytes);
  const steps: DecodeStep[] = [];
  for (let t = 0; t < n; t++) {
    const cached = t + 1;
    const qt = rowsOf(q, t, 1);
    const kCache = rowsOf(k, 0, cached);
    const vCache = rowsOf(v, 0, cached);
    const masked = new Float64Array(heads * cached);
    const weights = new Float64Array(heads * cached);
    const concat = createMatrix(1, heads * dV);
    for (let h = 0; h < heads; h++) {
      const kv = p.kvHeadOf[h] as number;
      const s = headScores(p, h, sliceColumns(qt, h * dK, dK), sliceColumns(kCache, kv * dK, dK)).data;
      const row = masked.subarray(h * cached, (h + 1) * cached);
      for (let j = 0; j < cached; j++) {
        let x = (s[j] as number) / p.divisor;
        if (p.alibiSlopes) x += alibiBias(p.alibiSlopes[h] as number, t, j);
        row[j] = p.mask[t * m + j] === 1 ? -Infinity : x;
      }
      const w = weights.subarray(h * cached, (h + 1) * cached);
      (p.mode === "hard" ? hardmaxRows : softmaxRows)(row, 1, cached, w);
      const out = matMul({ rows: 1, cols: cached, data: w }, sliceColumns(vCache, kv * dV, dV));
      concat.data.set(out.data, h * dV);
    }
    steps.push({
      token: t,
      cached,
      cacheBytes: cached * perToken,
      kNew: Float64Array.from(k.data.subarray(t * k.cols, (t + 1) * k.cols)),
      vNew: Float64Array.from(v.data.subarray(t * v.cols, (t + 1) * v.cols)),
      masked: { depth: heads, rows: 1, cols: cached, data: masked },
      weights: { depth: heads, rows: 1, cols: cached, data: weights },
      output: Float64Array.from((p.wo ? matMul(concat, p.wo) : concat).data),
    });
  }
  return ok(steps);
}

function rowsOf(a: Matrix, start: number, count: number): Matrix {
  return { rows: count, cols: a.cols, data: a.data.subarray(start * a.cols, (start + count) * a.cols) };
}
