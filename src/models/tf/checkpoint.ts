/**
 * A checkpoint a person brings, run by TensorFlow.js on the current backend: the next-token logits and every
 * layer's and head's attention, as plain arrays. The same maths as the float64 forward pass
 * (models/checkpoint/forward64.ts, the reference it is tested against), in tensors: GPT-2 (LayerNorm,
 * learned positions, gelu_new) and Llama (RMSNorm, RoPE "half" layout, grouped-query attention, SwiGLU).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Stack } from "../../core/types";
import type { CheckpointConfig } from "../checkpoint/config";
import type { CheckpointWeights } from "../checkpoint/weights";
import type { BlockAttention } from "./predict";

/** The weights uploaded once to the backend; dispose with disposeCheckpointModel. */
export interface CheckpointModel {
  readonly config: CheckpointConfig;
  readonly family: "gpt2" | "llama";
  readonly tensors: Map<string, tf.Tensor>;
}

export interface CheckpointRun {
  /** [tokens, vocab] row-major: the logits after each position. */
  readonly logits: Float32Array;
  /** attention[layer][head]: [queries, keys] row-major, causal; each row sums to 1. */
  readonly attention: Float32Array[][];
  /** Which KV head each query head read. */
  readonly kvHeadOf: readonly number[];
  /**
   * Each layer as the models page and the explorer draw it: Q (after RoPE), and K (after RoPE) and V of the
   * KV head each query head read, [tokens, heads·headDim]; the weights [heads, tokens, tokens].
   */
  readonly blocks: readonly BlockAttention[];
}

export function createCheckpointModel(config: CheckpointConfig, weights: CheckpointWeights): CheckpointModel {
  const tensors = new Map<string, tf.Tensor>();
  const put = (name: string, data: Float32Array, shape: number[]) =>
    tensors.set(name, tf.tensor(data, shape));
  const { dModel: d, ffn, vocab } = config;
  if (weights.family === "gpt2") {
    put("wte", weights.wte, [vocab, d]);
    put("wpe", weights.wpe, [config.maxPositions, d]);
    weights.layers.forEach((L, i) => {
      put(`${i}.ln1.w`, L.ln1.w, [d]);
      put(`${i}.ln1.b`, L.ln1.b, [d]);
      put(`${i}.qkvW`, L.qkvW, [d, 3 * d]);
      put(`${i}.qkvB`, L.qkvB, [3 * d]);
      put(`${i}.projW`, L.projW, [d, d]);
      put(`${i}.projB`, L.projB, [d]);
      put(`${i}.ln2.w`, L.ln2.w, [d]);
      put(`${i}.ln2.b`, L.ln2.b, [d]);
      put(`${i}.fcW`, L.fcW, [d, ffn]);
      put(`${i}.fcB`, L.fcB, [ffn]);
      put(`${i}.outW`, L.outW, [ffn, d]);
      put(`${i}.outB`, L.outB, [d]);
    });
    put("lnF.w", weights.lnF.w, [d]);
    put("lnF.b", weights.lnF.b, [d]);
    put("lmHead", weights.lmHead, [vocab, d]);
  } else {
    const q = config.heads * config.headDim;
    const kv = config.kvHeads * config.headDim;
    put("embed", weights.embed, [vocab, d]);
    weights.layers.forEach((L, i) => {
      put(`${i}.inputNorm`, L.inputNorm, [d]);
      put(`${i}.q`, L.q, [q, d]);
      put(`${i}.k`, L.k, [kv, d]);
      put(`${i}.v`, L.v, [kv, d]);
      put(`${i}.o`, L.o, [d, q]);
      put(`${i}.postNorm`, L.postNorm, [d]);
      put(`${i}.gate`, L.gate, [ffn, d]);
      put(`${i}.up`, L.up, [ffn, d]);
      put(`${i}.down`, L.down, [d, ffn]);
    });
    put("norm", weights.norm, [d]);
    put("lmHead", weights.lmHead, [vocab, d]);
  }
  return { config, family: weights.family, tensors };
}

export function disposeCheckpointModel(model: CheckpointModel): void {
  for (const t of model.tensors.values()) t.dispose();
  model.tensors.clear();
}

function layerNorm(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), w), b);
}

