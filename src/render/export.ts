import { scaleLinear } from "d3";
import type { AttentionTrace, Matrix, Stack } from "../core/types";
import { colorRamp } from "./colorRamp";
import { flowLineOpacity, flowLineWidth, HEAD_COLORS, MAX_LINES, MIN_WEIGHT } from "./flow";
import { formatNumber } from "./format";
import { textWidth, widestText } from "./measure";
import { maskedLabel as maskedLabelOf } from "./maskedLabel";
import { GAP_FROM, HATCH_WASH, isHidden, maskedTextColor } from "./paintCells";
import { divergingScale, finiteExtent, paletteFor, sequentialScale, type PaletteName } from "./scales";
import { FALLBACK_THEME, FONT_FAMILY, type Theme } from "./theme";
// The canvas heatmap's own sizes, so that an export looks like the view.
import {
  LABEL_LINE,
  LABEL_SIZE,
  MAX_CELL,
  MAX_COL_LABEL,
  MAX_ROW_LABEL,
  MIN_CELL,
  VALUES_FROM,
} from "./heatmap";

/**
 * Exports: views as standalone SVG documents (real text, for papers) and PNG (drawn from the SVG at 2× for
 * slides), matrices as CSV (RFC 4180) and JSON, the whole trace as JSON. Plain strings in, strings out: an
 * SVG is written as text, not built in a DOM, so it is the same in a worker, in node and in every browser,
 * and carries no CSS: every colour is written on its element.
 */

const SVG_NS = "http://www.w3.org/2000/svg";

/** The explorer's dark page (app.css :root[data-theme="dark"]): what a dark export is drawn on. */
export const DARK_THEME: Theme = { fg: "#e8eaf1", bg: "#11141b", muted: "#a4abbd", accent: "#8ea8ff" };

/** Text for XML: & < > " ' escaped, and the characters XML 1.0 forbids (controls, lone surrogates) dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      "",
    )
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

type Attributes = Record<string, string | number | undefined>;

function tag(name: string, attributes: Attributes, content?: string): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === "number" ? round(v) : (v as string))}"`)
    .join("");
  return content === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

const text = (content: string, attributes: Attributes) => tag("text", attributes, escapeXml(content));

/** Coordinates to 2 decimals: shorter files, and no "0.30000000000000004" in them. */
const round = (x: number) => String(Math.round(x * 100) / 100);

function svgDocument(width: number, height: number, theme: Theme, fontFamily: string, body: string): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    tag(
      "svg",
      {
        xmlns: SVG_NS,
        width: w,
        height: h,
        viewBox: `0 0 ${w} ${h}`,
        "font-family": fontFamily,
        "font-size": 12,
        fill: theme.fg,
      },
      tag("rect", { width: "100%", height: "100%", fill: theme.bg }) + body,
    ) +
    "\n"
  );
}

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
  /** [rows, cols], 1 where the cell is masked: hatched, its value −∞. */
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

const MARGIN = 12;

/** A label, shortened with "…" to about `max` px (a standalone SVG cannot clip text to a box by CSS). */
function fit(label: string, max: number, size = LABEL_SIZE): string {
  if (textWidth(label, size) <= max) return label;
  const chars = [...label];
  while (chars.length > 1 && textWidth(`${chars.join("")}…`, size) > max) chars.pop();
  return `${chars.join("")}…`;
}

