import { textWidth, widestText } from "./measure";

/** Cells are sized to fit the width, within these bounds (px). */
export const MIN_CELL = 2;
export const MAX_CELL = 56;
/** With showValues "auto", values are printed in cells from this size (px). */
export const VALUES_FROM = 28;
/** From this cell size, a 1 px gap between cells draws a subtle grid in the page's own background. */
export const GAP_FROM = 12;
export const LABEL_SIZE = 12;
/** Vertical room one label needs; smaller cells show every k-th label only. */
export const LABEL_LINE = 15;
/** k, where labels `room` px apart show every k-th one, side by side: the heatmap's and the flow's rule. */
export const labelStride = (room: number): number => Math.ceil(LABEL_LINE / room);
export const MAX_ROW_LABEL = 140;
export const MAX_COL_LABEL = 100;

/**
 * How a label set across a side goes where the side's labels do not all lie flat (the heatmap's keys, a
 * vertical flow's tokens): one that fits its `room`, the step between labels, still lies flat (a letter
 * turned a quarter reads as a dash, and "I" as "—"); a longer one turns a quarter as a whole, in every script.
 * Chinese stood upright, a character a line, read as rows across the columns: 小猫 坐在 垫子 gave a top line
 * 小坐垫, and a 睡着了 stood among flat words. Labels thinned out to every `every`-th keep one way: a flat
 * "0" and "8" among turned "16", "24" would read as two axes.
 */
export type LabelTurn = "flat" | "rotated";
export function labelTurn(label: string, room: number, every: number): LabelTurn {
  return every === 1 && textWidth(label, LABEL_SIZE) + 6 <= room ? "flat" : "rotated";
}

/** The body's padding on each side, which keeps the focus ring visible. */
export const BODY_PADDING = 4;
/** Room between a row label's right end and the plot. */
const ROW_LABEL_GAP = 10;
/** Room between the body and the legend below it. */
const LEGEND_GAP = 10;

export interface HeatmapLayoutOptions {
  /** One label per row (query), and per column (key). */
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  /** The row axis title ("queries ↓"): the label column is at least as wide. */
  readonly rowTitle?: string;
  /** Width available in px; cells are sized to fit, from MIN_CELL to MAX_CELL. */
  readonly width?: number;
  /** auto: print values when cells are at least VALUES_FROM px; true: from 8 px. */
  readonly showValues?: "auto" | boolean;
}

/** A square of the plot, in px from the plot's top-left corner. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where a row or column label goes: `at` is its centre along the axis, in px from the plot's edge. */
export interface LabelPlace {
  readonly index: number;
  readonly text: string;
  readonly at: number;
  /** false: thinned out (cells too small for every label); shown only when highlighted. */
  readonly shown: boolean;
}

/** A column label also has a way across its band (labelTurn); row labels all lie flat. */
export interface ColumnLabelPlace extends LabelPlace {
  readonly turn: LabelTurn;
}

/**
 * Where everything of a heatmap goes, worked out once for the canvas view (heatmap.ts) and its SVG export
 * (heatmapSvg.ts). x is measured from the view's left edge only in `plotX`; every other position is in px from
 * the plot's top-left corner (cells, labels, legend), so a host places the plot and the rest follows.
 * Rows are queries, columns are keys.
 */
export interface HeatmapLayout {
  readonly rows: number;
  readonly cols: number;
  /** Side of a square cell. */
  readonly cell: number;
  /** The grid line between cells: 1 px from GAP_FROM, else 0. */
  readonly gap: number;
  /** Width of the column of row labels (and the row title), left of the plot. */
  readonly left: number;
  /** The plot's left edge, from the view's: the body's padding and the label column. */
  readonly plotX: number;
  readonly plotWidth: number;
  readonly plotHeight: number;
  /** Values are printed in the cells. */
  readonly values: boolean;
  readonly rowLabels: {
    /** Right end of every row label, from the plot's left edge (negative: left of it). */
    readonly x: number;
    readonly maxWidth: number;
    readonly step: number;
    readonly places: readonly LabelPlace[];
  };
  readonly colLabels: {
    /** Every label flat; else each its own way (LabelPlace's turn), when turning them shows more of them. */
    readonly horizontal: boolean;
    /** Height of the band above the plot that holds them. */
    readonly band: number;
    /** The longest a label may be: turned, or, all of them flat, a flat one. */
    readonly maxWidth: number;
    /** The longest a flat label may be: its share of the width. */
    readonly flatWidth: number;
    readonly step: number;
    readonly places: readonly ColumnLabelPlace[];
  };
  /** The legend's box, below the plot: its left edge and top from the plot's top-left corner. */
  readonly legend: { readonly x: number; readonly y: number; readonly width: number };
  /** The view's whole width: label column, plot and padding, or the legend if wider. */
  readonly width: number;
}

