/**
 * A small transformer written with tfjs ops, so that it trains on any backend: token embeddings plus
 * learned positions, pre-LayerNorm blocks of multi-head scaled-dot attention (and, unless ffn is 0, a ReLU
 * feed-forward block), a final LayerNorm and an output projection. Its training step's gradients are
 * written out layer by layer (Tape, below), not left to tfjs's autodiff.
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
 * The training step's reverse pass, one entry per layer. tfjs's autodiff records every kernel with a copy
 * of each tensor its gradient needs and searches that tape for the path from the weights to the loss: 923
 * kernels a step, and bookkeeping that V8 re-optimised again and again in a browser's worker. Here each
 * layer (LayerNorm, a projection, attention, …) records one function that turns its output's gradient into
 * its inputs' and weights', written out next to its forward code, and `backward` runs them last to first.
 * The forward pass is the same code with or without a tape; transformer.test.ts checks every weight's
 * gradient against tfjs's autodiff of it.
 */
export class Tape {
  private readonly layers: { readonly output: tf.Tensor; readonly backward: (dy: tf.Tensor) => void }[] = [];
  private readonly gradients = new Map<tf.Tensor, tf.Tensor>();

  /** Adds a layer: `backward` gets the gradient of `output`, once every later layer has given theirs. */
  record(output: tf.Tensor, backward: (dy: tf.Tensor) => void): void {
    this.layers.push({ output, backward });
  }

  /** Adds to t's gradient: a tensor read by two layers (the residual stream) gets the sum of both. */
  accumulate(t: tf.Tensor, gradient: tf.Tensor): void {
    const had = this.gradients.get(t);
    this.gradients.set(t, had ? tf.add(had, gradient) : gradient);
  }

  /** The gradient of the loss with respect to t (undefined where t does not lead to it). */
  gradient(t: tf.Tensor): tf.Tensor | undefined {
    return this.gradients.get(t);
  }

  /** Runs the reverse pass from the scalar loss. */
  backward(loss: tf.Scalar): void {
    this.gradients.set(loss, tf.onesLike(loss));
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const { output, backward } = this.layers[i]!;
      const dy = this.gradients.get(output);
      if (dy) backward(dy);
    }
  }
}

/**
 * LayerNorm of each row of x [R, d]. Its gradient (x̂ = normed, σ = std, dx̂ = dy·g):
 * dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / σ, dg = Σ dy·x̂ and db = Σ dy over every row.
 */
function layerNorm(params: Params, prefix: string, x: tf.Tensor2D, tape?: Tape): tf.Tensor2D {
  const g = p(params, `${prefix}.g`);
  const b = p(params, `${prefix}.b`);
  // The ops tf.moments and a division would run, in their order.
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), -1, true), LN_EPSILON));
  const normed = tf.div(centred, std);
  const y = tf.add(tf.mul(normed, g), b) as tf.Tensor2D;
  tape?.record(y, (dy) => {
    const dNormed = tf.mul(dy, g);
    const dCentred = tf.sub(
      tf.sub(dNormed, tf.mean(dNormed, -1, true)),
      tf.mul(normed, tf.mean(tf.mul(dNormed, normed), -1, true)),
    );
    tape.accumulate(x, tf.div(dCentred, std));
    tape.accumulate(g, tf.sum(tf.mul(dy, normed), 0));
    tape.accumulate(b, tf.sum(dy, 0));
  });
  return y;
}

/**
 * x [R, d] · w [d, e] (+ b [e]) → [R, e], one 2-D product. Its gradient is made of un-transposed 2-D
 * products (dx = dy·wᵀ, dw = xᵀ·dy): tfjs-wasm runs those in XNNPACK and a transposed operand in a scalar
 * loop, so transposing w or x first (one cheap copy) is the fast way.
 */
function linear(x: tf.Tensor2D, w: tf.Variable, b: tf.Variable | undefined, tape?: Tape): tf.Tensor2D {
  const product = tf.matMul(x, w as tf.Tensor2D) as tf.Tensor2D;
  const y = b ? (tf.add(product, b) as tf.Tensor2D) : product;
  tape?.record(y, (dy) => {
    const dRows = dy as tf.Tensor2D;
    tape.accumulate(x, tf.matMul(dRows, tf.transpose(w as tf.Tensor2D)));
    tape.accumulate(w, weightGradient(x, dRows));
    if (b) tape.accumulate(b, tf.sum(dRows, 0));
  });
  return y;
}

