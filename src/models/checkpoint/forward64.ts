/**
 * The float64 forward pass of a loaded checkpoint: the reference that the engine's tfjs forward pass is held
 * to (checkpoint.test.ts), written from the published model definitions (transformers' modeling_gpt2 and
 * modeling_llama) with plain loops, sharing no code with the engine.
 */
import type { CheckpointConfig } from "./config";
import type { CheckpointWeights } from "./weights";

export interface CheckpointTrace {
  /** attention[layer][head]: [queries, keys] row-major, causal; each row sums to 1. */
  readonly attention: Float64Array[][];
  /** Which KV head each query head read (grouped-query attention); the identity for GPT-2. */
  readonly kvHeadOf: readonly number[];
  /** [tokens, vocab] row-major: the next-token logits after each position. */
  readonly logits: Float64Array;
}

/** y[n, out] = x[n, inDim] · W, with W stored [inDim, out] (transposed: false) or [out, inDim] (true). */
function linear(
  x: Float64Array,
  n: number,
  inDim: number,
  w: Float32Array,
  out: number,
  transposed: boolean,
  bias?: Float32Array,
): Float64Array {
  const y = new Float64Array(n * out);
  for (let i = 0; i < n; i++) {
    for (let o = 0; o < out; o++) {
      let s = bias ? bias[o]! : 0;
      for (let k = 0; k < inDim; k++)
        s += x[i * inDim + k]! * (transposed ? w[o * inDim + k]! : w[k * out + o]!);
      y[i * out + o] = s;
    }
  }
  return y;
}

function layerNorm(
  x: Float64Array,
  n: number,
  d: number,
  w: Float32Array,
  b: Float32Array,
  eps: number,
): Float64Array {
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let k = 0; k < d; k++) mean += x[i * d + k]!;
    mean /= d;
    let variance = 0;
    for (let k = 0; k < d; k++) variance += (x[i * d + k]! - mean) ** 2;
    variance /= d;
    const inv = 1 / Math.sqrt(variance + eps);
    for (let k = 0; k < d; k++) y[i * d + k] = (x[i * d + k]! - mean) * inv * w[k]! + b[k]!;
  }
  return y;
}

function rmsNorm(x: Float64Array, n: number, d: number, w: Float32Array, eps: number): Float64Array {
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let ms = 0;
    for (let k = 0; k < d; k++) ms += x[i * d + k]! ** 2;
    const inv = 1 / Math.sqrt(ms / d + eps);
    for (let k = 0; k < d; k++) y[i * d + k] = x[i * d + k]! * inv * w[k]!;
  }
  return y;
}

/** GPT-2's "gelu_new": the tanh approximation. */
const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
const silu = (x: number) => x / (1 + Math.exp(-x));

/**
 * RoPE, "half" layout (Hugging Face Llama): in each head, x_i pairs with x_{i+headDim/2} and turns by p·θ_i,
 * θ_i = base^(−2i/headDim), p the 0-based position. Rotates x [n, heads·headDim] in place.
 */
function rope(x: Float64Array, n: number, heads: number, headDim: number, base: number): void {
  const half = headDim / 2;
  for (let p = 0; p < n; p++) {
    for (let h = 0; h < heads; h++) {
      const at = p * heads * headDim + h * headDim;
      for (let i = 0; i < half; i++) {
        const angle = p * base ** ((-2 * i) / headDim);
        const a = x[at + i]!;
        const b = x[at + i + half]!;
        x[at + i] = a * Math.cos(angle) - b * Math.sin(angle);
        x[at + i + half] = a * Math.sin(angle) + b * Math.cos(angle);
      }
    }
  }
}

