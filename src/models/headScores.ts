import type { Stack } from "../core/types";
import { repeatPeriod } from "./tasks";

/** Per head: how much of its attention goes where a previous-token head and an induction head look. */
export interface HeadScores {
  /**
   * Mean weight on the key one position back, over the first copy: there it moves each token into the next
   * position, where the induction head later finds "the token after my earlier copy".
   */
  readonly previousToken: readonly number[];
  /** Mean weight on the key just after the query token's earlier occurrence. */
  readonly induction: readonly number[];
}

/**
 * Scores of one self-attention block of the induction model on a repeated input: the previous-token score over
 * the first copy (less its first token, whose previous is BOS), the induction score over the repeat. weights: [heads, T, T] over the sequence [BOS, x_1 … x_n]
 * (token x_i sits at position i): rows are queries, columns are keys. Undefined when the input is no repeat.
 */
export function inductionScores(weights: Stack, input: readonly string[]): HeadScores | undefined {
  const period = repeatPeriod(input);
  if (period === undefined || weights.rows !== input.length + 1) return undefined;
  const previousToken: number[] = [];
  const induction: number[] = [];
  const at = (h: number, q: number, k: number) =>
    weights.data[(h * weights.rows + q) * weights.cols + k] as number;
  for (let h = 0; h < weights.depth; h++) {
    // x_i (0-based) sits at position i + 1, the token before it at position i.
    let previous = 0;
    for (let i = 1; i < period; i++) previous += at(h, i + 1, i);
    // Inside the repeat, x_i's earlier copy is at position i + 1 − period, and the token after it one further.
    let copy = 0;
    for (let i = period; i < input.length; i++) copy += at(h, i + 1, i + 2 - period);
    previousToken.push(previous / Math.max(1, period - 1));
    induction.push(copy / (input.length - period));
  }
  return { previousToken, induction };
}