/**
 * A projection's weight gradient xᵀ·dy, for x [r, d] and dy [r, e]. tfjs-wasm's XNNPACK packs a product's
 * right operand before it multiplies (about 5 ns a number: more than the product itself for [832, 32]) and
 * keeps it packed while that tensor lives. So the smaller of the two goes right, and on a tie x, as
 * (dyᵀ·x)ᵀ: Q, K and V read one x, which is packed once for their three gradients.
 */
function weightGradient(x: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor2D {
  return dy.shape[1] < x.shape[1]
    ? tf.matMul(tf.transpose(x), dy)
    : tf.transpose(tf.matMul(tf.transpose(dy), x) as tf.Tensor2D);
}

/** a + b, as the residual stream adds a block's output to its input. */
function residual(a: tf.Tensor2D, b: tf.Tensor2D, tape?: Tape): tf.Tensor2D {
  const y = tf.add(a, b) as tf.Tensor2D;
  tape?.record(y, (dy) => {
    tape.accumulate(a, dy);
    tape.accumulate(b, dy);
  });
  return y;
}

/**
 * The stream's rows [T·B, h·d_h] as [T, B·h, d_h]: one "channel" per batch item and head (channel b·h + i
 * is head i of item b, its columns i·d_h … (i+1)·d_h − 1), the layout attention's products take (below). A
 * reshape: the stream's rows are kept time first (row t·B + b) for this.
 */
const byChannel = (x: tf.Tensor2D, batch: number, heads: number): tf.Tensor3D => {
  const [rows, d] = x.shape;
  return tf.reshape(x, [rows / batch, batch * heads, d / heads]);
};

/** [T, B, d] ⇄ [B, T, d]: the stream for a reader that wants a batch item's positions together. */
const batchFirst = (x: tf.Tensor3D): tf.Tensor3D => tf.transpose(x, [1, 0, 2]);

/** The stream's rows [T·B, d] as [B, T, d]. */
const rowsBatchFirst = (x: tf.Tensor2D, batch: number): tf.Tensor3D =>
  batchFirst(tf.reshape(x, [x.shape[0] / batch, batch, x.shape[1]]));

/** [T, B·h, d_h] → rows [T·B, h·d_h], byChannel undone. */
const fromChannels = (x: tf.Tensor3D, batch: number): tf.Tensor2D => {
  const [t, channels, dHead] = x.shape;
  return tf.reshape(x, [t * batch, (channels / batch) * dHead]);
};

/**
 * out[y, c, :] = Σ_k a[y, k, c] · b[k, c, :]: one product a_c · b_c for every channel c (a batch item's
 * head), a [Y, K, C] and b [K, C, M] → [Y, C, M]. Written as a depthwise convolution (the image a, K wide;
 * the filter b, 1 × K, M outputs a channel), because tfjs-wasm runs that in XNNPACK, where a batched matMul
 * takes a scalar loop: 4× faster for a training step's [128, 13, 13] · [128, 13, 16] (0.59 → 0.14 ms).
 */
function channelProduct(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const [y, k, c] = a.shape;
  const m = b.shape[2];
  const image = tf.reshape(a, [1, y, k, c]) as tf.Tensor4D;
  const filter = tf.reshape(b, [1, k, c, m]) as tf.Tensor4D;
  return tf.reshape(tf.depthwiseConv2d(image, filter, 1, "valid"), [y, c, m]);
}

/** [queries, keys]: MASKED where key j > query i. */
function causalMask(queries: number, keys: number): tf.Tensor2D {
  const data = new Float32Array(queries * keys);
  for (let i = 0; i < queries; i++) for (let j = i + 1; j < keys; j++) data[i * keys + j] = MASKED;
  return tf.tensor2d(data, [queries, keys]);
}

/**
 * Multi-head scaled dot-product attention of the rows q [queries·B, d], k and v [keys·B, d]: the weights
 * W = softmax(q·kᵀ/√d_h + mask) and their mix of the values, heads merged, as rows [queries·B, d]. The
 * weights are kept [queries, B·h, keys] (byChannel's layout: rows are still queries, columns keys);
 * `headsFirst` turns them into [B, h, queries, keys]. Its gradient, per head, with dO the mix's:
 * dV = Wᵀ·dO, dW = dO·Vᵀ, the scores' gradient dS = W ⊙ (dW − Σ_keys dW ⊙ W) / √d_h (the softmax's, then
 * the scaling's; the mask passes it through), dQ = dS·K and dK = dSᵀ·Q. Each product is a channelProduct
 * of byChannel tensors, their axes swapped (a copy) to the order it takes.
 */
function attention(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  batch: number,
  heads: number,
  mask: tf.Tensor2D | undefined,
  tape?: Tape,
): { readonly weights: tf.Tensor3D; readonly mixed: tf.Tensor2D } {
  const d = q.shape[1];
  const [qc, kc, vc] = [q, k, v].map((x) => byChannel(x, batch, heads)) as [
    tf.Tensor3D,
    tf.Tensor3D,
    tf.Tensor3D,
  ];
  const [queries, keys] = [qc.shape[0], kc.shape[0]];
  const scale = Math.sqrt(d / heads);
  // [queries, d_h, C] · [d_h, C, keys] → scores [queries, C, keys].
  let scores = tf.div(channelProduct(tf.transpose(qc, [0, 2, 1]), tf.transpose(kc, [2, 1, 0])), scale);
  if (mask) scores = tf.add(scores, tf.reshape(mask, [queries, 1, keys]));
  const weights = tf.softmax(scores) as tf.Tensor3D;
  // [queries, keys, C] · [keys, C, d_h] → [queries, C, d_h].
  const mixed = fromChannels(channelProduct(tf.transpose(weights, [0, 2, 1]), vc), batch);
  tape?.record(mixed, (dy) => {
    const dMixed = byChannel(dy as tf.Tensor2D, batch, heads);
    const dWeights = channelProduct(tf.transpose(dMixed, [0, 2, 1]), tf.transpose(vc, [2, 1, 0]));
    const dScores = tf.div(
      tf.mul(weights, tf.sub(dWeights, tf.sum(tf.mul(dWeights, weights), -1, true))),
      scale,
    ) as tf.Tensor3D;
    tape.accumulate(q, fromChannels(channelProduct(tf.transpose(dScores, [0, 2, 1]), kc), batch));
    tape.accumulate(k, fromChannels(channelProduct(tf.transpose(dScores, [2, 0, 1]), qc), batch));
    tape.accumulate(v, fromChannels(channelProduct(tf.transpose(weights, [2, 0, 1]), dMixed), batch));
  });
  return { weights, mixed };
}

/** Attention weights [queries, B·h, keys] → [B, h, queries, keys]. */
function headsFirst(weights: tf.Tensor3D, batch: number): tf.Tensor4D {
  const [queries, channels, keys] = weights.shape;
  return tf.transpose(tf.reshape(weights, [queries, batch, channels / batch, keys]), [1, 2, 0, 3]);
}

interface AttentionArgs {
  readonly prefix: string;
  readonly name: string;
  readonly kind: "self" | "cross";
  readonly layer: number;
  readonly causal: boolean;
  /** For a causal block, the [queries, keys] mask to add to its scores (built once per forward pass). */
  readonly mask?: tf.Tensor2D;
  /** The residual stream of the queries, and the (already normalised) memory for cross-attention: rows [T·B, d]. */
  readonly x: tf.Tensor2D;
  readonly memory?: tf.Tensor2D;
  readonly batch: number;
}

/** x + attention(LN(x)) · W_O, capturing the block if asked. */
function attentionBlock(
  params: Params,
  config: ModelConfig,
  { prefix, name, kind, layer, causal, mask, x, memory, batch }: AttentionArgs,
  capture: CapturedBlock[] | undefined,
  tape: Tape | undefined,
): tf.Tensor2D {
  if (causal && !mask) throw new Error(`the causal block ${name} has no mask`);
  const h = layerNorm(params, `${prefix}.ln`, x, tape);
  const source = memory ?? h;
  const q = linear(h, p(params, `${prefix}.wq`), undefined, tape);
  const k = linear(source, p(params, `${prefix}.wk`), undefined, tape);
  const v = linear(source, p(params, `${prefix}.wv`), undefined, tape);
  const { weights, mixed } = attention(q, k, v, batch, config.heads, causal ? mask : undefined, tape);
  if (capture) {
    // The page reads a block batch item first (CapturedBlock).
    const [qb, kb, vb] = [q, k, v].map((t) => rowsBatchFirst(t, batch)) as [
      tf.Tensor3D,
      tf.Tensor3D,
      tf.Tensor3D,
    ];
    capture.push({ name, kind, layer, causal, q: qb, k: kb, v: vb, weights: headsFirst(weights, batch) });
  }
  return residual(x, linear(mixed, p(params, `${prefix}.wo`), undefined, tape), tape);
}

/** x + W_2·ReLU(W_1·LN(x) + b_1) + b_2, or x where the model has no feed-forward blocks. */
function feedForward(
  params: Params,
  config: ModelConfig,
  prefix: string,
  x: tf.Tensor2D,
  tape?: Tape,
): tf.Tensor2D {
  if (config.ffn === 0) return x;
  const h = layerNorm(params, `${prefix}.ln`, x, tape);
  const before = linear(h, p(params, `${prefix}.w1`), p(params, `${prefix}.b1`), tape);
  const hidden = tf.relu(before) as tf.Tensor2D;
  tape?.record(hidden, (dy) => tape.accumulate(before, tf.mul(dy, tf.step(before))));
  return residual(x, linear(hidden, p(params, `${prefix}.w2`), p(params, `${prefix}.b2`), tape), tape);
}

/**
 * Token ids [B, T] → embeddings with positions added, as the stream's rows, time first: [T·B, d]. As one
 * product (which every backend runs fast) of a "two-hot" row per token, its id's one and, after the
 * vocabulary, its position's, with the embedding table and the position table stacked [vocab + P, d]:
 * one row of each is added, exactly as a sum would. Gradient: d tables = two-hotᵀ · dx, cut apart.
 */
function embed(params: Params, config: ModelConfig, tokens: tf.Tensor2D, tape?: Tape): tf.Tensor2D {
  const [b, t] = tokens.shape;
  const [d, positions] = [config.dModel, config.maxPositions];
  if (t > positions)
    throw new Error(`a sequence of ${t} tokens is longer than this model's ${positions} positions`);
  const vocab = vocabSize(config);
  const width = vocab + positions;
  const ids = tf.reshape(tf.transpose(tokens), [t * b]);
  const positionsHot = new Float32Array(t * b * width);
  for (let row = 0; row < t * b; row++) positionsHot[row * width + vocab + Math.floor(row / b)] = 1;
  const twoHot = tf.add(
    // float32 by a cast: tfjs-wasm's OneHot writes int32 whatever dtype it is asked for.
    tf.cast(tf.oneHot(ids, width), "float32"),
    tf.tensor2d(positionsHot, [t * b, width]),
  ) as tf.Tensor2D;
  const [tokenTable, positionTable] = [p(params, "embed"), p(params, "positions")];
  const x = tf.matMul(twoHot, tf.concat([tokenTable, positionTable], 0) as tf.Tensor2D) as tf.Tensor2D;
  tape?.record(x, (dx) => {
    const dTables = tf.matMul(tf.transpose(twoHot), dx as tf.Tensor2D);
    tape.accumulate(tokenTable, tf.slice(dTables, [0, 0], [vocab, d]));
    tape.accumulate(positionTable, tf.slice(dTables, [vocab, 0], [positions, d]));
  });
  return x;
}

/**
 * Logits [B, T, vocab] for the decoder's tokens [B, T] (int32), given the encoder's tokens [B, S] for an
 * encoder–decoder. Pushes every attention block to `capture`, in the order they run, and every layer to
 * `tape` for a training step's reverse pass. Inside, the residual stream is rows [T·B, d], time first (row
 * t·B + b): each layer but attention reads them as rows whatever their order, and attention's products
 * want them so (byChannel). Rows, not [T, B, d]: every product takes 2-D operands, and a reshape before
 * and after each was two dispatches more.
 */
export function forward(
  params: Params,
  config: ModelConfig,
  tokens: tf.Tensor2D,
  sourceTokens?: tf.Tensor2D,
  capture?: CapturedBlock[],
  tape?: Tape,
): tf.Tensor3D {
  const batch = tokens.shape[0];
  let memory: tf.Tensor2D | undefined;
  if (isEncoderDecoder(config)) {
    if (!sourceTokens) throw new Error("an encoder–decoder needs source tokens");
    let e = embed(params, config, sourceTokens, tape);
    for (let l = 0; l < config.layers; l++) {
      e = attentionBlock(
        params,
        config,
        {
          prefix: `enc${l}.self`,
          name: `encoder ${l + 1}`,
          kind: "self",
          layer: l,
          causal: false,
          x: e,
          batch,
        },
        capture,
        tape,
      );
      e = feedForward(params, config, `enc${l}.ffn`, e, tape);
    }
    memory = layerNorm(params, "enc.ln", e, tape);
  }
  let x = embed(params, config, tokens, tape);
  // Every decoder self-attention block has T queries and T keys: one mask serves them all.
  const mask = causalMask(tokens.shape[1], tokens.shape[1]);
  for (let l = 0; l < config.layers; l++) {
    const self = memory ? `decoder ${l + 1} self` : `layer ${l + 1}`;
    x = attentionBlock(
      params,
      config,
      { prefix: `dec${l}.self`, name: self, kind: "self", layer: l, causal: true, mask, x, batch },
      capture,
      tape,
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
          batch,
        },
        capture,
        tape,
      );
    }
    x = feedForward(params, config, `dec${l}.ffn`, x, tape);
  }
  const normed = layerNorm(params, "final.ln", x, tape);
  const out = linear(normed, p(params, "out.w"), p(params, "out.b"), tape);
  const logits = rowsBatchFirst(out, batch);
  tape?.record(logits, (dy) =>
    tape.accumulate(out, tf.reshape(batchFirst(dy as tf.Tensor3D), out.shape) as tf.Tensor2D),
  );
  return logits;
}

