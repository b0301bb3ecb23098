import * as tf from "@tensorflow/tfjs-core";
import { ropeFrequencies, ropePairs, type RopeSettings } from "../core/rope";

/**
 * The tfjs side of modern attention: RoPE, ALiBi and grouped-query heads, as tensors. Tables (angles,
 * partner columns) are made in float64 on the CPU, as the reference makes them, and uploaded once: the device
 * then does only elementwise work, the same on every backend.
 */

/**
 * x [rows, heads·d_k] rotated pair by pair, per head: x·C + x[partner]·S, where for the pair (a, b) at
 * position p: C = cos pθ on both, S = −sin pθ on a and +sin pθ on b, and a's partner is b and b's is a.
 */
export function ropeTensor(x: tf.Tensor2D, dK: number, settings: RopeSettings): tf.Tensor2D {
  const [rows, width] = x.shape;
  const theta = ropeFrequencies(dK, settings.base);
  const pairs = ropePairs(dK, settings.layout);
  const cos = new Float32Array(rows * width);
  const sin = new Float32Array(rows * width);
  const partner = new Int32Array(width);
  for (let h = 0; h < width / dK; h++) {
    for (const [a, b] of pairs) {
      partner[h * dK + a] = h * dK + b;
      partner[h * dK + b] = h * dK + a;
    }
  }
  for (let r = 0; r < rows; r++) {
    const p = r + settings.offset;
    for (let h = 0; h < width / dK; h++) {
      pairs.forEach(([a, b], i) => {
        const angle = p * (theta[i] as number);
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        const at = r * width + h * dK;
        cos[at + a] = c;
        cos[at + b] = c;
        sin[at + a] = -s;
        sin[at + b] = s;
      });
    }
  }
  const swapped = tf.gather(x, tf.tensor1d(partner, "int32"), 1);
  return tf.add(tf.mul(x, tf.tensor2d(cos, [rows, width])), tf.mul(swapped, tf.tensor2d(sin, [rows, width])));
}

/** ALiBi's bias, [h, n, m]: −m_h·|i − j|, built on the device from the slopes and the distances. */
export function alibiTensor(slopes: readonly number[], n: number, m: number): tf.Tensor3D {
  const distance = tf.abs(tf.sub(tf.reshape(tf.range(0, n), [n, 1]), tf.reshape(tf.range(0, m), [1, m])));
  const negSlopes = tf.tensor3d(
    slopes.map((s) => -s),
    [slopes.length, 1, 1],
  );
  return tf.mul(negSlopes, tf.expandDims(distance, 0)) as tf.Tensor3D;
}

/** [h_kv, m, d] → [h, m, d]: query head i gets KV head kvHeadOf[i] (a no-op for multi-head attention). */
export function kvForQueryHeads(kv: tf.Tensor3D, kvHeadOf: readonly number[]): tf.Tensor3D {
  if (kvHeadOf.every((g, i) => g === i) && kv.shape[0] === kvHeadOf.length) return kv;
  return tf.gather(kv, tf.tensor1d(Int32Array.from(kvHeadOf), "int32"), 0);
}
