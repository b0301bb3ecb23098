import { scaleLinear } from "d3";
import { formatNumber } from "./format";
import { textWidth } from "./measure";

export interface LegendLayoutOptions {
  /** The span of the colour bar: [low, high]. */
  readonly domain: readonly [number, number];
  /** Total width in px. */
  readonly width: number;
  readonly title?: string;
  /** The data's real range, marked above the bar, since it may be narrower than the domain ([0, 1] weights). */
  readonly marks?: { readonly min: number; readonly max: number } | undefined;
  /** Adds a hatched swatch for masked cells, right of the bar. */
  readonly masked?: boolean;
  /** The swatch's label: what masked cells hold ("−∞" for scores, "0" for weights); "" for none. */
  readonly maskedLabel?: string;
  readonly digits?: number;
}

/** A text to draw: where its anchor is, and which way it runs from there. */
export interface TextPlace {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly anchor: "start" | "middle" | "end";
}

/** Where everything of a colour legend goes, in px from its top-left corner. */
export interface LegendLayout {
  readonly width: number;
  readonly height: number;
  readonly title?: TextPlace;
  /** The gradient bar, with rounded ends of radius `height / 2`. */
  readonly bar: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** Colour stops along the bar: offset in [0, 1] and the value whose colour goes there. */
  readonly stops: readonly { readonly offset: number; readonly value: number }[];
  /** Ticks below the bar: a short line down from `y1` to `y2` at `x`, and its label. */
  readonly ticks: readonly {
    readonly x: number;
    readonly y1: number;
    readonly y2: number;
    readonly label: TextPlace;
  }[];
  /** The data's min and max: a small triangle pointing down at the bar (its path), and the value above it. */
  readonly marks: readonly { readonly path: string; readonly label: TextPlace }[];
  /** The hatched swatch for masked cells, and its label. */
  readonly swatch?: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly label?: TextPlace;
  };
}

const BAR = 10;
const MARGIN = 16;
const SWATCH = 44;
const STOPS = 32;
/** The marks' labels: 11 px, semibold (render.css, .ap-legend-mark-label), and the least room between them. */
const MARK_FONT = 11;
const MARK_WEIGHT = 600;
const MARK_GAP = 6;

/**
 * A mark's value with at least two significant digits: the marks say what the data holds, and at 512 tokens
 * weights of about 0.0017 printed to 2 decimals read "0" at both ends.
 */
function markText(value: number, digits: number): string {
  const magnitude = Math.abs(value);
  // Below 1e−3 formatNumber writes an exponent, with `digits` significant digits already.
  const significant = magnitude >= 1e-3 && magnitude < 1 ? Math.ceil(-Math.log10(magnitude)) + 1 : 0;
  return formatNumber(value, Math.max(digits, significant));
}

/** To 2 decimals: a path that reads the same in the view and in an exported file. */
const hundredths = (x: number) => Math.round(x * 100) / 100;

/**
 * Where the min and max marks' labels are centred: over their marks, unless that would print one over the
 * other (weights all near 1/600 put both marks at the bar's left end) or past the legend's edges. Then the
 * two sit side by side, min on the left, MARK_GAP apart, as near their marks as the legend's width allows
 * (legendLayout.test.ts "never overlap").
 */
function markLabelCentres(
  [xMin, xMax]: readonly [number, number],
  texts: readonly [string, string],
  width: number,
): [number, number] {
  const [wMin, wMax] = texts.map((text) => textWidth(text, MARK_FONT, MARK_WEIGHT)) as [number, number];
  const inside = (left: number, w: number) => Math.max(0, Math.min(width - w, left));
  let left = [inside(xMin - wMin / 2, wMin), inside(xMax - wMax / 2, wMax)] as [number, number];
  if (left[0] + wMin + MARK_GAP > left[1]) {
    const both = wMin + MARK_GAP + wMax;
    const start = inside((xMin + xMax) / 2 - both / 2, both);
    left = [start, start + wMin + MARK_GAP];
  }
  // Unmoved labels keep their marks' x exactly (an exported SVG reads the same as before).
  const centre = (l: number, w: number, at: number) => (l === at - w / 2 ? at : hundredths(l + w / 2));
  return [centre(left[0], wMin, xMin), centre(left[1], wMax, xMax)];
}

/**
 * Lays out a colour legend: title, rounded gradient bar, tick labels below, the data's min and max marked
 * above, and a swatch for masked cells. Pure, for the view's legend (legend.ts) and the SVG export's
 * (legendSvg.ts) alike.
 */
export function legendLayout({
  domain,
  width,
  title = "",
  marks,
  masked = false,
  maskedLabel = formatNumber(-Infinity),
  digits = 2,
}: LegendLayoutOptions): LegendLayout {
  const [low, high] = domain;
  const top = title ? 18 : 2;
  const barY = top + (marks ? 20 : 0);
  const x = scaleLinear()
    .domain([low, high])
    .range([MARGIN, width - MARGIN - (masked ? SWATCH : 0)])
    .clamp(true);
  const [x0, x1] = x.range() as [number, number];
  const below = barY + BAR + 15;

  const ticks = x.ticks(Math.max(2, Math.floor((x1 - x0) / 48))).map((tick) => ({
    x: x(tick),
    y1: barY + BAR,
    y2: barY + BAR + 4,
    label: { x: x(tick), y: below, text: formatNumber(tick, digits), anchor: "middle" as const },
  }));

  const placed: LegendLayout["marks"][number][] = [];
  if (marks) {
    const xMin = x(marks.min);
    const xMax = x(marks.max);
    const texts = [markText(marks.min, digits), markText(marks.max, digits)] as const;
    const centres = markLabelCentres([xMin, xMax], texts, width);
    [xMin, xMax].forEach((at, i) => {
      placed.push({
        path: `M${hundredths(at - 4)},${hundredths(barY - 6)}h8l-4,5z`,
        label: { x: centres[i] as number, y: barY - 9, text: texts[i] as string, anchor: "middle" },
      });
    });
  }

  const sx = width - MARGIN - SWATCH + 12;
  const swatchWidth = SWATCH - 12;
  return {
    width,
    height: barY + BAR + 20,
    ...(title ? { title: { x: x0, y: 12, text: title, anchor: "start" as const } } : {}),
    bar: { x: x0, y: barY, width: Math.max(0, x1 - x0), height: BAR },
    stops: Array.from({ length: STOPS }, (_, i) => {
      const t = i / (STOPS - 1);
      return { offset: t, value: low + t * (high - low) };
    }),
    ticks,
    marks: placed,
    ...(masked
      ? {
          swatch: {
            x: sx,
            y: barY,
            width: swatchWidth,
            height: BAR,
            ...(maskedLabel
              ? { label: { x: sx + swatchWidth / 2, y: below, text: maskedLabel, anchor: "middle" as const } }
              : {}),
          },
        }
      : {}),
  };
}