/**
 * Mean cross-entropy over the scored positions. logits [B, T, V], targets [B, T] int32, lossWeights: T
 * numbers, 1 where a position is scored (every example of a batch has one length, so one list serves all).
 * Gradient: d logits = (softmax − one-hot) · weight / count.
 */
export function maskedCrossEntropy(
  logits: tf.Tensor3D,
  targets: tf.Tensor2D,
  lossWeights: readonly number[],
  tape?: Tape,
): tf.Scalar {
  const [batch, length, vocab] = logits.shape;
  if (lossWeights.length !== length)
    throw new Error(`${lossWeights.length} loss weights for ${length} positions`);
  const count = Math.max(1, batch * lossWeights.reduce((a, b) => a + b, 0));
  const oneHot = tf.oneHot(targets, vocab);
  const weights = tf.tensor1d(lossWeights as number[]);
  // tf.logSoftmax's steps, written out: the reverse pass divides exp(shifted) for the softmax, not a new exp.
  const shifted = tf.sub(logits, tf.max(logits, -1, true));
  const exps = tf.exp(shifted);
  const sums = tf.sum(exps, -1, true);
  const logProbabilities = tf.sub(shifted, tf.log(sums));
  const picked = tf.sum(tf.mul(logProbabilities, oneHot), -1); // [B, T]
  const loss = tf.div(tf.neg(tf.sum(tf.mul(picked, weights))), count) as tf.Scalar;
  tape?.record(loss, (dy) => {
    const perPosition = tf.reshape(tf.mul(weights, tf.div(dy, count)), [1, length, 1]);
    tape.accumulate(logits, tf.mul(tf.sub(tf.div(exps, sums), oneHot), perPosition));
  });
  return loss;
}

/**
 * The loss of one batch and the gradient of every weight, in `variables`' order. Every weight of every
 * model leads to the loss: one that got no gradient is a layer whose reverse step is missing, and throws.
 * Call inside tf.tidy: the forward pass's tensors live until the reverse pass.
 */
export function lossAndGradients(
  params: Params,
  config: ModelConfig,
  batch: { tokens: tf.Tensor2D; targets: tf.Tensor2D; source?: tf.Tensor2D; lossWeights: readonly number[] },
  variables: readonly tf.Variable[],
): { loss: tf.Scalar; gradients: tf.Tensor[] } {
  const tape = new Tape();
  const logits = forward(params, config, batch.tokens, batch.source, undefined, tape);
  const loss = maskedCrossEntropy(logits, batch.targets, batch.lossWeights, tape);
  tape.backward(loss);
  const gradients = variables.map((v) => {
    const gradient = tape.gradient(v);
    if (gradient) return gradient;
    const name = Object.entries(params).find(([, p]) => p === v)?.[0] ?? v.name;
    throw new Error(`no gradient reached the weight ${name}`);
  });
  return { loss, gradients };
}