/**
 * A [queries, keys] matrix as a standalone SVG document: one <rect> per cell, coloured as the canvas heatmap
 * colours it (the same scale, domain and 256-step ramp), masked cells hatched with "−∞", labels and titles as
 * real text, values printed in cells of 28 px and more, and a legend with the data's min and max.
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
  const scale =
    kind === "diverging" ? divergingScale(data, colors, masked) : sequentialScale(data, colors, domain);
  const ends = scale.domain();
  const scaleDomain: [number, number] = [ends[0] as number, ends[ends.length - 1] as number];
  const ramp = colorRamp(scale, scaleDomain);

  const rowLabelWidth = Math.min(MAX_ROW_LABEL, widestText(rowLabels, LABEL_SIZE));
  const left = Math.ceil(Math.max(rowLabelWidth, textWidth(rowTitle, LABEL_SIZE, 600)) + 12);
  const cell = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor((width - left) / Math.max(1, cols))));
  const plotWidth = cols * cell;
  const plotHeight = rows * cell;

  const colLabelWidth = widestText(colLabels, LABEL_SIZE);
  const rotatedStep = Math.ceil(LABEL_LINE / cell);
  const horizontalStep = Math.ceil((colLabelWidth + 6) / cell);
  const horizontal = horizontalStep <= rotatedStep;
  const colStep = horizontal ? horizontalStep : rotatedStep;
  const colBand = horizontal ? LABEL_LINE + 6 : Math.ceil(Math.min(MAX_COL_LABEL, colLabelWidth)) + 8;
  const rowStep = Math.ceil(LABEL_LINE / cell);

  const titleHeight = title ? 26 : 0;
  const colTitleHeight = colTitle || rowTitle ? 18 : 0;
  const x0 = MARGIN + left;
  const y0 = MARGIN + titleHeight + colTitleHeight + colBand;
  const parts: string[] = [];
  const defs = [hatchPattern("ap-hatch", theme)];

  if (title) parts.push(text(title, { x: MARGIN, y: MARGIN + 14, "font-size": 14, "font-weight": 600 }));
  const titleY = MARGIN + titleHeight + 13;
  if (rowTitle) parts.push(text(rowTitle, { x: MARGIN, y: titleY, "font-weight": 600, fill: theme.muted }));
  if (colTitle) parts.push(text(colTitle, { x: x0, y: titleY, "font-weight": 600, fill: theme.muted }));

  // Column labels (keys) above the plot: horizontal, or rotated when that shows more of them.
  for (let j = 0; j < cols; j += colStep) {
    const label = colLabels[j] ?? String(j);
    const cx = x0 + j * cell + cell / 2;
    if (horizontal) {
      const room = Math.max(cell * colStep - 4, cell);
      parts.push(text(fit(label, room), { x: cx, y: y0 - 6, "text-anchor": "middle" }));
    } else {
      parts.push(
        text(fit(label, MAX_COL_LABEL), {
          x: cx,
          y: y0 - 6,
          transform: `rotate(-90 ${round(cx)} ${round(y0 - 6)})`,
          dy: "0.35em",
        }),
      );
    }
  }
  // Row labels (queries), right-aligned against the plot.
  for (let i = 0; i < rows; i += rowStep) {
    const label = rowLabels[i] ?? String(i);
    parts.push(
      text(fit(label, MAX_ROW_LABEL), {
        x: x0 - 6,
        y: y0 + i * cell + cell / 2,
        dy: "0.35em",
        "text-anchor": "end",
      }),
    );
  }

  // Cells: a 1 px gap from 12 px on draws the grid in the background colour, as on the canvas.
  const gap = cell >= GAP_FROM ? 1 : 0;
  const cellsOut: string[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      const value = data[k] as number;
      const hidden = isHidden(value, k, masked);
      cellsOut.push(
        tag("rect", {
          x: x0 + j * cell + gap / 2,
          y: y0 + i * cell + gap / 2,
          width: cell - gap,
          height: cell - gap,
          fill: hidden ? "url(#ap-hatch)" : (ramp.colors[ramp.index(value)] as string),
          "data-row": i,
          "data-col": j,
          ...(hidden ? { "data-masked": 1 } : {}),
        }),
      );
    }
  }
  parts.push(tag("g", { class: "ap-cells" }, cellsOut.join("")));

  if (cell >= VALUES_FROM) parts.push(cellValues(matrix, { x0, y0, cell, masked, digits, theme, ramp }));

  const legendY = y0 + plotHeight + 14;
  const legendWidth = Math.max(160, Math.min(320, Math.max(200, plotWidth)));
  const extent = finiteExtent(data, masked);
  const hasHidden = data.some((x, k) => isHidden(x, k, masked));
  const legend = legendSvg({
    x: x0,
    y: legendY,
    width: legendWidth,
    scale,
    domain: scaleDomain,
    title: legendTitle,
    marks: extent && { min: extent[0], max: extent[1] },
    masked: hasHidden,
    maskedLabel: maskedLabelOf(data, masked, digits) ?? "",
    digits,
    theme,
  });
  defs.push(legend.defs);
  parts.push(legend.body);

  const totalWidth = x0 + Math.max(plotWidth, legendWidth) + MARGIN;
  const totalHeight = legendY + legend.height + MARGIN;
  return svgDocument(
    totalWidth,
    totalHeight,
    theme,
    fontFamily,
    tag("defs", {}, defs.join("")) + parts.join(""),
  );
}

/** Values in cells, one font size for all (9–13 px, the largest at which the widest fits), as on the canvas. */
function cellValues(
  { rows, cols, data }: Matrix,
  options: {
    x0: number;
    y0: number;
    cell: number;
    masked: Uint8Array | undefined;
    digits: number;
    theme: Theme;
    ramp: ReturnType<typeof colorRamp>;
  },
): string {
  const { x0, y0, cell, masked, digits, theme, ramp } = options;
  const texts: string[] = [];
  for (let k = 0; k < rows * cols; k++) {
    const value = data[k] as number;
    texts.push(formatNumber(value, digits));
  }
  const base = Math.max(9, Math.min(13, Math.round(cell * 0.32)));
  const widest = texts.reduce((max, t) => Math.max(max, textWidth(t, base)), 0);
  const size = Math.min(base, Math.floor((base * (cell - 4)) / Math.max(1, widest)));
  if (size < 9) return "";
  const hiddenText = maskedTextColor(theme);
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      const value = data[k] as number;
      const fill = isHidden(value, k, masked) ? hiddenText : (ramp.textColors[ramp.index(value)] as string);
      out.push(
        text(texts[k] as string, {
          x: x0 + j * cell + cell / 2,
          y: y0 + i * cell + cell / 2,
          dy: "0.35em",
          fill,
        }),
      );
    }
  }
  return tag("g", { class: "ap-values", "font-size": size, "text-anchor": "middle" }, out.join(""));
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
        "stroke-opacity": 0.55,
        "stroke-width": 1,
      }),
  );
}