/**
 * Lays out a [rows, cols] heatmap: cell size, label column, which labels show and where, the legend's box.
 * Pure: the same inputs give the same layout in the canvas view, in its SVG export, in node and in a test.
 */
export function heatmapLayout(
  { rows, cols }: { readonly rows: number; readonly cols: number },
  { rowLabels, colLabels, rowTitle = "", width = 640, showValues = "auto" }: HeatmapLayoutOptions,
): HeatmapLayout {
  const rowLabelWidth = Math.min(MAX_ROW_LABEL, widestText(rowLabels, LABEL_SIZE));
  const left = Math.ceil(Math.max(rowLabelWidth, textWidth(rowTitle, LABEL_SIZE, 600)) + 12);
  const cell = Math.max(
    MIN_CELL,
    Math.min(MAX_CELL, Math.floor((width - left - 2 * BODY_PADDING) / Math.max(1, cols))),
  );
  const plotWidth = cols * cell;
  const plotHeight = rows * cell;
  const values = showValues === "auto" ? cell >= VALUES_FROM : showValues && cell >= 8;

  // Column labels stay horizontal, easier to read, unless rotating them would show more of them.
  const colLabelWidth = widestText(colLabels, LABEL_SIZE);
  const rotatedStep = labelStride(cell);
  const horizontalStep = Math.ceil((colLabelWidth + 6) / cell);
  const horizontal = horizontalStep <= rotatedStep;
  const colStep = horizontal ? horizontalStep : rotatedStep;
  const colBand = horizontal ? LABEL_LINE + 6 : Math.ceil(Math.min(MAX_COL_LABEL, colLabelWidth)) + 8;
  const rowStep = labelStride(cell);
  const flatWidth = Math.max(cell * colStep - 4, cell);
  const place = (labels: readonly string[], n: number, step: number): LabelPlace[] =>
    Array.from({ length: n }, (_, k) => ({
      index: k,
      text: labels[k] ?? String(k),
      at: k * cell + cell / 2,
      shown: k % step === 0,
    }));

  const plotX = BODY_PADDING + left;
  // As wide as the plot, within 200–320 px, and never wider than the room the host gave.
  const legendWidth = Math.max(160, Math.min(320, Math.max(200, plotWidth), width - left - 8));
  const legend = { x: -BODY_PADDING, y: plotHeight + BODY_PADDING + LEGEND_GAP, width: legendWidth };
  return {
    rows,
    cols,
    cell,
    gap: cell >= GAP_FROM ? 1 : 0,
    left,
    plotX,
    plotWidth,
    plotHeight,
    values,
    rowLabels: {
      x: -ROW_LABEL_GAP,
      maxWidth: MAX_ROW_LABEL,
      step: rowStep,
      places: place(rowLabels, rows, rowStep),
    },
    colLabels: {
      horizontal,
      band: colBand,
      maxWidth: horizontal ? flatWidth : MAX_COL_LABEL,
      flatWidth,
      step: colStep,
      places: place(colLabels, cols, colStep).map((p) => ({
        ...p,
        turn: horizontal ? "flat" : labelTurn(p.text, cell, colStep),
      })),
    },
    legend,
    width: Math.max(plotX + plotWidth + BODY_PADDING, plotX + legend.x + legendWidth),
  };
}

/** Cell (row, col) of a plot of `cell` px cells, less the grid gap: in px from the plot's top-left corner. */
export function cellRect(row: number, col: number, cell: number): Rect {
  const gap = cell >= GAP_FROM ? 1 : 0;
  return { x: col * cell + gap / 2, y: row * cell + gap / 2, width: cell - gap, height: cell - gap };
}
