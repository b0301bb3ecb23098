import { AttentionInputError } from "./errors";
import type { Stack } from "./types";

/**
 * Scaled scores must be finite or −∞ (masked): +∞ or NaN would turn the softmax into NaN.
 * Inputs within LIMITS rarely get there in float64, but float32 overflows at 3.4e38, e.g. large
 * entries with a tiny τ. Both engines check, so the caller gets a located error instead of NaN weights.
 */
export function overflowError(scaled: Stack): AttentionInputError | undefined {
  const { data, rows, cols } = scaled;
  for (let i = 0; i < data.length; i++) {
    const x = data[i] as number;
    if (x === Infinity || Number.isNaN(x)) {
      const head = Math.floor(i / (rows * cols));
      const query = Math.floor(i / cols) % rows;
      const key = i % cols;
      return new AttentionInputError(
        `head ${head + 1}, query ${query + 1}, key ${key + 1}: the scaled score is ${x} (${scaled.data instanceof Float32Array ? "float32" : "float64"} overflow): expected a finite number; make the inputs smaller or the temperature larger`,
        { code: "too-large", matrix: "scores", row: query, col: key, expected: "finite scaled scores" },
      );
    }
  }
  return undefined;
}