/** The legend of legend.ts, written as text: a gradient bar over the scale's domain, ticks, min/max marks. */
function legendSvg(options: {
  x: number;
  y: number;
  width: number;
  scale: (x: number) => string;
  domain: readonly [number, number];
  title: string;
  marks: { min: number; max: number } | undefined;
  masked: boolean;
  maskedLabel: string;
  digits: number;
  theme: Theme;
}): { defs: string; body: string; height: number } {
  const {
    x: left,
    y: top0,
    width,
    scale,
    domain,
    title,
    marks,
    masked,
    maskedLabel,
    digits,
    theme,
  } = options;
  const BAR = 10;
  const SWATCH = 44;
  const [low, high] = domain;
  const top = top0 + (title ? 18 : 2);
  const barY = top + (marks ? 20 : 0);
  const height = barY - top0 + BAR + 20;
  const x = scaleLinear()
    .domain([low, high])
    .range([left, left + width - (masked ? SWATCH : 0)])
    .clamp(true);
  const [xa, xb] = x.range() as [number, number];
  const stops: string[] = [];
  for (let i = 0; i < 32; i++) {
    const t = i / 31;
    stops.push(tag("stop", { offset: round(t), "stop-color": scale(low + t * (high - low)) }));
  }
  const defs = tag("linearGradient", { id: "ap-legend-ramp", x1: 0, x2: 1, y1: 0, y2: 0 }, stops.join(""));
  const body: string[] = [];
  if (title) body.push(text(title, { x: xa, y: top0 + 12, "font-weight": 600 }));
  body.push(
    tag("rect", {
      x: xa,
      y: barY,
      width: Math.max(0, xb - xa),
      height: BAR,
      rx: BAR / 2,
      fill: "url(#ap-legend-ramp)",
    }),
  );
  for (const tick of x.ticks(Math.max(2, Math.floor((xb - xa) / 48)))) {
    const at = x(tick);
    body.push(
      tag("line", { x1: at, x2: at, y1: barY + BAR, y2: barY + BAR + 4, stroke: theme.muted }),
      text(formatNumber(tick, digits), {
        x: at,
        y: barY + BAR + 15,
        "text-anchor": "middle",
        "font-size": 11,
        fill: theme.muted,
      }),
    );
  }
  if (marks) {
    const xMin = x(marks.min);
    const xMax = x(marks.max);
    const close = xMax - xMin < 36;
    const items: [number, number, string][] = [
      [marks.min, xMin, close ? "end" : "middle"],
      [marks.max, xMax, close ? "start" : "middle"],
    ];
    for (const [value, at, anchor] of items) {
      body.push(
        tag("path", { d: `M${round(at - 4)},${round(barY - 6)}h8l-4,5z`, fill: theme.fg }),
        text(formatNumber(value, digits), {
          x: at,
          y: barY - 9,
          "text-anchor": anchor,
          "font-size": 11,
          class: "ap-legend-mark-label",
        }),
      );
    }
  }
  if (masked) {
    const sx = left + width - SWATCH + 12;
    body.push(
      tag("rect", { x: sx, y: barY, width: SWATCH - 12, height: BAR, rx: BAR / 2, fill: "url(#ap-hatch)" }),
    );
    if (maskedLabel) {
      body.push(
        text(maskedLabel, {
          x: sx + (SWATCH - 12) / 2,
          y: barY + BAR + 15,
          "text-anchor": "middle",
          "font-size": 11,
          fill: theme.muted,
        }),
      );
    }
  }
  return { defs, body: tag("g", { class: "ap-legend" }, body.join("")), height };
}

