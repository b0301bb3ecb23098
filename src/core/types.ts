/**
 * Shared types of the attention engine.
 *
 * Conventions, everywhere in this project:
 * - row vectors: a token's vector is a row; X is [n, d_model];
 * - Q = X·W_Q, K = X_kv·W_K, V = X_kv·W_V (X_kv = X for self-attention);
 * - in every score or weight matrix, rows are queries and columns are keys;
 * - all matrices are row-major: entry (i, j) of an [r, c] matrix is data[i * c + j].
 */

/** Storage of every numeric array: float64 from the reference, float32 from tfjs. */
export type Floats = Float64Array | Float32Array;

/** An [rows, cols] matrix, row-major. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Floats;
}

/** A stack of `depth` matrices of shape [rows, cols], row-major: [depth, rows, cols] (depth = heads). */
export interface Stack {
  readonly depth: number;
  readonly rows: number;
  readonly cols: number;
  readonly data: Floats;
}

/**
 * What callers may pass for a matrix: nested arrays (rows of numbers) or a Matrix. A Matrix of float64 is
 * used as given, not copied: do not change its numbers while a computation that uses them runs.
 */
export type MatrixLike = readonly (readonly number[])[] | Matrix;

export type ScoreFunction = "dot" | "scaled-dot" | "general" | "additive" | "cosine";
export const SCORE_FUNCTIONS: readonly ScoreFunction[] = [
  "dot",
  "scaled-dot",
  "general",
  "additive",
  "cosine",
];

/**
 * Parameters of the score functions that have them, one entry per head.
 * - general: s = q·W·kᵀ, W is [d_k, d_k] per head;
 * - additive: s = vᵀ·tanh(q·W_q + k·W_k), W_q and W_k are [d_k, d_a], v has d_a entries, per head.
 */
export interface ScoreParams {
  readonly general?: readonly MatrixLike[];
  readonly additive?: readonly {
    readonly wq: MatrixLike;
    readonly wk: MatrixLike;
    readonly v: readonly number[];
  }[];
}

/**
 * Which (query, key) pairs are hidden. Masked scores become −∞ before the softmax.
 * - causal: key j is masked for query i when j > i;
 * - padding: keys j ≥ validLength are masked for every query;
 * - custom: masked[i][j] true (or 1) hides key j from query i; shape [queries, keys].
 */
export type MaskSpec =
  | { readonly kind: "none" }
  | { readonly kind: "causal" }
  | { readonly kind: "padding"; readonly validLength: number }
  | { readonly kind: "custom"; readonly masked: readonly (readonly (boolean | number)[])[] }
  | SlidingWindowMask;

/**
 * A sliding window of w keys (Mistral, Longformer): key j is visible to query i iff 0 ≤ i − j < w;
 * bidirectional, iff |i − j| < w. w is a whole number ≥ 1.
 */
export interface SlidingWindowMask {
  readonly kind: "sliding";
  readonly window: number;
  readonly bidirectional?: boolean;
}

/**
 * Rotary position embedding (RoFormer), applied per head to q and k after the projection.
 * θ_i = base^(−2i/d_k), i = 0 … d_k/2 − 1; position p = 0-based row index + offset;
 * each pair [a, b] becomes [a·cos pθ_i − b·sin pθ_i, a·sin pθ_i + b·cos pθ_i].
 * Pair i is (x_i, x_{i+d_k/2}) in the "half" layout (GPT-NeoX, Hugging Face Llama) and
 * (x_{2i}, x_{2i+1}) in the "interleaved" layout (RoFormer). d_k must be even.
 */
export interface RopeSpec {
  /** Default 10000. */
  readonly base?: number;
  /** Default "half". */
  readonly layout?: RopeLayout;
  /** Added to every row index (queries and keys alike) to give its position. Default 0. */
  readonly offset?: number;
}
export type RopeLayout = "half" | "interleaved";
export const ROPE_LAYOUTS: readonly RopeLayout[] = ["half", "interleaved"];

export type PositionalEncoding = "none" | "sinusoidal";

/**
 * Inputs given as tokens. Each token's embedding is a deterministic function of (token string, seed);
 * positional encoding is added to it. W_Q, W_K, W_V are [d_model, d_model].
 * Cross-attention: keyTokens gives a second sequence for keys and values.
 */
export interface TokenSource {
  readonly kind: "tokens";
  readonly tokens: readonly string[];
  readonly keyTokens?: readonly string[];
  readonly dModel: number;
  readonly seed: number;
  readonly positional: PositionalEncoding;
  readonly wq: MatrixLike;
  readonly wk: MatrixLike;
  readonly wv: MatrixLike;
}

/** Inputs given as embeddings: X is [n, d_model], X_kv (cross-attention) is [m, d_model]. */
export interface EmbeddingSource {
  readonly kind: "embeddings";
  readonly x: MatrixLike;
  readonly xKV?: MatrixLike;
  readonly wq: MatrixLike;
  readonly wk: MatrixLike;
  readonly wv: MatrixLike;
}

