import type { Floats } from "./types";

/**
 * Softmax of each row of a [rows, cols] array into `out`. Entries equal to −∞ get weight 0;
 * a row that is all −∞ gets all-zero weights (never NaN).
 */
export function softmaxRows(logits: Floats, rows: number, cols: number, out: Floats): void {
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    // Subtract the row max before exp so that logits of ±1e4 do not overflow (softmax.test.ts "overflow").
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, logits[base + j] as number);
    if (max === -Infinity) {
      out.fill(0, base, base + cols);
      continue;
    }
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp((logits[base + j] as number) - max);
      out[base + j] = e;
      sum += e;
    }
    for (let j = 0; j < cols; j++) out[base + j] = (out[base + j] as number) / sum;
  }
}

/** Hard attention: 1 at the first maximum of each row, 0 elsewhere; an all −∞ row is all zero. */
export function hardmaxRows(logits: Floats, rows: number, cols: number, out: Floats): void {
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    out.fill(0, base, base + cols);
    let best = -1;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) {
      const x = logits[base + j] as number;
      if (x > max) {
        max = x;
        best = j;
      }
    }
    if (best >= 0) out[base + best] = 1;
  }
}
