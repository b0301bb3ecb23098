/**
 * A small transformer written with tfjs ops, so that it trains by tfjs's autodiff on any backend: token
 * embeddings plus learned positions, pre-LayerNorm blocks of multi-head scaled-dot attention (and, unless
 * ffn is 0, a ReLU feed-forward block), a final LayerNorm and an output projection.
 *
 * Attention uses the project's conventions (README): row vectors, Q = X·W_Q, heads take consecutive column
 * blocks of Q, K and V, weights are [heads, queries, keys] with rows as queries. A forward pass can capture
 * every block's Q, K, V and weights, so the page shows a trained model's real attention, and the explorer
 * (and the float64 reference) can recompute it from the same Q, K and V.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createRandom } from "../../core/random";
import { vocabSize, type ModelConfig, type WeightEntry } from "../modelFile";
import { TASKS } from "../tasks";

export type Params = Record<string, tf.Variable>;

/** One attention block of one forward pass, batch item 0 only unless `all` was asked. */
export interface CapturedBlock {
  /** "layer 1", "encoder 1", "decoder 1 self", "decoder 1 cross". */
  readonly name: string;
  readonly kind: "self" | "cross";
  readonly layer: number;
  /** Whether a query may only see keys at or before it. */
  readonly causal: boolean;
  /** [B, queries, dModel] (Q) and [B, keys, dModel] (K, V), after the block's LayerNorm and projections. */
  readonly q: tf.Tensor3D;
  readonly k: tf.Tensor3D;
  readonly v: tf.Tensor3D;
  /** [B, heads, queries, keys]; each row sums to 1. */
  readonly weights: tf.Tensor4D;
}

/** Masked scores get this before the softmax: exp underflows to exactly 0 in float32, as −∞ would. */
const MASKED = -1e9;
const LN_EPSILON = 1e-5;

const isEncoderDecoder = (config: ModelConfig) => TASKS[config.task].format === "encoder-decoder";

/** Every weight's name and shape. */
export function paramShapes(config: ModelConfig): Record<string, number[]> {
  const { dModel: d, layers, ffn, maxPositions } = config;
  const vocab = vocabSize(config);
  const shapes: Record<string, number[]> = { embed: [vocab, d], positions: [maxPositions, d] };
  const attention = (prefix: string) => {
    shapes[`${prefix}.ln.g`] = [d];
    shapes[`${prefix}.ln.b`] = [d];
    for (const w of ["wq", "wk", "wv", "wo"]) shapes[`${prefix}.${w}`] = [d, d];
  };
  const feedForward = (prefix: string) => {
    if (ffn === 0) return;
    shapes[`${prefix}.ln.g`] = [d];
    shapes[`${prefix}.ln.b`] = [d];
    shapes[`${prefix}.w1`] = [d, ffn];
    shapes[`${prefix}.b1`] = [ffn];
    shapes[`${prefix}.w2`] = [ffn, d];
    shapes[`${prefix}.b2`] = [d];
  };
  const encoderDecoder = isEncoderDecoder(config);
  for (let l = 0; l < layers; l++) {
    if (encoderDecoder) {
      attention(`enc${l}.self`);
      feedForward(`enc${l}.ffn`);
    }
    attention(`dec${l}.self`);
    if (encoderDecoder) attention(`dec${l}.cross`);
    feedForward(`dec${l}.ffn`);
  }
  if (encoderDecoder) {
    shapes["enc.ln.g"] = [d];
    shapes["enc.ln.b"] = [d];
  }
  shapes["final.ln.g"] = [d];
  shapes["final.ln.b"] = [d];
  shapes["out.w"] = [d, vocab];
  shapes["out.b"] = [vocab];
  return shapes;
}

/**
 * Fresh weights from a seed, drawn in JavaScript so that every backend starts from the same numbers:
 * matrices N(0, 1/fan_in), embeddings and positions N(0, 1), LayerNorm gains 1, biases 0.
 */
export function initialWeights(config: ModelConfig, seed: number): Record<string, WeightEntry> {
  const random = createRandom(seed);
  const out: Record<string, WeightEntry> = {};
  for (const [name, shape] of Object.entries(paramShapes(config))) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith(".g")) data.fill(1);
    else if (shape.length === 2) {
      const std = name === "embed" || name === "positions" ? 1 : 1 / Math.sqrt(shape[0]!);
      for (let i = 0; i < size; i++) data[i] = random.normal() * std;
    }
    out[name] = { shape, data };
  }
  return out;
}

