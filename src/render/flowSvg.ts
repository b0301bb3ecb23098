import type { Matrix } from "../core/types";
import { fitLabel } from "./fitLabel";
import { HEAD_COLORS } from "./flow";
import {
  flowLayout,
  flowLineOpacity,
  flowLineWidth,
  flowLinks,
  LABEL_SIZE,
  MAX_LABEL,
  MIN_WEIGHT,
} from "./flowLayout";
import { svgDocument, tag, textTag as text } from "./svgDocument";
import { DARK_THEME, FALLBACK_THEME, FONT_FAMILY } from "./theme";

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
 * The flow diagram as a standalone SVG document, laid out by the flow view's own flowLayout (horizontal):
 * queries on the left, keys on the right, one line per weight of at least `minWeight` (the strongest
 * MAX_LINES), one colour per head, labels as real text.
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
  const layout = flowLayout(
    { queries, keys, heads: weights.length },
    { queryLabels, keyLabels, queryTitle, keyTitle, headLabels, title, width, height },
  );
  const { queryAt, keyAt, labelEvery } = layout;

  const parts: string[] = [];
  if (layout.title) parts.push(text(title, { ...layout.title, "font-size": 14, "font-weight": 600 }));
  const axisTitle = (content: string, { x, y, anchor }: { x: number; y: number; anchor: string }) =>
    text(content, {
      x,
      y,
      ...(anchor === "end" ? { "text-anchor": "end" } : {}),
      "font-weight": 600,
      fill: theme.muted,
    });
  if (layout.queryTitle) parts.push(axisTitle(queryTitle, layout.queryTitle));
  if (layout.keyTitle) parts.push(axisTitle(keyTitle, layout.keyTitle));

  const lines = flowLinks(weights, minWeight).map(({ h, i, j, w }) => {
    const [x1, y1] = queryAt(i);
    const [x2, y2] = keyAt(j);
    const [dx, dy] = layout.headOffset(h);
    return tag("line", {
      x1: x1 + dx,
      y1: y1 + dy,
      x2: x2 + dx,
      y2: y2 + dy,
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
  // Labels the view thins out are left out, as the heatmap's export leaves them.
  const token = (label: string, [x, y]: readonly [number, number], side: "query" | "key", index: number) => {
    const before = side === "query";
    tokens.push(tag("circle", { cx: x, cy: y, r: 3.5, fill: theme.fg }));
    if (index % labelEvery !== 0) return;
    tokens.push(
      text(fitLabel(label, MAX_LABEL, LABEL_SIZE), {
        x: before ? x - 8 : x + 8,
        y,
        dy: "0.35em",
        "text-anchor": before ? "end" : "start",
        class: `ap-flow-${side}`,
      }),
    );
  };
  queryLabels.slice(0, queries).forEach((label, i) => token(label, queryAt(i), "query", i));
  keyLabels.slice(0, keys).forEach((label, j) => token(label, keyAt(j), "key", j));
  parts.push(tag("g", { class: "ap-flow-tokens" }, tokens.join("")));

  if (layout.headKey.length > 0) {
    const key = layout.headKey.flatMap(({ x, y, label }, h) => [
      tag("rect", {
        x,
        y: y - 8,
        width: 14,
        height: 4,
        rx: 2,
        fill: headColors[h % headColors.length] ?? "",
      }),
      text(label, { x: x + 18, y: y - 2, "font-size": 11, fill: theme.muted }),
    ]);
    parts.push(tag("g", { class: "ap-flow-heads" }, key.join("")));
  }
  return svgDocument(layout.width, layout.height, theme, fontFamily, parts.join(""));
}
