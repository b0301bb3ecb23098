import { formatNumber } from "./format";
import { isHidden } from "./paintCells";

/** What a heatmap's legend says of its cells, gathered in one pass over them (every edit at 512 tokens: 262,144 cells a head). */
export interface CellSummary {
  /** The smallest and largest finite value among the cells not hidden; undefined when there is none (as finiteExtent). */
  readonly extent: [number, number] | undefined;
  /** Whether any cell is hidden (isHidden in paintCells: masked, −∞ or not a number). */
  readonly hasHidden: boolean;
  /** The text every hidden cell prints when they all print the same one (the legend's swatch label); else undefined. */
  readonly maskedLabel: string | undefined;
}

/**
 * The cells' summary for the legend. data and masked: [rows, cols], row-major; masked is 1 where the cell
 * is masked. One pass instead of three (extent, hidden cells, their label): at 512 tokens the passes were
 * 4–5 ms of every edit here.
 */
export function cellSummary(
  data: ArrayLike<number>,
  masked: Uint8Array | undefined,
  digits = 2,
): CellSummary {
  let min = Infinity;
  let max = -Infinity;
  let hasHidden = false;
  let first = 0;
  let label: string | undefined;
  let mixed = false;
  for (let k = 0; k < data.length; k++) {
    const value = data[k] as number;
    if (isHidden(value, k, masked)) {
      if (!hasHidden) {
        hasHidden = true;
        first = value;
        label = formatNumber(value, digits);
      } else if (!mixed && !Object.is(value, first)) {
        // The same number prints the same: only another one is formatted (thousands of masked cells per edit).
        mixed = formatNumber(value, digits) !== label;
      }
      continue;
    }
    if (value === Infinity) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return {
    extent: min <= max ? [min, max] : undefined,
    hasHidden,
    maskedLabel: mixed ? undefined : label,
  };
}
