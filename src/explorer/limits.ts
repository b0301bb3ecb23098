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
