import { formatNumber } from "./format";
import { isHidden } from "./paintCells";

/**
 * What the legend's hatched swatch says: the text every hidden cell prints, when they all print the same one
 * (−∞ for masked scores, 0 for masked weights); undefined when none is hidden or they differ.
 * data and masked: [rows, cols], row-major.
 */
export function maskedLabel(
  data: ArrayLike<number>,
  masked: Uint8Array | undefined,
  digits = 2,
): string | undefined {
  let label: string | undefined;
  let first: number | undefined;
  for (let k = 0; k < data.length; k++) {
    const value = data[k] as number;
    if (!isHidden(value, k, masked)) continue;
    // The same number prints the same: only a new one is formatted (thousands of masked cells per edit).
    if (label !== undefined && Object.is(value, first)) continue;
    first ??= value;
    const text = formatNumber(value, digits);
    if (label === undefined) label = text;
    else if (label !== text) return undefined;
  }
  return label;
}
