import { scaleLinear } from "d3";
import { formatNumber } from "./format";
import { svgElement, svgText as text, uniqueId } from "./svg";

export interface LegendOptions {
  /** Value → CSS colour, over `domain`. */
  readonly scale: (x: number) => string;
  /** The span of the colour bar: [low, high]. */
  readonly domain: readonly [number, number];
  readonly title?: string;
  /** Total width in px. */
  readonly width?: number;
  /** The data's real range, marked above the bar, since it may be narrower than the domain ([0, 1] weights). */
  readonly marks?: { readonly min: number; readonly max: number };
  /** Adds a hatched swatch for masked cells, labelled `maskedLabel`. */
  readonly masked?: boolean;
  /** What masked cells hold: "−∞" (masked scores, the default) or "0" (masked weights); "" for no label. */
  readonly maskedLabel?: string;
  readonly digits?: number;
}

const BAR = 10;
const MARGIN = 16;
const SWATCH = 44;

/** A colour legend: title, rounded gradient bar, tick labels below, the data's min and max marked above. */
export function legend({
  scale,
  domain,
  title = "",
  width = 240,
  marks,
  masked = false,
  maskedLabel = formatNumber(-Infinity),
  digits = 2,
}: LegendOptions): SVGSVGElement {
  const [low, high] = domain;
  const top = title ? 18 : 2;
  const barY = top + (marks ? 20 : 0);
  const height = barY + BAR + 20;
  const x = scaleLinear()
    .domain([low, high])
    .range([MARGIN, width - MARGIN - (masked ? SWATCH : 0)])
    .clamp(true);
  const [x0, x1] = x.range() as [number, number];

  const svg = svgElement("svg", { class: "ap-legend", width, height, viewBox: `0 0 ${width} ${height}` });
  svg.setAttribute("role", "img");
  svg.setAttribute(
    "aria-label",
    `${title} ${formatNumber(low, digits)} … ${formatNumber(high, digits)}`.trim(),
  );
  if (title) svg.append(text(title, { x: x0, y: 12, class: "ap-legend-title" }));

  const gradientId = uniqueId("ap-gradient");
  const gradient = svgElement("linearGradient", { id: gradientId, x1: 0, x2: 1, y1: 0, y2: 0 });
  const stops = 32;
  for (let i = 0; i < stops; i++) {
    const t = i / (stops - 1);
    gradient.append(svgElement("stop", { offset: t, "stop-color": scale(low + t * (high - low)) }));
  }
  const defs = svgElement("defs");
  defs.append(gradient);
  svg.append(defs);
  svg.append(
    svgElement("rect", {
      class: "ap-legend-bar",
      x: x0,
      y: barY,
      width: Math.max(0, x1 - x0),
      height: BAR,
      rx: BAR / 2,
      fill: `url(#${gradientId})`,
    }),
  );

  for (const tick of x.ticks(Math.max(2, Math.floor((x1 - x0) / 48)))) {
    const at = x(tick);
    svg.append(
      svgElement("line", { class: "ap-legend-tick", x1: at, x2: at, y1: barY + BAR, y2: barY + BAR + 4 }),
    );
    svg.append(text(formatNumber(tick, digits), { x: at, y: barY + BAR + 15, "text-anchor": "middle" }));
  }

  if (marks) {
    const xMin = x(marks.min);
    const xMax = x(marks.max);
    // Two marks closer than a label's width push their labels apart instead of printing one over the other.
    const close = xMax - xMin < 36;
    const items: [number, number, string][] = [
      [marks.min, xMin, close ? "end" : "middle"],
      [marks.max, xMax, close ? "start" : "middle"],
    ];
    for (const [value, at, anchor] of items) {
      svg.append(
        svgElement("path", { class: "ap-legend-mark", d: `M${at - 4},${barY - 6}h8l-4,5z` }),
        text(formatNumber(value, digits), {
          x: at,
          y: barY - 9,
          "text-anchor": anchor,
          class: "ap-legend-mark-label",
        }),
      );
    }
  }

  if (masked) {
    const patternId = uniqueId("ap-hatch");
    defs.append(hatchPattern(patternId));
    const sx = width - MARGIN - SWATCH + 12;
    svg.append(
      svgElement("rect", {
        class: "ap-legend-masked",
        x: sx,
        y: barY,
        width: SWATCH - 12,
        height: BAR,
        rx: BAR / 2,
        fill: `url(#${patternId})`,
      }),
    );
    if (maskedLabel) {
      svg.append(
        text(maskedLabel, { x: sx + (SWATCH - 12) / 2, y: barY + BAR + 15, "text-anchor": "middle" }),
      );
    }
  }
  return svg;
}

/** The same diagonal hatch that the heatmap draws on masked cells, in the muted colour. */
function hatchPattern(id: string): SVGPatternElement {
  const pattern = svgElement("pattern", { id, width: 5, height: 5, patternUnits: "userSpaceOnUse" });
  pattern.append(
    svgElement("rect", { width: 5, height: 5, class: "ap-hatch-bg" }),
    svgElement("path", { d: "M-1,1l2,-2M0,5l5,-5M4,6l2,-2", class: "ap-hatch-line" }),
  );
  return pattern;
}
