import { float32Text } from "../../core/float32Text";
import type { Matrix } from "../../core/types";
import type { BlockAttention } from "../../models/tf/predict";
import { createInitialState, type Cells, type ExplorerState } from "../../explorer/state";

/**
 * Every float32 entry as the shortest text that reads back to the same float32 number (1.1, not String()'s
 * 1.100000023841858): what the grid shows, and what a permalink of the explorer then carries.
 */
function cells(m: Matrix): Cells {
  return Array.from({ length: m.rows }, (_, i) =>
    Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), float32Text),
  );
}

/**
 * The explorer, opened on one attention block of a trained model: its real Q, K and V typed in as matrices,
 * rows named by the tokens, split into the model's heads, scaled dot-product with the block's causal mask.
 * The explorer then recomputes the same weights (blockState.test.ts) and shows every step with its formulas.
 */
export function blockState(block: BlockAttention, heads: number, base = createInitialState()): ExplorerState {
  return {
    ...base,
    input: "matrices",
    matrices: {
      q: cells(block.q),
      k: cells(block.k),
      v: cells(block.v),
      labels: { queries: [...block.queryTokens], keys: [...block.keyTokens] },
    },
    score: "scaled-dot",
    temperature: 1,
    mask: { kind: block.causal ? "causal" : "none", validLength: block.keyTokens.length, painted: [] },
    heads,
    mode: "soft",
    step: 6,
    head: 0,
    locked: null,
  };
}
