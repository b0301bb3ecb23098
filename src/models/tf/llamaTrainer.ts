/**
 * Training a small Llama-style decoder (RMSNorm, RoPE "half" layout, grouped-query attention, SwiGLU, tied
 * embedding) with Adam, in Hugging Face's own tensor names and layouts, so the trained weights are written
 * straight into a LlamaForCausalLM checkpoint and read back by models/checkpoint like any user's.
 * Linear weights are [out, in] (y = x·Wᵀ). Every product's gradient is made of un-transposed products of
 * explicitly transposed tensors: tfjs-wasm runs matMul with transposeA/transposeB in a scalar loop.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createRandom } from "../../core/random";
import type { LlamaShapeSpec } from "../lm/shape";
import { createAdam } from "./adam";

export type LlamaShape = LlamaShapeSpec;

export const headDimOf = (s: LlamaShape) => s.dModel / s.heads;

/** Every tensor of the checkpoint, by its Hugging Face name, with its shape. */
export function llamaTensorShapes(s: LlamaShape): [string, number[]][] {
  const hd = headDimOf(s);
  const out: [string, number[]][] = [["model.embed_tokens.weight", [s.vocab, s.dModel]]];
  for (let i = 0; i < s.layers; i++) {
    const p = `model.layers.${i}.`;
    out.push(
      [`${p}input_layernorm.weight`, [s.dModel]],
      [`${p}self_attn.q_proj.weight`, [s.heads * hd, s.dModel]],
      [`${p}self_attn.k_proj.weight`, [s.kvHeads * hd, s.dModel]],
      [`${p}self_attn.v_proj.weight`, [s.kvHeads * hd, s.dModel]],
      [`${p}self_attn.o_proj.weight`, [s.dModel, s.heads * hd]],
      [`${p}post_attention_layernorm.weight`, [s.dModel]],
      [`${p}mlp.gate_proj.weight`, [s.ffn, s.dModel]],
      [`${p}mlp.up_proj.weight`, [s.ffn, s.dModel]],
      [`${p}mlp.down_proj.weight`, [s.dModel, s.ffn]],
    );
  }
  out.push(["model.norm.weight", [s.dModel]]);
  return out;
}

/** Seeded initial values: norms 1, matrices N(0, 0.02²), residual outputs scaled by 1/√(2·layers) (GPT-2). */
export function initialLlamaWeights(s: LlamaShape, seed: number): Map<string, Float32Array> {
  const random = createRandom(seed);
  const weights = new Map<string, Float32Array>();
  for (const [name, shape] of llamaTensorShapes(s)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith("norm.weight")) data.fill(1);
    else {
      const std = /o_proj|down_proj/.test(name) ? 0.02 / Math.sqrt(2 * s.layers) : 0.02;
      for (let i = 0; i < size; i++) data[i] = std * random.normal();
    }
    weights.set(name, data);
  }
  return weights;
}

/** y = x·Wᵀ for x [n, in], W [out, in]. */
const linear = tf.customGrad((x, w, save) => {
  const X = x as tf.Tensor2D;
  const W = w as tf.Tensor2D;
  (save as tf.GradSaveFunc)([X, W]);
  return {
    value: tf.matMul(X, tf.transpose(W)),
    gradFunc: (dy, saved) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy as tf.Tensor2D, sw), tf.matMul(tf.transpose(dy as tf.Tensor2D), sx)];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

/** Batched a·b for [b, n, k]·[b, k, m]. */
const bmm = tf.customGrad((a, b, save) => {
  const A = a as tf.Tensor3D;
  const B = b as tf.Tensor3D;
  (save as tf.GradSaveFunc)([A, B]);
  return {
    value: tf.matMul(A, B),
    gradFunc: (dy, saved) => {
      const [sa, sb] = saved as [tf.Tensor3D, tf.Tensor3D];
      const d = dy as tf.Tensor3D;
      return [tf.matMul(d, tf.transpose(sb, [0, 2, 1])), tf.matMul(tf.transpose(sa, [0, 2, 1]), d)];
    },
  };
}) as (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;

/** Rows of the embedding E [vocab, d] for ids [n]; its gradient is one-hotᵀ·dy (wasm has no UnsortedSegmentSum). */
const embed = tf.customGrad((e, ids, save) => {
  const E = e as tf.Tensor2D;
  const I = ids as tf.Tensor1D;
  (save as tf.GradSaveFunc)([I]);
  return {
    value: tf.gather(E, I),
    gradFunc: (dy, saved) => {
      const [si] = saved as [tf.Tensor1D];
      return [tf.matMul(tf.transpose(tf.oneHot(si, E.shape[0])), dy as tf.Tensor2D), tf.zerosLike(si)];
    },
  };
}) as (e: tf.Tensor2D, ids: tf.Tensor1D) => tf.Tensor2D;

function rmsNorm(x: tf.Tensor2D, w: tf.Tensor, eps: number): tf.Tensor2D {
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps))), w);
}

export interface LlamaForward {
  /** [batch·length, vocab] */
  readonly logits: tf.Tensor2D;
  /** Per layer, [batch·heads, length, length]: each row sums to 1. */
  readonly attention: tf.Tensor3D[];
}

