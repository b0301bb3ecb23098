import * as tf from "@tensorflow/tfjs-core";
import { maybeBlockSize, headValues, type OnlineTiling } from "../core/onlineSoftmax";
import type { AttentionTrace } from "../core/types";
import { upload } from "./attention";
import type { BackendName } from "./names";

/**
 * Tiled online softmax (FlashAttention's loop) on a tfjs backend: the trace's masked scores and the values
 * each head read, in blocks of B keys, keeping per query row the running max m, sum ℓ and unnormalised
 * output o (core/onlineSoftmax.ts says how, and computes the same in float64). All rows of all heads go
 * through each block at once. Throws AttentionInputError for a bad B; every tensor is disposed.
 */
/** The running max before any visible key: finite, below every score (|score| < 1e38 after the checks). */
const NO_MAX = -3e38;

export async function onlineTilingOnBackend(
  trace: AttentionTrace,
  blockSize: number,
  name: BackendName,
): Promise<OnlineTiling> {
  const size = maybeBlockSize(blockSize, trace.keys);
  if (!size.ok) throw size.error;
  while (tf.getBackend() !== name) await tf.setBackend(name);
  const { heads, queries: n, keys, dV } = trace;
  const count = Math.ceil(keys / blockSize);
  // −∞ is not kept faithfully by every backend (WebGL's reductions turn it into −1e20, and NaN follows), so
  // the device sees finite numbers only: masked scores as 0 with a 0/1 visibility flag, a running max that
  // starts at −3e38, and a 0/1 flag "some key seen", which stands for m = −∞ while it is 0.
  const visibleFlags = Float32Array.from(trace.masked.data, (x) => (x === -Infinity ? 0 : 1));
  const finiteScores = Float32Array.from(trace.masked.data, (x) => (x === -Infinity ? 0 : x));
  const tensors = tf.tidy(() => {
    const scores = tf.tensor3d(finiteScores, [heads, n, keys]);
    const visible = tf.tensor3d(visibleFlags, [heads, n, keys]);
    const values = tf.stack(
      Array.from({ length: heads }, (_, h) => upload(headValues(trace, h))),
    ) as tf.Tensor3D; // [h, keys, d_v]
    let m: tf.Tensor = tf.fill([heads, n, 1], NO_MAX);
    let seen: tf.Tensor = tf.zeros([heads, n, 1]);
    let l: tf.Tensor = tf.zeros([heads, n, 1]);
    let o: tf.Tensor = tf.zeros([heads, n, dV]);
    const ms: tf.Tensor[] = [];
    const seens: tf.Tensor[] = [];
    const ls: tf.Tensor[] = [];
    const os: tf.Tensor[] = [];
    for (let start = 0; start < keys; start += blockSize) {
      const width = Math.min(blockSize, keys - start);
      const s = tf.slice(scores, [0, 0, start], [heads, n, width]);
      const vis = tf.slice(visible, [0, 0, start], [heads, n, width]);
      const mNew = tf.maximum(
        m,
        tf.max(tf.where(tf.cast(vis, "bool"), s, tf.fill(s.shape, NO_MAX)), 2, true),
      );
      const seenNew = tf.maximum(seen, tf.max(vis, 2, true));
      // e^{m_old − m_new}, 0 while nothing was seen (ℓ and o are 0 then anyway).
      const rescale = tf.mul(seen, tf.exp(tf.sub(m, mNew)));
      // A masked key's exponent is set to −100 before exp and its term multiplied by 0: never inf·0.
      const exponent = tf.where(tf.cast(vis, "bool"), tf.sub(s, mNew), tf.fill(s.shape, -100));
      const p = tf.mul(vis, tf.exp(exponent));
      l = tf.add(tf.mul(l, rescale), tf.sum(p, 2, true));
      o = tf.add(tf.mul(o, rescale), tf.matMul(p, tf.slice(values, [0, start, 0], [heads, width, dV])));
      m = mNew;
      seen = seenNew;
      ms.push(m);
      seens.push(seen);
      ls.push(l);
      os.push(o);
    }
    return {
      m: tf.concat(ms, 2),
      seen: tf.concat(seens, 2),
      l: tf.concat(ls, 2),
      o: tf.stack(os, 2),
      output: tf.divNoNan(o, l),
    };
  });
  try {
    const [m, seen, l, o, output] = (await Promise.all(
      [tensors.m, tensors.seen, tensors.l, tensors.o, tensors.output].map((t) => t.data<"float32">()),
    )) as Float32Array[];
    // The running max of a row that has seen no visible key yet is −∞, as the reference says.
    const max = m!.map((x, i) => (seen![i] === 0 ? -Infinity : x));
    return { heads, queries: n, blocks: count, blockSize, dV, m: max, l: l!, o: o!, output: output! };
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}