/** Causal attention of one head: q [n, ·] at column qAt (stride qStride), likewise k and v; adds into out. */
function causalHead(
  n: number,
  hd: number,
  q: Float64Array,
  qStride: number,
  qAt: number,
  k: Float64Array,
  kStride: number,
  kAt: number,
  v: Float64Array,
  vStride: number,
  vAt: number,
  out: Float64Array,
  outStride: number,
  outAt: number,
): Float64Array {
  const weights = new Float64Array(n * n);
  const scale = 1 / Math.sqrt(hd);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let c = 0; c < hd; c++) s += q[i * qStride + qAt + c]! * k[j * kStride + kAt + c]!;
      weights[i * n + j] = s * scale;
      max = Math.max(max, s * scale);
    }
    let sum = 0;
    for (let j = 0; j <= i; j++) sum += weights[i * n + j] = Math.exp(weights[i * n + j]! - max);
    for (let j = 0; j <= i; j++) weights[i * n + j]! /= sum;
    for (let c = 0; c < hd; c++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += weights[i * n + j]! * v[j * vStride + vAt + c]!;
      out[i * outStride + outAt + c] = s;
    }
  }
  return weights;
}

export function forward64(
  config: CheckpointConfig,
  weights: CheckpointWeights,
  tokens: readonly number[],
): CheckpointTrace {
  const n = tokens.length;
  const { dModel: d, heads, kvHeads, headDim: hd, ffn, vocab, normEps: eps } = config;
  const kvHeadOf = Array.from({ length: heads }, (_, h) => Math.floor((h * kvHeads) / heads));
  const attention: Float64Array[][] = [];
  let x: Float64Array = new Float64Array(n * d);
  const embed = weights.family === "gpt2" ? weights.wte : weights.embed;
  tokens.forEach((t, i) => {
    for (let c = 0; c < d; c++) {
      x[i * d + c] = embed[t * d + c]! + (weights.family === "gpt2" ? weights.wpe[i * d + c]! : 0);
    }
  });
  const add = (into: Float64Array, y: Float64Array) => into.forEach((_, i) => (into[i]! += y[i]!));

  if (weights.family === "gpt2") {
    for (const L of weights.layers) {
      const h = layerNorm(x, n, d, L.ln1.w, L.ln1.b, eps);
      const qkv = linear(h, n, d, L.qkvW, 3 * d, false, L.qkvB);
      const concat = new Float64Array(n * d);
      attention.push(
        Array.from({ length: heads }, (_, hh) =>
          causalHead(
            n,
            hd,
            qkv,
            3 * d,
            hh * hd,
            qkv,
            3 * d,
            d + hh * hd,
            qkv,
            3 * d,
            2 * d + hh * hd,
            concat,
            d,
            hh * hd,
          ),
        ),
      );
      add(x, linear(concat, n, d, L.projW, d, false, L.projB));
      const h2 = layerNorm(x, n, d, L.ln2.w, L.ln2.b, eps);
      const up = linear(h2, n, d, L.fcW, ffn, false, L.fcB).map(gelu);
      add(x, linear(up, n, ffn, L.outW, d, false, L.outB));
    }
    x = layerNorm(x, n, d, weights.lnF.w, weights.lnF.b, eps);
  } else {
    for (const L of weights.layers) {
      const h = rmsNorm(x, n, d, L.inputNorm, eps);
      const q = linear(h, n, d, L.q, heads * hd, true);
      const k = linear(h, n, d, L.k, kvHeads * hd, true);
      const v = linear(h, n, d, L.v, kvHeads * hd, true);
      rope(q, n, heads, hd, config.ropeTheta);
      rope(k, n, kvHeads, hd, config.ropeTheta);
      const concat = new Float64Array(n * heads * hd);
      attention.push(
        Array.from({ length: heads }, (_, hh) => {
          const g = kvHeadOf[hh]!;
          return causalHead(
            n,
            hd,
            q,
            heads * hd,
            hh * hd,
            k,
            kvHeads * hd,
            g * hd,
            v,
            kvHeads * hd,
            g * hd,
            concat,
            heads * hd,
            hh * hd,
          );
        }),
      );
      add(x, linear(concat, n, heads * hd, L.o, d, true));
      const h2 = rmsNorm(x, n, d, L.postNorm, eps);
      const gate = linear(h2, n, d, L.gate, ffn, true);
      const up = linear(h2, n, d, L.up, ffn, true);
      add(
        x,
        linear(
          gate.map((g, i) => silu(g) * up[i]!),
          n,
          ffn,
          L.down,
          d,
          true,
        ),
      );
    }
    x = rmsNorm(x, n, d, weights.norm, eps);
  }
  return { attention, kvHeadOf, logits: linear(x, n, d, weights.lmHead, vocab, true) };
}