export interface FlowSvgOptions {
  readonly queryLabels?: readonly string[];
  readonly keyLabels?: readonly string[];
  /** Titles of the two token columns, in the reader's language: "queries", "keys". */
  readonly queryTitle?: string;
  readonly keyTitle?: string;
  readonly title?: string;
  /** One colour per head; default the flow view's Okabe–Ito set. */
  readonly headColors?: readonly string[];
  /** Names of the heads ("head 1"); when given, a key of colours is drawn. */
  readonly headLabels?: readonly string[];
  /** Lines for weights below this are left out. Default: the flow view's. */
  readonly minWeight?: number;
  readonly width?: number;
  readonly height?: number;
  readonly dark?: boolean;
  readonly fontFamily?: string;
}

/**
 * The flow diagram as a standalone SVG document: queries on the left, keys on the right, one line per weight
 * of at least `minWeight` (the strongest MAX_LINES), one colour per head, labels as real text.
 * weights: one [queries, keys] matrix per head, row-major; rows are queries.
 */
export function flowSvg(
  weights: readonly Matrix[],
  {
    queryLabels = Array.from({ length: weights[0]?.rows ?? 0 }, (_, i) => String(i)),
    keyLabels = Array.from({ length: weights[0]?.cols ?? 0 }, (_, j) => String(j)),
    queryTitle = "",
    keyTitle = "",
    title = "",
    headColors = HEAD_COLORS,
    headLabels,
    minWeight = MIN_WEIGHT,
    width = 480,
    height,
    dark = false,
    fontFamily = FONT_FAMILY,
  }: FlowSvgOptions = {},
): string {
  const theme = dark ? DARK_THEME : FALLBACK_THEME;
  const queries = weights[0]?.rows ?? 0;
  const keys = weights[0]?.cols ?? 0;
  const count = Math.max(queries, keys, 1);
  const MAX_LABEL = 120;
  const titleHeight = title ? 26 : 0;
  const top = titleHeight + (queryTitle || keyTitle ? 24 : 8);
  const headKeyHeight = headLabels ? 24 : 0;
  const qWidth = Math.min(MAX_LABEL, widestText(queryLabels, LABEL_SIZE));
  const kWidth = Math.min(MAX_LABEL, widestText(keyLabels, LABEL_SIZE));
  // The flow view's horizontal layout (flow.ts): 26 px per token, each side centred on its own count.
  const bottom = headKeyHeight + 8;
  const total = height ?? top + bottom + count * 26;
  const step = (total - top - bottom) / count;
  const along = (k: number, n: number) => top + (total - top - bottom - n * step) / 2 + (k + 0.5) * step;
  const queryAt = (i: number): [number, number] => [8 + qWidth + 8, along(i, queries)];
  const keyAt = (j: number): [number, number] => [width - 8 - kWidth - 8, along(j, keys)];

  const parts: string[] = [];
  if (title) parts.push(text(title, { x: 8, y: 18, "font-size": 14, "font-weight": 600 }));
  if (queryTitle)
    parts.push(text(queryTitle, { x: 8, y: titleHeight + 14, "font-weight": 600, fill: theme.muted }));
  if (keyTitle) {
    const at = { x: width - 8, y: titleHeight + 14, "text-anchor": "end" };
    parts.push(text(keyTitle, { ...at, "font-weight": 600, fill: theme.muted }));
  }

  const offset = (h: number) => (h - (weights.length - 1) / 2) * 2;
  const links: { h: number; i: number; j: number; w: number }[] = [];
  weights.forEach((matrix, h) => {
    for (let i = 0; i < queries; i++) {
      for (let j = 0; j < keys; j++) {
        const w = matrix.data[i * keys + j] as number;
        if (Number.isFinite(w) && w >= minWeight) links.push({ h, i, j, w });
      }
    }
  });
  // Lighter lines first, so heavy ones are drawn on top of them.
  links.sort((a, b) => a.w - b.w);
  const lines = links.slice(-MAX_LINES).map(({ h, i, j, w }) => {
    const [x1, y1] = queryAt(i);
    const [x2, y2] = keyAt(j);
    return tag("line", {
      x1,
      y1: y1 + offset(h),
      x2,
      y2: y2 + offset(h),
      stroke: headColors[h % headColors.length] ?? HEAD_COLORS[0],
      "stroke-width": flowLineWidth(w),
      "stroke-opacity": flowLineOpacity(w),
      "data-head": h,
      "data-query": i,
      "data-key": j,
    });
  });
  parts.push(tag("g", { class: "ap-flow-links", fill: "none", "stroke-linecap": "round" }, lines.join("")));

  const tokens: string[] = [];
  const token = (label: string, [x, y]: [number, number], side: "query" | "key") => {
    const before = side === "query";
    tokens.push(
      tag("circle", { cx: x, cy: y, r: 3.5, fill: theme.fg }),
      text(fit(label, MAX_LABEL), {
        x: before ? x - 8 : x + 8,
        y,
        dy: "0.35em",
        "text-anchor": before ? "end" : "start",
        class: `ap-flow-${side}`,
      }),
    );
  };
  queryLabels.slice(0, queries).forEach((label, i) => token(label, queryAt(i), "query"));
  keyLabels.slice(0, keys).forEach((label, j) => token(label, keyAt(j), "key"));
  parts.push(tag("g", { class: "ap-flow-tokens" }, tokens.join("")));

  if (headLabels) {
    const y = total - 8;
    let x = 8;
    const key: string[] = [];
    headLabels.forEach((label, h) => {
      key.push(
        tag("rect", {
          x,
          y: y - 8,
          width: 14,
          height: 4,
          rx: 2,
          fill: headColors[h % headColors.length] ?? "",
        }),
        text(label, { x: x + 18, y: y - 2, "font-size": 11, fill: theme.muted }),
      );
      x += 18 + textWidth(label, 11) + 14;
    });
    parts.push(tag("g", { class: "ap-flow-heads" }, key.join("")));
  }
  return svgDocument(width, total, theme, fontFamily, parts.join(""));
}

