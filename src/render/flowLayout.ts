import type { Matrix } from "../core/types";
import { labelStride } from "./heatmapLayout";
import { textWidth, widestText } from "./measure";

/** Lines for weights below this are left out by default: below 1 %, a line is noise. */
export const MIN_WEIGHT = 0.01;
/** At most this many lines are drawn, the strongest: past a few thousand, SVG gets slow and the picture is a blur. */
export const MAX_LINES = 2000;
export const LABEL_SIZE = 12;
export const MAX_LABEL = 120;
/** Font size of the heads' names in the key of colours. */
const HEAD_LABEL_SIZE = 11;

/**
 * A line for a weight: thicker and more opaque for larger weights (the view and its SVG export alike).
 * Up to a weight of 0.1 a line is at most 1 px wide, which a browser draws as a hairline: without a GPU,
 * the 2,000 lines of a flow of 128 tokens (three in four of them weaker than 0.05) rasterise in half the
 * time they took at 0.75 + 5w px, where lines of 1 to 1.25 px cost most.
 */
export const flowLineWidth = (w: number): string =>
  (w <= HAIRLINE_UP_TO ? 0.75 + 2.5 * w : 0.5 + 5 * w).toFixed(2);
/** The largest weight drawn as a line at most 1 px wide (continuous: both pieces give 1 px there). */
const HAIRLINE_UP_TO = 0.1;
export const flowLineOpacity = (w: number): string => (0.2 + 0.75 * Math.min(1, w)).toFixed(2);

export interface FlowLayoutOptions {
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  /** Titles of the two token columns. */
  readonly queryTitle?: string;
  readonly keyTitle?: string;
  /** Names of the heads: when given, room for a key of colours at the bottom. */
  readonly headLabels?: readonly string[] | undefined;
  /** horizontal: queries left, keys right; vertical: queries on top, keys below. */
  readonly orientation?: "horizontal" | "vertical";
  /** A figure title above everything (the SVG export's); the view has none. */
  readonly title?: string;
  readonly width?: number;
  /** Default: what the token count needs. */
  readonly height?: number | undefined;
}

type Point = readonly [number, number];

/** Where everything of a flow diagram goes, in px from its top-left corner. */
export interface FlowLayout {
  readonly width: number;
  readonly height: number;
  readonly vertical: boolean;
  /** Vertical only: token labels rotated by −90°, since they do not fit side by side. */
  readonly rotate: boolean;
  /** Vertical only: the band the labels of each row of tokens take. */
  readonly band: number;
  /**
   * Tokens 0, k, 2k, … are labelled, k = labelEvery; the others only while highlighted. Where tokens stand
   * closer than a line of text (a vertical flow of 128 tokens: 4 px apart), every label drawn made a pile
   * nobody could read. As the heatmap thins its labels.
   */
  readonly labelEvery: number;
  /** The distance between two neighbouring tokens' centres along a side (px). */
  readonly step: number;
  /** The token dots: query i, key j. */
  queryAt(i: number): Point;
  keyAt(j: number): Point;
  /** Head h's lines are shifted this much across the flow, so that heads side by side do not hide each other. */
  headOffset(h: number): Point;
  readonly title?: { readonly x: number; readonly y: number };
  readonly queryTitle?: { readonly x: number; readonly y: number; readonly anchor: "start" | "end" };
  readonly keyTitle?: { readonly x: number; readonly y: number; readonly anchor: "start" | "end" };
  /** The key of head colours: a swatch at (x, y) and the head's name beside it. */
  readonly headKey: readonly { readonly x: number; readonly y: number; readonly label: string }[];
}

/**
 * Lays out a flow diagram of `heads` heads from `queries` query tokens to `keys` key tokens: each side centred
 * on its own count (cross-attention has n ≠ m), titles, the key of head colours. Pure, for the view (flow.ts)
 * and its SVG export (flowSvg.ts) alike.
 */