/** The forward pass of ids [batch, length]; call inside tidy. */
export function llamaForward(
  s: LlamaShape,
  params: ReadonlyMap<string, tf.Tensor>,
  ids: tf.Tensor2D,
  keepAttention = false,
): LlamaForward {
  const P = (name: string) => params.get(name)!;
  const [batch, length] = ids.shape;
  const hd = headDimOf(s);
  const half = hd / 2;
  const theta = Array.from({ length: half }, (_, i) => s.ropeTheta ** ((-2 * i) / hd));
  const angles = tf.tensor2d(
    Array.from({ length: length * half }, (_, k) => Math.floor(k / half) * theta[k % half]!),
    [length, half],
  );
  const cos = tf.cos(angles);
  const sin = tf.sin(angles);
  const mask = tf.tensor2d(
    Array.from({ length: length * length }, (_, k) => (k % length > Math.floor(k / length) ? -1e9 : 0)),
    [length, length],
  );
  const kvHeadOf = Array.from({ length: s.heads }, (_, h) => Math.floor((h * s.kvHeads) / s.heads));
  /** [batch, kvHeads, length, hd] → [batch, heads, length, hd]: each query head's KV head. */
  const expand = (x: tf.Tensor4D) =>
    tf.concat(
      kvHeadOf.map((g) => tf.slice(x, [0, g, 0, 0], [-1, 1, -1, -1])),
      1,
    ) as tf.Tensor4D;
  /** [batch·length, count·hd] → [batch, count, length, hd] */
  const split = (x: tf.Tensor2D, count: number) =>
    tf.transpose(tf.reshape(x, [batch, length, count, hd]), [0, 2, 1, 3]) as tf.Tensor4D;
  const rope = (x: tf.Tensor4D) => {
    const a = tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, half]);
    const b = tf.slice(x, [0, 0, 0, half], [-1, -1, -1, half]);
    return tf.concat([tf.sub(tf.mul(a, cos), tf.mul(b, sin)), tf.add(tf.mul(a, sin), tf.mul(b, cos))], 3);
  };
  const attention: tf.Tensor3D[] = [];
  let x = embed(P("model.embed_tokens.weight") as tf.Tensor2D, tf.reshape(ids, [-1]) as tf.Tensor1D);
  for (let i = 0; i < s.layers; i++) {
    const p = (n: string) => P(`model.layers.${i}.${n}`) as tf.Tensor2D;
    const h = rmsNorm(x, p("input_layernorm.weight"), s.normEps);
    const q = rope(split(linear(h, p("self_attn.q_proj.weight")), s.heads));
    const k = expand(rope(split(linear(h, p("self_attn.k_proj.weight")), s.kvHeads)) as tf.Tensor4D);
    const v = expand(split(linear(h, p("self_attn.v_proj.weight")), s.kvHeads));
    const flat = (t: tf.Tensor) => tf.reshape(t, [batch * s.heads, length, hd]) as tf.Tensor3D;
    const scores = tf.add(
      tf.div(bmm(flat(q), tf.transpose(flat(k), [0, 2, 1])), Math.sqrt(hd)),
      mask,
    ) as tf.Tensor3D;
    const weights = tf.softmax(scores) as tf.Tensor3D;
    if (keepAttention) attention.push(weights);
    const out = tf.reshape(
      tf.transpose(tf.reshape(bmm(weights, flat(v)), [batch, s.heads, length, hd]), [0, 2, 1, 3]),
      [batch * length, s.heads * hd],
    ) as tf.Tensor2D;
    x = tf.add(x, linear(out, p("self_attn.o_proj.weight")));
    const h2 = rmsNorm(x, p("post_attention_layernorm.weight"), s.normEps);
    const gate = linear(h2, p("mlp.gate_proj.weight"));
    const up = linear(h2, p("mlp.up_proj.weight"));
    x = tf.add(x, linear(tf.mul(tf.mul(gate, tf.sigmoid(gate)), up), p("mlp.down_proj.weight")));
  }
  x = rmsNorm(x, P("model.norm.weight"), s.normEps);
  return { logits: linear(x, P("model.embed_tokens.weight") as tf.Tensor2D), attention };
}

/** Mean cross-entropy (nats) of logits [n, vocab] against targets [n]. */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const logp = tf.logSoftmax(logits);
  return tf.neg(tf.mean(tf.sum(tf.mul(logp, tf.oneHot(targets, logits.shape[1])), 1))) as tf.Scalar;
}

export interface LlamaTrainer {
  readonly params: Map<string, tf.Variable>;
  /** One batch of ids [batch, length + 1] (inputs are the first length, targets the last length); its loss. */
  step(batch: readonly (readonly number[])[], learningRate: number): Promise<number>;
  weights(): Promise<Map<string, Float32Array>>;
  dispose(): void;
}

export function createLlamaTrainer(s: LlamaShape, start: ReadonlyMap<string, Float32Array>): LlamaTrainer {
  const params = new Map<string, tf.Variable>();
  for (const [name, shape] of llamaTensorShapes(s))
    params.set(name, tf.variable(tf.tensor(start.get(name)!, shape), true, name));
  const optimizer = createAdam([...params.values()], {
    learningRate: 1e-3,
    beta1: 0.9,
    beta2: 0.95,
    epsilon: 1e-8,
  });
  return {
    params,
    async step(batch, learningRate) {
      optimizer.learningRate = learningRate;
      const length = batch[0]!.length - 1;
      const loss = tf.tidy(() => {
        const inputs = tf.tensor2d(
          batch.map((row) => row.slice(0, length)),
          [batch.length, length],
          "int32",
        );
        const targets = tf.tensor1d(
          batch.flatMap((row) => row.slice(1)),
          "int32",
        );
        return optimizer.minimize(() => crossEntropy(llamaForward(s, params, inputs).logits, targets));
      });
      const value = (await loss.data())[0]!;
      loss.dispose();
      return value;
    },
    async weights() {
      const out = new Map<string, Float32Array>();
      for (const [name, v] of params) out.set(name, (await v.data()) as Float32Array);
      return out;
    },
    dispose() {
      optimizer.dispose();
      for (const v of params.values()) v.dispose();
    },
  };
}
