import type { Matrix } from "../core/types";
import { cellValues } from "./cellValues";
import { colorRamp } from "./colorRamp";
import { fitLabel } from "./fitLabel";
import { BODY_PADDING, cellRect, heatmapLayout, LABEL_SIZE } from "./heatmapLayout";
import { legendLayout } from "./legendLayout";
import { legendSvg } from "./legendSvg";
import { cellSummary } from "./cellSummary";
import { HATCH_STRIPE, HATCH_WASH, isHidden, maskedTextColor } from "./paintCells";
import {
  divergingScaleFor,
  paletteFor,
  rowLargest,
  sequentialScale,
  type PaletteName,
  type ScaleBy,
} from "./scales";
import { coordinate, svgDocument, tag, textTag as text } from "./svgDocument";
import { DARK_THEME, FALLBACK_THEME, FONT_FAMILY, type Theme } from "./theme";

export interface HeatmapSvgOptions {
  /** One label per row (query), and per column (key). Default: the indices, as the canvas heatmap. */
  readonly rowLabels?: readonly string[];
  readonly colLabels?: readonly string[];
  /** Axis titles, in the reader's language: "queries ↓", "keys →". */
  readonly rowTitle?: string;
  readonly colTitle?: string;
  readonly title?: string;
  /** diverging: signed values centred on 0 (scores); sequential: weights on [0, 1]. */
  readonly kind?: "diverging" | "sequential";
  readonly palette?: PaletteName;
  /** Domain of a sequential scale. Default [0, 1]. */
  readonly domain?: readonly [number, number];
  /** What a sequential scale's colours stand for: the value, or the value ÷ its row's largest (scales.ts ScaleBy). */
  readonly scaleBy?: ScaleBy;
  /** [rows, cols], 1 where the cell is masked: hatched, printing its value (−∞ for a score, 0 for a weight). */
  readonly masked?: Uint8Array;
  readonly digits?: number;
  /** The dark theme's background and text, and the palette's dark twin. */
  readonly dark?: boolean;
  readonly legendTitle?: string;
  /** Width the cells are sized to fit, from 2 to 56 px each, as the canvas heatmap does. Default 640. */
  readonly width?: number;
  /** Default: the render layer's sans-serif stack, with CJK fonts on every platform. */
  readonly fontFamily?: string;
}

/** Room around the view in the document, and above its plot for titles. */
const MARGIN = 12;
const TITLE_HEIGHT = 26;
const AXIS_TITLE_HEIGHT = 18;

/**
 * A [queries, keys] matrix as a standalone SVG document, laid out by the canvas view's own heatmapLayout:
 * one <rect> per cell, coloured as the view colours it (the same scale, domain and 256-step ramp), masked
 * cells hatched and printing their value (−∞ for a score, 0 for a weight), labels and titles as real text,
 * values in cells of 28 px and more, and the view's legend with the data's min and max. The cells are in a
 * group moved to the plot's corner, the legend in one moved to the legend's: inside, positions are the layout's.
 */
