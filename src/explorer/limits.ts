/**
 * What the explorer shows. Past these, the page refuses the input with a message that says the limit, rather
 * than freezing. Past 512 tokens a step shows an overview and a window of its matrices (ui/views/LongMatrix);
 * the engine's own limits (core/limits.ts) still bound heads × tokens².
 */
export const EXPLORER_LIMITS = {
  maxTokens: 4096,
  maxModel: 512,
  maxHeads: 16,
  maxGridRows: 64,
  maxGridCols: 64,
};

/** Whether the explorer computes with this d_model: a whole number from 1 to maxModel. */
export const isModelSize = (d: number): boolean =>
  Number.isInteger(d) && d >= 1 && d <= EXPLORER_LIMITS.maxModel;
