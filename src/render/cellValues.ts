import type { Matrix } from "../core/types";
import { formatNumber } from "./format";
import { textWidth } from "./measure";

/** The texts printed in the cells of a heatmap, and the one font size they share. */
export interface CellValues {
  /** One per cell, row-major: the value the cell holds (−∞ for a masked score, 0 for a masked weight). */
  readonly texts: readonly string[];
  /** Font size in px, 9–13. */
  readonly size: number;
}

/**
 * The values of a [rows, cols] matrix as its cells print them, in the canvas view and its SVG export alike:
 * one font size for every cell, the largest (9–13 px) at which the widest value fits `cell` px; undefined
 * when even 9 px does not fit. Numbers that change size from cell to cell, or that are left out here and
 * there, read as noise.
 */
export function cellValues({ rows, cols, data }: Matrix, cell: number, digits = 2): CellValues | undefined {
  const texts: string[] = [];
  for (let k = 0; k < rows * cols; k++) texts.push(formatNumber(data[k] as number, digits));
  const base = Math.max(9, Math.min(13, Math.round(cell * 0.32)));
  const widest = texts.reduce((max, text) => Math.max(max, textWidth(text, base)), 0);
  const size = Math.min(base, Math.floor((base * (cell - 4)) / Math.max(1, widest)));
  return size < 9 ? undefined : { texts, size };
}