/** The size an SVG document says it has (its root's width and height attributes). */
function svgSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** How long the browser may take to decode the SVG as an image before the export gives up. */
const LOAD_TIMEOUT_MS = 10_000;

/**
 * A PNG of an SVG document drawn at `scale`× its size (2× for slides). Browser only: rejects with an Error,
 * never hangs, where there is no canvas (node, a worker without OffscreenCanvas) or the image cannot load.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const size = svgSize(svg);
  if (!size) throw new Error("svgToPng: the SVG has no width and height");
  if (!(scale > 0 && Number.isFinite(scale)))
    throw new Error(`svgToPng: scale ${scale} is not a positive number`);
  if (
    typeof document === "undefined" ||
    typeof Image === "undefined" ||
    typeof URL.createObjectURL !== "function"
  ) {
    throw new Error("svgToPng needs a browser: there is no document, Image or object URL here");
  }
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(size.width * scale);
  canvas.height = Math.ceil(size.height * scale);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("svgToPng: this browser gives no 2D canvas");

  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const image = await new Promise<HTMLImageElement>((resolve, reject) => {
      const img = new Image();
      const timer = setTimeout(
        () => reject(new Error("svgToPng: the SVG did not load in time")),
        LOAD_TIMEOUT_MS,
      );
      img.onload = () => {
        clearTimeout(timer);
        resolve(img);
      };
      img.onerror = () => {
        clearTimeout(timer);
        reject(new Error("svgToPng: the browser could not draw the SVG"));
      };
      img.src = url;
    });
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
  } finally {
    URL.revokeObjectURL(url);
  }
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("svgToPng: no PNG was made"))),
      "image/png",
    ),
  );
}

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * A label as spreadsheet text: one starting with = + - @ (or a tab or carriage return) would be run as a
 * formula by Excel or LibreOffice (CSV injection, OWASP), so it gets a leading apostrophe, which they hide.
 */