function rmsNorm(x: tf.Tensor2D, w: tf.Tensor, eps: number): tf.Tensor2D {
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps))), w);
}

/** [n, heads·hd] → [heads, n, hd] */
const splitHeads = (x: tf.Tensor2D, heads: number, hd: number): tf.Tensor3D =>
  tf.transpose(tf.reshape(x, [-1, heads, hd]), [1, 0, 2]);

/** RoPE "half" layout on [heads, n, hd]: x_i pairs with x_{i+hd/2}, turned by p·base^(−2i/hd). */
function rope(x: tf.Tensor3D, cos: tf.Tensor2D, sin: tf.Tensor2D): tf.Tensor3D {
  const half = x.shape[2] / 2;
  const a = tf.slice(x, [0, 0, 0], [-1, -1, half]);
  const b = tf.slice(x, [0, 0, half], [-1, -1, half]);
  return tf.concat(
    [tf.sub(tf.mul(a, cos), tf.mul(b, sin)), tf.add(tf.mul(a, sin), tf.mul(b, cos))],
    2,
  ) as tf.Tensor3D;
}

/** Causal softmax attention of [heads, n, hd] q, k, v: the weights [heads, n, n] and output [n, heads·hd]. */
function attend(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  causal: tf.Tensor2D,
): [tf.Tensor3D, tf.Tensor2D] {
  const [heads, n, hd] = q.shape;
  const scores = tf.div(tf.matMul(q, tf.transpose(k, [0, 2, 1])), Math.sqrt(hd));
  const weights = tf.softmax(
    tf.where(tf.broadcastTo(causal, [heads, n, n]), scores, tf.fill([heads, n, n], -Infinity)),
  );
  const out = tf.reshape(tf.transpose(tf.matMul(weights, v), [1, 0, 2]), [n, heads * hd]);
  return [weights as tf.Tensor3D, out as tf.Tensor2D];
}