/** Q [n, d_k·h], K [m, d_k·h] and V [m, d_v·h] given directly. */
export interface QKVSource {
  readonly kind: "qkv";
  readonly q: MatrixLike;
  readonly k: MatrixLike;
  readonly v: MatrixLike;
}

export type AttentionSource = TokenSource | EmbeddingSource | QKVSource;

/** A whole attention computation, described as plain data. */
export interface AttentionSpec {
  readonly source: AttentionSource;
  /** Number of heads h; the widths of Q, K and V must divide by it. Default 1. */
  readonly heads?: number;
  /** Default "scaled-dot". */
  readonly score?: ScoreFunction;
  readonly scoreParams?: ScoreParams;
  /** τ > 0: scores are divided by τ before the softmax. Default 1. */
  readonly temperature?: number;
  /** Default none. */
  readonly mask?: MaskSpec;
  /** soft: softmax; hard: one-hot at the first argmax of each row. Default soft. */
  readonly mode?: "soft" | "hard";
  /** W_O, [h·d_v, d_out]. Without it the output is the concatenation of the heads. */
  readonly wo?: MatrixLike;
  /** Rotary position embedding of q and k, per head, after the projection. Default none. */
  readonly rope?: RopeSpec;
  /**
   * ALiBi (Press et al.): query head h = 1…H adds −m_h·|i − j| to its scaled scores, before the mask and
   * the softmax, with slope m_h = 2^(−8h/H). Default false.
   */
  readonly alibi?: boolean;
  /**
   * Grouped-query attention: h_kv key/value heads (default h, multi-head; 1 is multi-query). h_kv divides h;
   * K is [m, h_kv·d_k] and V [m, h_kv·d_v]; query head i reads KV head ⌊i·h_kv/h⌋.
   */
  readonly kvHeads?: number;
}

/** Every intermediate of one computation. Stacks are [heads, queries, keys] unless said otherwise. */
export interface AttentionTrace {
  readonly heads: number;
  /** Key/value heads h_kv (= heads unless grouped-query), and which KV head each query head read. */
  readonly kvHeads: number;
  readonly kvHeadOf: readonly number[];
  /** Number of queries n and keys m. */
  readonly queries: number;
  readonly keys: number;
  /** Per-head widths of queries/keys (d_k) and values (d_v). */
  readonly dK: number;
  readonly dV: number;
  readonly score: ScoreFunction;
  readonly temperature: number;
  /** What the scores were divided by before masking: √d_k·τ for scaled-dot, τ otherwise. */
  readonly divisor: number;
  readonly mode: "soft" | "hard";
  /** Token embeddings with positional encoding added ([n, d_model] and [m, d_model]), when the source had them. */
  readonly x?: Matrix;
  readonly xKV?: Matrix;
  /** The positional encodings that were added ([n, d_model], [m, d_model]). */
  readonly positional?: Matrix;
  readonly positionalKV?: Matrix;
  /** Q [n, h·d_k], K [m, h_kv·d_k], V [m, h_kv·d_v]: projections, before any rotation. */
  readonly q: Matrix;
  readonly k: Matrix;
  readonly v: Matrix;
  /** With RoPE: its settings, and Q and K rotated per head ([n, h·d_k], [m, h_kv·d_k]); scores use these. */
  readonly rope?: Required<RopeSpec>;
  readonly qRotated?: Matrix;
  readonly kRotated?: Matrix;
  /** With ALiBi: the slope m_h of each query head. */
  readonly alibiSlopes?: readonly number[];
  /** With ALiBi: scaled scores plus the bias −m_h·|i − j|, [h, n, m]; `masked` is made from these. */
  readonly biased?: Stack;
  /** [queries, keys]: 1 where the key is masked for that query, 0 where it is visible. Read only: traces of the
   * same mask kind and size share one (core/mask.ts, resolveMask). */
  readonly mask: Uint8Array;
  /** Query rows whose keys are all masked: their weights and output are all zero. */
  readonly emptyRows: readonly number[];
  /** Raw scores s_ij per head, [h, n, m]. */
  readonly scores: Stack;
  /** Scores divided by `divisor`, [h, n, m]. */
  readonly scaled: Stack;
  /** Scaled (with ALiBi, biased) scores with masked entries at −∞, [h, n, m]. */
  readonly masked: Stack;
  /** Attention weights, [h, n, m]; each row sums to 1 (or is all zero for an empty row). */
  readonly weights: Stack;
  /** Each head's output, weights·V_h: [h, n, d_v]. */
  readonly headOutputs: Stack;
  /** Heads concatenated in order: [n, h·d_v]. */
  readonly concat: Matrix;
  /** concat·W_O ([n, d_out]), or concat itself when there is no W_O. */
  readonly output: Matrix;
  /** Whether W_O was applied. */
  readonly projected: boolean;
  /** What produced the numbers: "reference" (float64) or a tfjs backend name. */
  readonly backend: string;
  readonly precision: "float64" | "float32";
}