export function heatmapSvg(
  matrix: Matrix,
  {
    rowLabels = Array.from({ length: matrix.rows }, (_, i) => String(i)),
    colLabels = Array.from({ length: matrix.cols }, (_, j) => String(j)),
    rowTitle = "",
    colTitle = "",
    title = "",
    kind = "sequential",
    palette = "default",
    domain,
    scaleBy = "domain",
    masked,
    digits = 2,
    dark = false,
    legendTitle = "",
    width = 640,
    fontFamily = FONT_FAMILY,
  }: HeatmapSvgOptions = {},
): string {
  const { rows, cols, data } = matrix;
  const theme = dark ? DARK_THEME : FALLBACK_THEME;
  const colors = paletteFor(palette, dark);
  const { extent, hasHidden, maskedLabel } = cellSummary(data, masked, digits);
  const scale =
    kind === "diverging" ? divergingScaleFor(extent, colors) : sequentialScale(data, colors, domain);
  const ends = scale.domain();
  const scaleDomain: [number, number] = [ends[0] as number, ends[ends.length - 1] as number];
  const ramp = colorRamp(scale, scaleDomain);
  // By row: a cell's colour is its value ÷ its row's largest; the legend then spans that fraction, unmarked.
  const divisors = scaleBy === "row" && kind === "sequential" ? rowLargest(matrix, masked) : undefined;
  const colourOf = (value: number, row: number) =>
    ramp.index(divisors ? value / (divisors[row] as number) : value);

  const layout = heatmapLayout(matrix, { rowLabels, colLabels, rowTitle, width });
  const { cell } = layout;
  // The view's left edge sits MARGIN − BODY_PADDING in, so that its plot is MARGIN + the label column in.
  const frameX = MARGIN - BODY_PADDING;
  const titleHeight = title ? TITLE_HEIGHT : 0;
  const axisTitleHeight = colTitle || rowTitle ? AXIS_TITLE_HEIGHT : 0;
  const x0 = frameX + layout.plotX;
  const y0 = MARGIN + titleHeight + axisTitleHeight + layout.colLabels.band;
  const parts: string[] = [];
  const defs = [hatchPattern("ap-hatch", theme)];

  if (title) parts.push(text(title, { x: MARGIN, y: MARGIN + 14, "font-size": 14, "font-weight": 600 }));
  const titleY = MARGIN + titleHeight + 13;
  if (rowTitle) parts.push(text(rowTitle, { x: MARGIN, y: titleY, "font-weight": 600, fill: theme.muted }));
  if (colTitle) parts.push(text(colTitle, { x: x0, y: titleY, "font-weight": 600, fill: theme.muted }));

  // Column labels (keys) above the plot, horizontal or turned a quarter, as the view shows them; those the
  // view thins out are left out.
  const { maxWidth: colMax, flatWidth } = layout.colLabels;
  for (const { text: label, at, shown, turn } of layout.colLabels.places) {
    if (!shown) continue;
    const cx = x0 + at;
    if (turn === "flat") {
      parts.push(text(fitLabel(label, flatWidth, LABEL_SIZE), { x: cx, y: y0 - 6, "text-anchor": "middle" }));
    } else {
      parts.push(
        text(fitLabel(label, colMax, LABEL_SIZE), {
          x: cx,
          y: y0 - 6,
          transform: `rotate(-90 ${coordinate(cx)} ${coordinate(y0 - 6)})`,
          dy: "0.35em",
        }),
      );
    }
  }
  // Row labels (queries), right-aligned against the plot.
  for (const { text: label, at, shown } of layout.rowLabels.places) {
    if (!shown) continue;
    parts.push(
      text(fitLabel(label, layout.rowLabels.maxWidth, LABEL_SIZE), {
        x: x0 + layout.rowLabels.x,
        y: y0 + at,
        dy: "0.35em",
        "text-anchor": "end",
      }),
    );
  }

  // Cells, in a group at the plot's corner: each <rect> is the layout's cellRect.
  const plot = `translate(${coordinate(x0)},${coordinate(y0)})`;
  const cellsOut: string[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      const value = data[k] as number;
      const hidden = isHidden(value, k, masked);
      cellsOut.push(
        tag("rect", {
          ...cellRect(i, j, cell),
          fill: hidden ? "url(#ap-hatch)" : (ramp.colors[colourOf(value, i)] as string),
          "data-row": i,
          "data-col": j,
          ...(hidden ? { "data-masked": 1 } : {}),
        }),
      );
    }
  }
  parts.push(tag("g", { class: "ap-cells", transform: plot }, cellsOut.join("")));

  const values = layout.values ? cellValues(matrix, cell, digits) : undefined;
  if (values) {
    const hiddenText = maskedTextColor(theme);
    const out: string[] = [];
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const k = i * cols + j;
        const value = data[k] as number;
        const fill = isHidden(value, k, masked)
          ? hiddenText
          : (ramp.textColors[colourOf(value, i)] as string);
        const x = j * cell + cell / 2;
        out.push(text(values.texts[k] as string, { x, y: i * cell + cell / 2, dy: "0.35em", fill }));
      }
    }
    const attributes = {
      class: "ap-values",
      transform: plot,
      "font-size": values.size,
      "text-anchor": "middle",
    };
    parts.push(tag("g", attributes, out.join("")));
  }

  const legend = legendLayout({
    domain: scaleDomain,
    width: layout.legend.width,
    title: legendTitle,
    marks: divisors ? undefined : extent && { min: extent[0], max: extent[1] },
    masked: hasHidden,
    maskedLabel: maskedLabel ?? "",
    digits,
  });
  const legendX = x0 + layout.legend.x;
  const legendY = y0 + layout.legend.y;
  const drawn = legendSvg(legend, { x: legendX, y: legendY, scale, theme, hatch: "ap-hatch" });
  defs.push(drawn.defs);
  parts.push(drawn.body);

  return svgDocument(
    frameX + layout.width + frameX,
    legendY + legend.height + MARGIN,
    theme,
    fontFamily,
    tag("defs", {}, defs.join("")) + parts.join(""),
  );
}

/** Diagonal lines in the muted colour over a faint wash of it: the canvas heatmap's hatch (paintCells.ts). */
function hatchPattern(id: string, theme: Theme): string {
  const size = 6;
  return tag(
    "pattern",
    { id, width: size, height: size, patternUnits: "userSpaceOnUse" },
    tag("rect", { width: size, height: size, fill: theme.muted, "fill-opacity": HATCH_WASH }) +
      tag("path", {
        d: `M${-size},${size}L0,0M0,${size}L${size},0M${size},${size}L${2 * size},0`,
        stroke: theme.muted,
        "stroke-opacity": HATCH_STRIPE,
        "stroke-width": 1,
      }),
  );
}