/** The forward pass over token ids; `tokenLabels` name the rows and columns of the blocks (default: the ids). */
export async function runCheckpoint(
  model: CheckpointModel,
  tokens: readonly number[],
  tokenLabels?: readonly string[],
): Promise<CheckpointRun> {
  const { config, tensors } = model;
  const T = (name: string) => tensors.get(name)!;
  const n = tokens.length;
  const { heads, kvHeads, headDim: hd, normEps: eps } = config;
  const kvHeadOf = Array.from({ length: heads }, (_, h) => Math.floor((h * kvHeads) / heads));
  const perLayer: tf.Tensor3D[] = [];
  /** [n, heads·hd] per layer: q, k, v of each query head, side by side. */
  const qkvPerLayer: [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D][] = [];
  const joinHeads = (x: tf.Tensor3D) =>
    tf.reshape(tf.transpose(x, [1, 0, 2]), [n, heads * hd]) as tf.Tensor2D;
  const keepQkv = (q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D) =>
    qkvPerLayer.push([tf.keep(joinHeads(q)), tf.keep(joinHeads(k)), tf.keep(joinHeads(v))]);
  const logits = tf.tidy(() => {
    const ids = tf.tensor1d(tokens as number[], "int32");
    const causal = tf.cast(tf.linalg.bandPart(tf.ones([n, n]), -1, 0), "bool") as tf.Tensor2D;
    let x: tf.Tensor2D;
    if (model.family === "gpt2") {
      x = tf.add(tf.gather(T("wte"), ids), tf.slice(T("wpe"), [0, 0], [n, config.dModel]));
      for (let i = 0; i < config.layers; i++) {
        const h = layerNorm(x, T(`${i}.ln1.w`), T(`${i}.ln1.b`), eps);
        const qkv = tf.add(tf.matMul(h, T(`${i}.qkvW`) as tf.Tensor2D), T(`${i}.qkvB`));
        const [q, k, v] = tf.split(qkv, 3, 1).map((part) => splitHeads(part as tf.Tensor2D, heads, hd)) as [
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
        ];
        const [weights, out] = attend(q, k, v, causal);
        perLayer.push(tf.keep(weights));
        keepQkv(q, k, v);
        x = tf.add(x, tf.add(tf.matMul(out, T(`${i}.projW`) as tf.Tensor2D), T(`${i}.projB`)));
        const u = tf.add(
          tf.matMul(layerNorm(x, T(`${i}.ln2.w`), T(`${i}.ln2.b`), eps), T(`${i}.fcW`) as tf.Tensor2D),
          T(`${i}.fcB`),
        );
        // gelu_new: 0.5·u·(1 + tanh(√(2/π)·(u + 0.044715·u³)))
        const gelu = tf.mul(
          tf.mul(u, 0.5),
          tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(u, tf.mul(0.044715, tf.pow(u, 3)))))),
        );
        x = tf.add(x, tf.add(tf.matMul(gelu as tf.Tensor2D, T(`${i}.outW`) as tf.Tensor2D), T(`${i}.outB`)));
      }
      x = layerNorm(x, T("lnF.w"), T("lnF.b"), eps);
    } else {
      const half = hd / 2;
      const theta = tf.pow(config.ropeTheta, tf.div(tf.mul(tf.range(0, half), -2), hd));
      const angles = tf.mul(tf.reshape(tf.range(0, n), [n, 1]), tf.reshape(theta, [1, half])) as tf.Tensor2D;
      const cos = tf.cos(angles);
      const sin = tf.sin(angles);
      x = tf.gather(T("embed"), ids) as tf.Tensor2D;
      for (let i = 0; i < config.layers; i++) {
        const h = rmsNorm(x, T(`${i}.inputNorm`), eps);
        const proj = (name: string, count: number) =>
          splitHeads(tf.matMul(h, T(`${i}.${name}`) as tf.Tensor2D, false, true), count, hd);
        const q = rope(proj("q", heads), cos, sin);
        const kvIndex = tf.tensor1d(kvHeadOf, "int32");
        const k = tf.gather(rope(proj("k", kvHeads), cos, sin), kvIndex) as tf.Tensor3D;
        const v = tf.gather(proj("v", kvHeads), kvIndex) as tf.Tensor3D;
        const [weights, out] = attend(q, k, v, causal);
        perLayer.push(tf.keep(weights));
        keepQkv(q, k, v);
        x = tf.add(x, tf.matMul(out, T(`${i}.o`) as tf.Tensor2D, false, true));
        const h2 = rmsNorm(x, T(`${i}.postNorm`), eps);
        const gate = tf.matMul(h2, T(`${i}.gate`) as tf.Tensor2D, false, true);
        const up = tf.matMul(h2, T(`${i}.up`) as tf.Tensor2D, false, true);
        x = tf.add(
          x,
          tf.matMul(
            tf.mul(tf.mul(gate, tf.sigmoid(gate)), up) as tf.Tensor2D,
            T(`${i}.down`) as tf.Tensor2D,
            false,
            true,
          ),
        );
      }
      x = rmsNorm(x, T("norm"), eps);
    }
    return tf.matMul(x, T("lmHead") as tf.Tensor2D, false, true);
  });
  const kept = [logits, ...perLayer, ...qkvPerLayer.flat()];
  try {
    const [logitValues, ...rest] = await Promise.all(kept.map((t) => t.data() as Promise<Float32Array>));
    const layerValues = rest.slice(0, perLayer.length);
    const qkvValues = rest.slice(perLayer.length);
    const attention = layerValues.map((values) =>
      Array.from({ length: heads }, (_, h) =>
        Float32Array.from(values!.subarray(h * n * n, (h + 1) * n * n)),
      ),
    );
    const matrix = (data: Float32Array) => ({ rows: n, cols: heads * hd, data: Float64Array.from(data) });
    const labels = tokenLabels ?? tokens.map(String);
    const blocks = layerValues.map((values, layer): BlockAttention => {
      const weights: Stack = { depth: heads, rows: n, cols: n, data: Float64Array.from(values!) };
      return {
        name: `layer${layer}`,
        kind: "self",
        layer,
        causal: true,
        queryTokens: labels,
        keyTokens: labels,
        q: matrix(qkvValues[3 * layer]!),
        k: matrix(qkvValues[3 * layer + 1]!),
        v: matrix(qkvValues[3 * layer + 2]!),
        weights,
      };
    });
    return { logits: Float32Array.from(logitValues!), attention, kvHeadOf, blocks };
  } finally {
    for (const t of kept) t.dispose();
  }
}