export function createParams(weights: Readonly<Record<string, WeightEntry>>, config: ModelConfig): Params {
  const params: Params = {};
  for (const [name, shape] of Object.entries(paramShapes(config))) {
    const w = weights[name];
    if (!w) throw new Error(`the model has no weight ${name}`);
    if (w.shape.join(",") !== shape.join(","))
      throw new Error(`weight ${name} is [${w.shape.join(", ")}]: this model needs [${shape.join(", ")}]`);
    // Unnamed: tfjs names are global, and two models (a shipped one and one training) may coexist.
    params[name] = tf.tidy(() => tf.variable(tf.tensor(w.data, shape, "float32"), true));
  }
  return params;
}

/** The weights as plain float32 arrays (downloads them from the backend). */
export async function readWeights(params: Params): Promise<Record<string, WeightEntry>> {
  const out: Record<string, WeightEntry> = {};
  for (const [name, v] of Object.entries(params)) {
    out[name] = { shape: v.shape, data: (await v.data()) as Float32Array };
  }
  return out;
}

export function disposeParams(params: Params): void {
  for (const v of Object.values(params)) v.dispose();
}

function p(params: Params, name: string): tf.Variable {
  const v = params[name];
  if (!v) throw new Error(`missing weight ${name}`);
  return v;
}

/**
 * LayerNorm over the last axis, with its gradient written out: tfjs's autodiff of the same ops took 30
 * kernels per call on the training step's tape, and a copy of every tensor each op saved. The forward pass
 * is the ops tf.moments and the division would run, in their order (the same float32 numbers).
 * Gradient (x̂ = normed, σ = std): dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / σ with dx̂ = dy·g;
 * dg = Σ dy·x̂ and db = Σ dy over every row.
 */
