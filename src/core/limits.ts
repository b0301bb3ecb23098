/**
 * Sizes past which the engine refuses a problem with a "too-large" error instead of hanging the page
 * or running it out of memory. A full trace keeps four [h, n, m] float32 stacks: at MAX_SCORE_CELLS
 * that is 512 MiB, which a desktop browser can hold; the explorer sets lower limits for what it draws.
 */
export const LIMITS = {
  /** Queries n and keys m. */
  maxTokens: 4096,
  /** Any matrix width: d_model, h·d_k, h·d_v, d_out, d_a. */
  maxWidth: 2048,
  maxHeads: 64,
  /** h·n·m: cells of one score stack (8 heads × 2048 × 2048). */
  maxScoreCells: 2 ** 25,
  /** h·n·m·d_a: the additive score function's tanh stage. */
  maxAdditiveCells: 2 ** 26,
  /**
   * |entry| of any input matrix. Past it, products overflow float32 (max 3.4e38) on the GPU backends;
   * no teaching example comes near it.
   */
  maxAbsValue: 1e6,
  /** τ: dividing by less than this turns ordinary scores into float32 overflow. */
  minTemperature: 1e-6,
  maxTemperature: 1e12,
  /**
   * Characters of a matrix typed or pasted as text (maybeMatrix): reading 1 MiB takes a few hundred ms, and a
   * person's matrix is far smaller; a 10 MB paste would take seconds before any other limit could refuse it.
   */
  maxMatrixText: 2 ** 20,
} as const;