export function flowLayout(
  { queries, keys, heads }: { readonly queries: number; readonly keys: number; readonly heads: number },
  {
    queryLabels,
    keyLabels,
    queryTitle = "",
    keyTitle = "",
    headLabels,
    orientation = "horizontal",
    title = "",
    width = 360,
    height,
  }: FlowLayoutOptions,
): FlowLayout {
  const vertical = orientation === "vertical";
  const count = Math.max(queries, keys, 1);
  const titleHeight = title ? 26 : 0;
  // Titles: both above the columns when horizontal; when vertical, the key title goes below the keys.
  const top = titleHeight + (queryTitle || (keyTitle && !vertical) ? 24 : 8);
  const headKeyHeight = headLabels ? 24 : 0;
  const qWidth = Math.min(MAX_LABEL, widestText(queryLabels, LABEL_SIZE));
  const kWidth = Math.min(MAX_LABEL, widestText(keyLabels, LABEL_SIZE));

  let total: number;
  let queryAt: (i: number) => Point;
  let keyAt: (j: number) => Point;
  let rotate = false;
  let band = 0;
  /** Between two neighbouring tokens' centres along a side. */
  let step: number;
  if (vertical) {
    step = (width - 16) / count;
    rotate = Math.max(qWidth, kWidth) > step - 4;
    // Off the line, a turned label takes its width.
    band = rotate ? Math.min(MAX_LABEL, Math.max(qWidth, kWidth)) + 8 : 18;
    const bottom = band + (keyTitle ? 20 : 0) + headKeyHeight + 6;
    total = height ?? top + band + 160 + bottom;
    const along = (k: number, n: number) => 8 + (width - 16 - n * step) / 2 + (k + 0.5) * step;
    queryAt = (i) => [along(i, queries), top + band];
    keyAt = (j) => [along(j, keys), total - bottom];
  } else {
    // 26 px per token, the larger side filling the height.
    const bottom = headKeyHeight + 8;
    total = height ?? top + bottom + count * 26;
    step = (total - top - bottom) / count;
    const along = (k: number, n: number) => top + (total - top - bottom - n * step) / 2 + (k + 0.5) * step;
    queryAt = (i) => [8 + qWidth + 8, along(i, queries)];
    keyAt = (j) => [width - 8 - kWidth - 8, along(j, keys)];
  }
  const shift = (h: number) => (h - (heads - 1) / 2) * 2;

  const headKey: { x: number; y: number; label: string }[] = [];
  let x = 8;
  for (const label of headLabels ?? []) {
    headKey.push({ x, y: total - 8, label });
    x += 18 + textWidth(label, HEAD_LABEL_SIZE) + 14;
  }
  const titleY = titleHeight + 14;
  return {
    width,
    height: total,
    vertical,
    rotate,
    band,
    // A label set across the side needs a line of text; one set along it (upright, only where every
    // label fits) needs its width, which rotate has checked. A flow with no room for its tokens (a host
    // not measured yet) labels every one.
    labelEvery: (vertical && !rotate) || step <= 0 ? 1 : labelStride(step),
    step,
    queryAt,
    keyAt,
    headOffset: (h) => (vertical ? [shift(h), 0] : [0, shift(h)]),
    ...(title ? { title: { x: 8, y: 18 } } : {}),
    ...(queryTitle ? { queryTitle: { x: 8, y: titleY, anchor: "start" as const } } : {}),
    ...(keyTitle
      ? {
          keyTitle: vertical
            ? { x: 8, y: total - headKeyHeight - 10, anchor: "start" as const }
            : { x: width - 8, y: titleY, anchor: "end" as const },
        }
      : {}),
    headKey,
  };
}

/** A token of a flow: query `index` or key `index`. */
export interface FlowToken {
  readonly side: "query" | "key";
  readonly index: number;
}

/**
 * How far past its dot, towards the lines, a point still counts as on a token's column (flowTokenAt): a
 * fingertip's point lands a few px off the dot it aims at.
 */
const COLUMN_REACH = 10;