function csvText(label: string): string {
  return csvField(/^[=+\-@\t\r]/.test(label) ? `'${label}` : label);
}

/**
 * A matrix as CSV (RFC 4180, CRLF line ends): a header of `corner` and the column labels, then one line per
 * row, its label first. Numbers at full precision (String(x): "0.1", "-Infinity" for a masked score), so
 * they read back exactly. `bom` (default true) starts the text with a UTF-8 byte-order mark, without which
 * Excel reads Chinese labels as mojibake.
 */
export function matrixCsv(
  matrix: Matrix,
  rowLabels: readonly string[],
  colLabels: readonly string[],
  corner = "",
  { bom = true }: { readonly bom?: boolean } = {},
): string {
  const { rows, cols, data } = matrix;
  const lines = [[corner, ...Array.from({ length: cols }, (_, j) => colLabels[j] ?? String(j))].map(csvText)];
  for (let i = 0; i < rows; i++) {
    const values = Array.from({ length: cols }, (_, j) => String(data[i * cols + j]));
    lines.push([csvText(rowLabels[i] ?? String(i)), ...values]);
  }
  return (bom ? "\uFEFF" : "") + lines.map((line) => line.join(",")).join("\r\n") + "\r\n";
}

/** JSON has no infinities: −∞ (a masked score) is written as null, and the file's `note` says so. */
const NULL_NOTE = "null stands for -Infinity: a masked score (its key is hidden from that query)";

