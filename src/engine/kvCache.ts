import * as tf from "@tensorflow/tfjs-core";
import { fail } from "../core/errors";
import { kvCacheBytesPerToken, type DecodeStep, type KvCacheOptions } from "../core/kvCache";
import { message } from "../core/messages";
import type { AttentionProblem } from "../core/problem";
import { headScores, upload } from "./attention";
import { alibiTensor, kvForQueryHeads, ropeTensor } from "./modern";
import type { BackendName } from "./names";

/** [rows, h·d] → [h, rows, d]. */
const splitHeads = (x: tf.Tensor2D, heads: number): tf.Tensor3D =>
  tf.transpose(tf.reshape(x, [x.shape[0], heads, x.shape[1] / heads]), [1, 0, 2]);

/**
 * KV-cache decoding on a tfjs backend, as core/kvCache.ts describes it: the cache is a pair of tensors on
 * the device that grows by one row (k after RoPE, v) per token, and each step attends from the new token's
 * query to the whole cache. Step t equals row t of full causal attention (parity.test.ts). Tensors are
 * disposed as the cache is replaced, and at the end.
 */
export async function decodeOnBackend(
  p: AttentionProblem,
  name: BackendName,
  options: KvCacheOptions = {},
): Promise<DecodeStep[]> {
  const { layers = 1, bytes = 4 } = options;
  if (p.queries !== p.keys || p.embedded?.xKV !== undefined) {
    throw fail(message("error.kvCache.cross", { queries: p.queries, keys: p.keys }), {
      code: "shape",
      matrix: "kv cache",
      expected: "self-attention (as many queries as keys)",
    }).error;
  }
  while (tf.getBackend() !== name) await tf.setBackend(name);
  const { queries: n, heads, kvHeads, dK, dV } = p;
  const perToken = kvCacheBytesPerToken(layers, kvHeads, dK, dV, bytes);
  const projected = tf.tidy(() => {
    let q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D;
    if (p.given) [q, k, v] = [upload(p.given.q), upload(p.given.k), upload(p.given.v)];
    else {
      const e = p.embedded as NonNullable<AttentionProblem["embedded"]>;
      const x = upload(e.x);
      [q, k, v] = [tf.matMul(x, upload(e.wq)), tf.matMul(x, upload(e.wk)), tf.matMul(x, upload(e.wv))];
    }
    if (p.rope) [q, k] = [ropeTensor(q, dK, p.rope), ropeTensor(k, dK, p.rope)];
    return { q, k, v };
  });
  let kCache: tf.Tensor2D | undefined;
  let vCache: tf.Tensor2D | undefined;
  const steps: DecodeStep[] = [];
  try {
    for (let t = 0; t < n; t++) {
      const cached = t + 1;
      const grown = tf.tidy(() => {
        const kNew = tf.slice(projected.k, [t, 0], [1, -1]);
        const vNew = tf.slice(projected.v, [t, 0], [1, -1]);
        return {
          kNew,
          vNew,
          k: kCache ? tf.concat([kCache, kNew]) : tf.clone(kNew),
          v: vCache ? tf.concat([vCache, vNew]) : tf.clone(vNew),
        };
      });
      kCache?.dispose();
      vCache?.dispose();
      kCache = grown.k as tf.Tensor2D;
      vCache = grown.v as tf.Tensor2D;
      const step = { ...p, queries: 1, keys: cached };
      const [kc, vc] = [kCache, vCache];
      const out = tf.tidy(() => {
        const qh = splitHeads(tf.slice(projected.q, [t, 0], [1, -1]), heads);
        const kh = kvForQueryHeads(splitHeads(kc, kvHeads), p.kvHeadOf);
        const vh = kvForQueryHeads(splitHeads(vc, kvHeads), p.kvHeadOf);
        let s = tf.div(headScores(step, qh, kh), p.divisor); // [h, 1, t + 1]
        if (p.alibiSlopes) {
          s = tf.add(s, tf.slice(alibiTensor(p.alibiSlopes, n, cached), [0, t, 0], [heads, 1, cached]));
        }
        const hidden = Array.from({ length: cached }, (_, j) => p.mask[t * p.keys + j] === 1);
        const visible = hidden.some((x) => !x);
        const addend = tf.tensor3d(
          hidden.map((x) => (x && visible ? -Infinity : 0)),
          [1, 1, cached],
        );
        const masked = tf.add(
          s,
          tf.tensor3d(
            hidden.map((x) => (x ? -Infinity : 0)),
            [1, 1, cached],
          ),
        );
        // tf.oneHot refuses depth 1: with one cached key, hard attention puts all its weight there.
        const hard = () =>
          cached === 1 ? tf.onesLike(s) : tf.cast(tf.oneHot(tf.argMax(masked, 2), cached), "float32");
        let weights = p.mode === "hard" ? hard() : tf.softmax(tf.add(s, addend));
        // A token whose cached keys are all masked gets zero weights and a zero output, never NaN.
        if (!visible) weights = tf.zerosLike(weights);
        const concat = tf.reshape(tf.transpose(tf.matMul(weights, vh), [1, 0, 2]), [1, heads * dV]);
        return { masked, weights, output: p.wo ? tf.matMul(concat, upload(p.wo)) : concat };
      });
      try {
        const [kNew, vNew, masked, weights, output] = (await Promise.all(
          [grown.kNew, grown.vNew, out.masked, out.weights, out.output].map((x) => x.data<"float32">()),
        )) as Float32Array[];
        steps.push({
          token: t,
          cached,
          cacheBytes: cached * perToken,
          kNew: Float64Array.from(kNew!),
          vNew: Float64Array.from(vNew!),
          masked: { depth: heads, rows: 1, cols: cached, data: Float64Array.from(masked!) },
          weights: { depth: heads, rows: 1, cols: cached, data: Float64Array.from(weights!) },
          output: Float64Array.from(output!),
        });
      } finally {
        grown.kNew.dispose();
        grown.vNew.dispose();
        for (const x of Object.values(out)) x.dispose();
      }
    }
  } finally {
    kCache?.dispose();
    vCache?.dispose();
    for (const x of Object.values(projected)) x.dispose();
  }
  return steps;
}