/**
 * The token under (x, y), in the flow's px, where dots stand too close for the token's own hit area to tell
 * (a finger: flowLoupe.ts): the nearest along a side, if the point is on that side's column (over its labels
 * or up to COLUMN_REACH past its dots) and within half a step of its first and last token. null elsewhere:
 * on the lines between the columns, on the titles of a horizontal flow, past the ends.
 */
export function flowTokenAt(
  layout: FlowLayout,
  counts: { readonly queries: number; readonly keys: number },
  x: number,
  y: number,
): FlowToken | null {
  const { vertical, step, band, width } = layout;
  for (const side of ["query", "key"] as const) {
    const n = side === "query" ? counts.queries : counts.keys;
    const [dotX, dotY] = side === "query" ? layout.queryAt(0) : layout.keyAt(0);
    // How far into its labels the point is, from the dots: query labels lie before them (left, or above),
    // key labels after them (right, or below); negative towards the lines.
    const into = (vertical ? y - dotY : x - dotX) * (side === "query" ? -1 : 1);
    const labels = vertical ? band + 2 : side === "query" ? dotX : width - dotX;
    const index = Math.floor((vertical ? x - dotX : y - dotY) / step + 0.5);
    if (n > 0 && step > 0 && into >= -COLUMN_REACH && into <= labels && index >= 0 && index < n)
      return { side, index };
  }
  return null;
}

/** One line of a flow: head h, query i, key j, weight w. */
export interface FlowLink {
  readonly h: number;
  readonly i: number;
  readonly j: number;
  readonly w: number;
}

/**
 * The lines a flow draws: every weight of at least `minWeight`, the strongest MAX_LINES, lighter ones first so
 * that heavy ones are drawn on top. weights: one [queries, keys] matrix per head, row-major; rows are queries.
 */
/**
 * The n-th largest of `xs` (1 = the largest), by quickselect: linear time where a sort takes n log n
 * (65,536 weights at 128 tokens and 4 heads, at every edit). Reorders `xs`.
 */
export function nthLargest(xs: Float64Array, n: number): number {
  const k = xs.length - n;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((xs[i] as number) < pivot) i++;
      while ((xs[j] as number) > pivot) j--;
      if (i <= j) {
        const t = xs[i] as number;
        xs[i++] = xs[j] as number;
        xs[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return xs[k] as number;
}

let scratch = new Float64Array(0);

export function flowLinks(weights: readonly Matrix[], minWeight = MIN_WEIGHT): FlowLink[] {
  // Past MAX_LINES, the weakest line kept is found on a numeric copy first (quickselect), so that objects
  // are made and compared for the lines drawn only, not for every weight (65,536 at 128 tokens, 4 heads).
  const total = weights.reduce((sum, m) => sum + m.data.length, 0);
  // One scratch buffer, grown as needed: new memory at every edit costs more than the selection.
  if (scratch.length < total) scratch = new Float64Array(total);
  const strong = scratch;
  let count = 0;
  for (const { data } of weights)
    for (let k = 0; k < data.length; k++) {
      const w = data[k] as number;
      // NaN fails the comparison; +∞ is not a weight.
      if (w >= minWeight && w !== Infinity) strong[count++] = w;
    }
  let least = -Infinity;
  /** Links of exactly `least` to keep: the last ones in (head, query, key) order, as a stable sort keeps them. */
  let ties = Infinity;
  let tiesSeen = 0;
  if (count > MAX_LINES) {
    const kept = strong.subarray(0, count);
    least = nthLargest(kept, MAX_LINES);
    let above = 0;
    for (let k = 0; k < count; k++) {
      const w = kept[k] as number;
      if (w > least) above++;
      else if (w === least) tiesSeen++;
    }
    ties = MAX_LINES - above;
  }
  const links: FlowLink[] = [];
  weights.forEach(({ rows, cols, data }, h) => {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const w = data[i * cols + j] as number;
        if (!(w >= minWeight && w >= least) || w === Infinity) continue;
        if (w === least && tiesSeen-- > ties) continue;
        links.push({ h, i, j, w });
      }
    }
  });
  links.sort((a, b) => a.w - b.w);
  return links;
}
