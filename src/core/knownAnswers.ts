import type { AttentionSpec } from "./types";

/**
 * 3 queries, 4 keys, scaled dot product, with expected numbers from numpy in float64 (an independent path),
 * rounded to 8 decimals; rows are queries, columns are keys:
 *
 *   import numpy as np
 *   Q = np.array([[1.0, 0.0], [0.5, -1.0], [2.0, 1.0]])
 *   K = np.array([[1.0, 1.0], [0.0, 2.0], [-1.0, 0.5], [3.0, -1.0]])
 *   V = np.array([[1.0, 2.0], [0.0, -1.0], [4.0, 0.5], [-2.0, 3.0]])
 *   S = Q @ K.T / np.sqrt(2)
 *   W = np.exp(S - S.max(axis=1, keepdims=True)); W /= W.sum(axis=1, keepdims=True)
 *   O = W @ V
 *
 * Checked on the reference and on tfjs cpu and wasm (src/engine/parity.test.ts), and typed into the explorer,
 * whose tables show the same numbers (e2e/explorer.spec.ts).
 */
export const NUMPY_3X4: {
  readonly spec: AttentionSpec;
  readonly scaled: readonly (readonly number[])[];
  readonly weights: readonly (readonly number[])[];
  readonly output: readonly (readonly number[])[];
} = {
  spec: {
    source: {
      kind: "qkv",
      q: [
        [1, 0],
        [0.5, -1],
        [2, 1],
      ],
      k: [
        [1, 1],
        [0, 2],
        [-1, 0.5],
        [3, -1],
      ],
      v: [
        [1, 2],
        [0, -1],
        [4, 0.5],
        [-2, 3],
      ],
    },
    score: "scaled-dot",
  },
  scaled: [
    [0.70710678, 0.0, -0.70710678, 2.12132034],
    [-0.35355339, -1.41421356, -0.70710678, 1.76776695],
    [2.12132034, 1.41421356, -1.06066017, 3.53553391],
  ],
  weights: [
    [0.17095666, 0.08429338, 0.04156242, 0.70318754],
    [0.0962412, 0.03332132, 0.06757946, 0.80285802],
    [0.17705939, 0.08730244, 0.00734856, 0.72828961],
  ],
  output: [
    [-1.06916872, 2.38796378],
    [-1.23915698, 2.60152487],
    [-1.25012557, 2.45535944],
  ],
};
