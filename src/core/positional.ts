import { createMatrix } from "./matrix";
import type { Matrix } from "./types";

/**
 * Sinusoidal positional encoding, [n, d]: PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(same).
 * Positions count from 0. With an odd d the last column is a sine.
 */
export function sinusoidalEncoding(n: number, d: number): Matrix {
  const pe = createMatrix(n, d);
  for (let pos = 0; pos < n; pos++) {
    for (let col = 0; col < d; col++) {
      const pair = col - (col % 2); // 2i
      const angle = pos / Math.pow(10000, pair / d);
      pe.data[pos * d + col] = col % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return pe;
}
