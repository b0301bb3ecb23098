import type { Matrix } from "../core/types";
import { htmlElement, indexLabels } from "./dom";
import { formatNumber } from "./format";

export interface DataTableOptions {
  /** One label per row (query) and per column (key). Default: the indices. */
  readonly rowLabels?: readonly string[];
  readonly colLabels?: readonly string[];
  readonly caption?: string;
  /** The top-left header cell, naming both axes: "queries \ keys". */
  readonly rowHeader?: string;
  readonly digits?: number;
  /** [rows, cols], 1 where the cell is masked: marked so, reading the value it holds (−∞, or 0 for a weight). */
  readonly masked?: Uint8Array;
}

/**
 * The accessible twin of a heatmap: a <table> with a caption, column headers for keys and row headers for
 * queries, values formatted for reading. Each <td> carries data-row, data-col and data-value (String(x), exact,
 * "-Infinity" for a masked score), so tests and scripts compare numbers, not formatted text.
 */
export function dataTable(
  matrix: Matrix,
  {
    rowLabels = indexLabels(matrix.rows),
    colLabels = indexLabels(matrix.cols),
    caption = "",
    rowHeader = "",
    digits = 2,
    masked,
  }: DataTableOptions = {},
): HTMLTableElement {
  const { rows, cols, data } = matrix;
  const table = htmlElement("table", "ap-table");
  if (caption) table.append(htmlElement("caption", "ap-caption", caption));

  const head = htmlElement("tr", "");
  const corner = htmlElement("th", "ap-table-corner", rowHeader);
  corner.scope = "col";
  head.append(corner);
  for (let j = 0; j < cols; j++) {
    const th = htmlElement("th", "", colLabels[j] ?? String(j));
    th.scope = "col";
    head.append(th);
  }
  table.createTHead().append(head);

  const body = table.createTBody();
  for (let i = 0; i < rows; i++) {
    const tr = htmlElement("tr", "");
    const th = htmlElement("th", "", rowLabels[i] ?? String(i));
    th.scope = "row";
    tr.append(th);
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      // A masked cell reads the value it holds: −∞ for a masked score, 0 for a masked weight.
      const value = data[k] as number;
      const hidden = masked?.[k] === 1 || value === -Infinity;
      const td = htmlElement("td", hidden ? "ap-masked" : "", formatNumber(value, digits));
      Object.assign(td.dataset, { row: String(i), col: String(j), value: String(value) });
      tr.append(td);
    }
    body.append(tr);
  }
  return table;
}