export const layerNormFused = tf.customGrad(((
  x: tf.Tensor,
  g: tf.Tensor,
  b: tf.Tensor,
  save: tf.GradSaveFunc,
) => {
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), -1, true), LN_EPSILON));
  const normed = tf.div(centred, std);
  save([normed, std, g]);
  return {
    value: tf.add(tf.mul(normed, g), b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [normed, std, g] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      const rows = dy.shape.slice(0, -1).map((_, i) => i);
      const dNormed = tf.mul(dy, g);
      const dx = tf.div(
        tf.sub(
          tf.sub(dNormed, tf.mean(dNormed, -1, true)),
          tf.mul(normed, tf.mean(tf.mul(dNormed, normed), -1, true)),
        ),
        std,
      );
      return [dx, tf.sum(tf.mul(dy, normed), rows), tf.sum(dy, rows)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as <T extends tf.Tensor>(
  x: T,
  g: tf.Tensor,
  b: tf.Tensor,
) => T;

function layerNorm(params: Params, prefix: string, x: tf.Tensor3D): tf.Tensor3D {
  return layerNormFused(x, p(params, `${prefix}.g`), p(params, `${prefix}.b`));
}

/**
 * x · w for x [r, d] and w [d, e], with a gradient made of un-transposed 2-D products: tfjs's own gradient
 * of matMul multiplies with transposeA or transposeB, which tfjs-wasm runs in a scalar loop instead of
 * XNNPACK (only un-transposed batch-1 products go there). Transposing x or w first is one cheap copy.
 */
const matMulFast = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
  x: tf.Tensor2D,
  w: tf.Tensor,
) => tf.Tensor2D;

/** [B, T, d] · [d, e] → [B, T, e], as one 2-D product. */
function project(x: tf.Tensor3D, w: tf.Tensor2D | tf.Variable): tf.Tensor3D {
  const [b, t, d] = x.shape;
  const e = w.shape[1]!;
  return tf.reshape(matMulFast(tf.reshape(x, [b * t, d]), w), [b, t, e]);
}

/** [B, T, h·d_h] → [B, h, T, d_h]: head i takes columns i·d_h … (i+1)·d_h − 1. */
function splitHeads(x: tf.Tensor3D, heads: number): tf.Tensor4D {
  const [b, t, d] = x.shape;
  return tf.transpose(tf.reshape(x, [b, t, heads, d / heads]), [0, 2, 1, 3]);
}

/** [queries, keys]: MASKED where key j > query i. */
function causalMask(queries: number, keys: number): tf.Tensor2D {
  const data = new Float32Array(queries * keys);
  for (let i = 0; i < queries; i++) for (let j = i + 1; j < keys; j++) data[i * keys + j] = MASKED;
  return tf.tensor2d(data, [queries, keys]);
}

/**
 * Scaled dot-product attention of heads q [B, h, queries, d_h], k and v [B, h, keys, d_h]: the weights
 * softmax(q·kᵀ/√d_h + mask) [B, h, queries, keys] and their mix of the values, weights·v.
 */
function attend(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask?: tf.Tensor2D) {
  let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(q.shape[3])) as tf.Tensor4D;
  if (mask) scores = tf.add(scores, mask);
  const weights = tf.softmax(scores) as tf.Tensor4D;
  return { weights, mixed: tf.matMul(weights, v) as tf.Tensor4D };
}

/**
 * attend's mix, with its gradient written out (tfjs's autodiff of the same ops put 25 more kernels and a
 * copy of each saved tensor on the tape, and summed the gradient of the constant mask over the batch).
 * With W the weights and dO the mix's gradient: dV = Wᵀ·dO, dW = dO·Vᵀ, the scores' gradient
 * dS = W ⊙ (dW − Σ_keys dW ⊙ W) / √d_h (softmax, then the scaling; the mask passes it through),
 * dQ = dS·K and dK = dSᵀ·Q.
 */
export const attendFused = (mask?: tf.Tensor2D) =>
  tf.customGrad(((q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, save: tf.GradSaveFunc) => {
    const { weights, mixed } = attend(q, k, v, mask);
    save([q, k, v, weights]);
    return {
      value: mixed,
      gradFunc: (dMixed: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [q, k, v, weights] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
        const dWeights = tf.matMul(dMixed, v, false, true);
        const dScores = tf.div(
          tf.mul(weights, tf.sub(dWeights, tf.sum(tf.mul(dWeights, weights), -1, true))),
          Math.sqrt(q.shape[3]),
        );
        return [tf.matMul(dScores, k), tf.matMul(dScores, q, true, false), tf.matMul(weights, dMixed, true)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    q: tf.Tensor4D,
    k: tf.Tensor4D,
    v: tf.Tensor4D,
  ) => tf.Tensor4D;

interface AttentionArgs {
  readonly prefix: string;
  readonly name: string;
  readonly kind: "self" | "cross";
  readonly layer: number;
  readonly causal: boolean;
  /** For a causal block, the [queries, keys] mask to add to its scores (built once per forward pass). */
  readonly mask?: tf.Tensor2D;
  /** The residual stream of the queries, and the (already normalised) memory for cross-attention. */
  readonly x: tf.Tensor3D;
  readonly memory?: tf.Tensor3D;
}

/** x + attention(LN(x)) · W_O, capturing the block if asked. */
function attentionBlock(
  params: Params,
  config: ModelConfig,
  { prefix, name, kind, layer, causal, mask, x, memory }: AttentionArgs,
  capture: CapturedBlock[] | undefined,
): tf.Tensor3D {
  const h = layerNorm(params, `${prefix}.ln`, x);
  const source = memory ?? h;
  const q = project(h, p(params, `${prefix}.wq`));
  const k = project(source, p(params, `${prefix}.wk`));
  const v = project(source, p(params, `${prefix}.wv`));
  const heads = config.heads;
  if (causal && !mask) throw new Error(`the causal block ${name} has no mask`);
  const [qh, kh, vh] = [splitHeads(q, heads), splitHeads(k, heads), splitHeads(v, heads)];
  let out: tf.Tensor4D;
  if (capture) {
    const { weights, mixed } = attend(qh, kh, vh, causal ? mask : undefined);
    capture.push({ name, kind, layer, causal, q, k, v, weights });
    out = mixed;
  } else out = attendFused(causal ? mask : undefined)(qh, kh, vh);
  const [b, t] = q.shape;
  const mixed = tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [b, t, config.dModel]) as tf.Tensor3D;
  return tf.add(x, project(mixed, p(params, `${prefix}.wo`)));
}

function feedForward(params: Params, config: ModelConfig, prefix: string, x: tf.Tensor3D): tf.Tensor3D {
  if (config.ffn === 0) return x;
  const h = layerNorm(params, `${prefix}.ln`, x);
  const hidden = tf.relu(tf.add(project(h, p(params, `${prefix}.w1`)), p(params, `${prefix}.b1`)));
  return tf.add(
    x,
    tf.add(project(hidden as tf.Tensor3D, p(params, `${prefix}.w2`)), p(params, `${prefix}.b2`)),
  );
}

/** Token ids [B, T] → embeddings with positions added, [B, T, d]. One-hot products, whose gradient every backend has. */
function embed(params: Params, config: ModelConfig, tokens: tf.Tensor2D): tf.Tensor3D {
  const [b, t] = tokens.shape;
  if (t > config.maxPositions)
    throw new Error(`a sequence of ${t} tokens is longer than this model's ${config.maxPositions} positions`);
  const vocab = vocabSize(config);
  const oneHot = tf.reshape(tf.oneHot(tf.reshape(tokens, [b * t]), vocab), [b * t, vocab]);
  const x = tf.reshape(tf.matMul(oneHot, p(params, "embed")), [b, t, config.dModel]);
  return tf.add(x, tf.slice(p(params, "positions"), [0, 0], [t, config.dModel])) as tf.Tensor3D;
}

/**
 * Logits [B, T, vocab] for the decoder's tokens [B, T] (int32), given the encoder's tokens [B, S] for an
 * encoder–decoder. Pushes every attention block to `capture`, in the order they run.
 */
export function forward(
  params: Params,
  config: ModelConfig,
  tokens: tf.Tensor2D,
  sourceTokens?: tf.Tensor2D,
  capture?: CapturedBlock[],
): tf.Tensor3D {
  let memory: tf.Tensor3D | undefined;
  if (isEncoderDecoder(config)) {
    if (!sourceTokens) throw new Error("an encoder–decoder needs source tokens");
    let e = embed(params, config, sourceTokens);
    for (let l = 0; l < config.layers; l++) {
      e = attentionBlock(
        params,
        config,
        { prefix: `enc${l}.self`, name: `encoder ${l + 1}`, kind: "self", layer: l, causal: false, x: e },
        capture,
      );
      e = feedForward(params, config, `enc${l}.ffn`, e);
    }
    memory = layerNorm(params, "enc.ln", e);
  }
  let x = embed(params, config, tokens);
  // Every decoder self-attention block has T queries and T keys: one mask serves them all.
  const mask = causalMask(tokens.shape[1], tokens.shape[1]);
  for (let l = 0; l < config.layers; l++) {
    const self = memory ? `decoder ${l + 1} self` : `layer ${l + 1}`;
    x = attentionBlock(
      params,
      config,
      { prefix: `dec${l}.self`, name: self, kind: "self", layer: l, causal: true, mask, x },
      capture,
    );
    if (memory) {
      x = attentionBlock(
        params,
        config,
        {
          prefix: `dec${l}.cross`,
          name: `decoder ${l + 1} cross`,
          kind: "cross",
          layer: l,
          causal: false,
          x,
          memory,
        },
        capture,
      );
    }
    x = feedForward(params, config, `dec${l}.ffn`, x);
  }
  return tf.add(project(layerNorm(params, "final.ln", x), p(params, "out.w")), p(params, "out.b"));
}

/**
 * Mean cross-entropy over the scored positions. logits [B, T, V], targets [B, T] int32, lossWeights: T
 * numbers, 1 where a position is scored (every example of a batch has one length, so one list serves all).
 */
export function maskedCrossEntropy(
  logits: tf.Tensor3D,
  targets: tf.Tensor2D,
  lossWeights: readonly number[],
): tf.Scalar {
  const [batch, length, vocab] = logits.shape;
  if (lossWeights.length !== length)
    throw new Error(`${lossWeights.length} loss weights for ${length} positions`);
  const count = Math.max(1, batch * lossWeights.reduce((a, b) => a + b, 0));
  const oneHot = tf.oneHot(targets, vocab);
  const weights = tf.tensor1d(lossWeights as number[]);
  // The gradient written out, as for LayerNorm: d loss / d logits = (softmax − one-hot) · weight / count.
  // The forward pass's own tensors are freed before the backward pass runs: what it needs is saved.
  const loss = tf.customGrad(((logits: tf.Tensor3D, save: tf.GradSaveFunc) => {
    const logProbabilities = tf.logSoftmax(logits);
    save([logProbabilities, oneHot, weights]);
    const picked = tf.sum(tf.mul(logProbabilities, oneHot), -1); // [B, T]
    return {
      value: tf.div(tf.neg(tf.sum(tf.mul(picked, weights))), count),
      gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
        const [logProbabilities, oneHot, weights] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor1D];
        return tf.mul(
          tf.sub(tf.exp(logProbabilities), oneHot),
          tf.reshape(tf.mul(weights, tf.div(dy, count)), [1, length, 1]),
        );
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (logits: tf.Tensor3D) => tf.Scalar;
  return loss(logits);
}
