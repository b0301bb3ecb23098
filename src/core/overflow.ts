import { inputError, type AttentionInputError } from "./errors";
import { message } from "./messages";
import type { AttentionProblem } from "./problem";
import type { Matrix, Stack } from "./types";

/** Float32's largest finite value is 3.4e38; a bound below this leaves a wide margin for rounding. */
const SAFE_BOUND = 1e37;

function maxRowNorm(m: Matrix): number {
  let max = 0;
  for (let i = 0; i < m.rows; i++) {
    let sum = 0;
    for (let c = 0; c < m.cols; c++) sum += (m.data[i * m.cols + c] as number) ** 2;
    max = Math.max(max, sum);
  }
  return Math.sqrt(max);
}

function frobenius(m: Matrix): number {
  let sum = 0;
  for (const x of m.data) sum += x * x;
  return Math.sqrt(sum);
}

/**
 * Whether the scaled scores could overflow, by Cauchy–Schwarz: |q·W·k| ≤ ‖q‖·‖W‖·‖k‖ ≤ (max row norm of Q)
 * (max row norm of K)(‖W‖_F). Cosine scores lie in [−1, 1] and additive ones within Σ|v|, so they never do.
 * Costs O((n + m)·d), against O(h·n·m) for scanning the scores themselves.
 */
export function mayOverflow(p: AttentionProblem, q: Matrix, k: Matrix): boolean {
  if (p.score === "cosine" || p.score === "additive") return false;
  const w = p.general ? Math.max(...p.general.map(frobenius)) : 1;
  const bound = (maxRowNorm(q) * maxRowNorm(k) * w) / p.divisor;
  return !(bound < SAFE_BOUND);
}

/**
 * Scaled scores (before the mask) must be finite: +∞ or NaN turn the softmax into NaN, and −∞ is not a
 * score but an overflow too (a row of them gives NaN weights; one among finite ones would pass for a mask).
 * Inputs within LIMITS rarely get there in float64, but float32 overflows at ±3.4e38, e.g. large entries
 * with a tiny τ. Both engines check, so the caller gets a located error instead of NaN weights.
 */
export function overflowError(scaled: Stack): AttentionInputError | undefined {
  const { data, rows, cols } = scaled;
  for (let i = 0; i < data.length; i++) {
    const x = data[i] as number;
    if (!Number.isFinite(x)) {
      const head = Math.floor(i / (rows * cols));
      const query = Math.floor(i / cols) % rows;
      const key = i % cols;
      return inputError(
        message("error.scores.overflow", {
          head: head + 1,
          query: query + 1,
          key: key + 1,
          value: String(x),
          precision: scaled.data instanceof Float32Array ? "float32" : "float64",
        }),
        { code: "too-large", matrix: "scores", row: query, col: key, expected: "finite scaled scores" },
      );
    }
  }
  return undefined;
}
