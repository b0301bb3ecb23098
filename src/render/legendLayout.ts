import { scaleLinear } from "d3";
import { formatNumber } from "./format";

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

/** To 2 decimals: a path that reads the same in the view and in an exported file. */
const hundredths = (x: number) => Math.round(x * 100) / 100;

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
    // Two marks closer than a label's width push their labels apart instead of printing one over the other.
    const close = xMax - xMin < 36;
    const items = [
      [marks.min, xMin, close ? "end" : "middle"],
      [marks.max, xMax, close ? "start" : "middle"],
    ] as const;
    for (const [value, at, anchor] of items) {
      placed.push({
        path: `M${hundredths(at - 4)},${hundredths(barY - 6)}h8l-4,5z`,
        label: { x: at, y: barY - 9, text: formatNumber(value, digits), anchor },
      });
    }
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
