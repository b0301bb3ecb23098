import type { Matrix } from "../core/types";
import { hasNegativeInfinity, jsonRows, NULL_NOTE } from "./jsonRows";

/** What the rows and columns of a matrix are: by default those of a score or weight matrix. */
export interface Orientation {
  readonly rows: string;
  readonly cols: string;
}

/**
 * A matrix as JSON: its shape, what its rows and columns are ("rows": "queries", "cols": "keys" unless told),
 * their labels, and the numbers as rows at full precision; −∞ as null, with a note.
 */
export function matrixJson(
  matrix: Matrix,
  rowLabels: readonly string[],
  colLabels: readonly string[],
  orientation: Orientation = { rows: "queries", cols: "keys" },
): string {
  const { rows, cols, data } = matrix;
  return JSON.stringify({
    format: "attention-playground/matrix",
    version: 1,
    shape: [rows, cols],
    rows: orientation.rows,
    cols: orientation.cols,
    rowLabels: Array.from({ length: rows }, (_, i) => rowLabels[i] ?? String(i)),
    colLabels: Array.from({ length: cols }, (_, j) => colLabels[j] ?? String(j)),
    ...(hasNegativeInfinity(data) ? { note: NULL_NOTE } : {}),
    data: jsonRows(data, 0, rows, cols),
  });
}