type JsonNumber = number | null | "Infinity" | "NaN";

function jsonNumber(x: number): JsonNumber {
  if (x === -Infinity) return null;
  // Never produced by the engine; written as text rather than as null, which would read as masked.
  if (x === Infinity) return "Infinity";
  if (Number.isNaN(x)) return "NaN";
  return x;
}

function rowsOf(data: ArrayLike<number>, offset: number, rows: number, cols: number): JsonNumber[][] {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => jsonNumber(data[offset + i * cols + j] as number)),
  );
}

const hasNegativeInfinity = (data: ArrayLike<number>) =>
  Array.prototype.some.call(data, (x) => x === -Infinity);

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
    data: rowsOf(data, 0, rows, cols),
  });
}

function matrixEntry(m: Matrix, rows: string, cols: string) {
  return { shape: [m.rows, m.cols], rows, cols, data: rowsOf(m.data, 0, m.rows, m.cols) };
}

function stackEntry(s: Stack, rows: string, cols: string) {
  return {
    shape: [s.depth, s.rows, s.cols],
    depth: "heads",
    rows,
    cols,
    data: Array.from({ length: s.depth }, (_, h) => rowsOf(s.data, h * s.rows * s.cols, s.rows, s.cols)),
  };
}

/**
 * Every intermediate of a computation as JSON: settings, labels, then each matrix and [heads, queries, keys]
 * stack with its shape and what its axes are, numbers at full precision, −∞ as null (see `note`).
 */
export function traceJson(
  trace: AttentionTrace,
  {
    queryLabels,
    keyLabels,
  }: { readonly queryLabels: readonly string[]; readonly keyLabels: readonly string[] },
): string {
  const t = trace;
  const optional = (name: string, m: Matrix | undefined, rows: string, cols: string) =>
    m ? { [name]: matrixEntry(m, rows, cols) } : {};
  return JSON.stringify({
    format: "attention-playground/trace",
    version: 1,
    note: `Rows are queries and columns are keys in every score and weight matrix; stacks are [heads, rows, cols], row-major. ${NULL_NOTE}.`,
    rows: "queries",
    cols: "keys",
    heads: t.heads,
    queries: t.queries,
    keys: t.keys,
    dK: t.dK,
    dV: t.dV,
    score: t.score,
    temperature: t.temperature,
    divisor: t.divisor,
    mode: t.mode,
    projected: t.projected,
    backend: t.backend,
    precision: t.precision,
    queryLabels: Array.from({ length: t.queries }, (_, i) => queryLabels[i] ?? String(i)),
    keyLabels: Array.from({ length: t.keys }, (_, j) => keyLabels[j] ?? String(j)),
    ...optional("x", t.x, "queries", "d_model"),
    ...optional("xKV", t.xKV, "keys", "d_model"),
    ...optional("positional", t.positional, "queries", "d_model"),
    ...optional("positionalKV", t.positionalKV, "keys", "d_model"),
    q: matrixEntry(t.q, "queries", "heads × d_k"),
    k: matrixEntry(t.k, "keys", "heads × d_k"),
    v: matrixEntry(t.v, "keys", "heads × d_v"),
    mask: {
      shape: [t.queries, t.keys],
      rows: "queries",
      cols: "keys",
      data: rowsOf(t.mask, 0, t.queries, t.keys),
    },
    emptyRows: [...t.emptyRows],
    scores: stackEntry(t.scores, "queries", "keys"),
    scaled: stackEntry(t.scaled, "queries", "keys"),
    masked: stackEntry(t.masked, "queries", "keys"),
    weights: stackEntry(t.weights, "queries", "keys"),
    headOutputs: stackEntry(t.headOutputs, "queries", "d_v"),
    concat: matrixEntry(t.concat, "queries", "heads × d_v"),
    output: matrixEntry(t.output, "queries", "d_out"),
  });
}
