import { extent, line, scaleLinear, scaleLog } from "d3";
import { formatNumber } from "./format";
import { textWidth } from "./measure";
import { HEAD_COLORS } from "./flow";
import { svgElement, svgText as text } from "./svg";
import { readTheme } from "./theme";

/** One line of a chart: points [x, y] in increasing x. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Default: the colour-blind-safe head colours, in order. */
  readonly color?: string;
  /** Drawn thin in the theme's muted colour, behind the others: raw data under its trend. */
  readonly faint?: boolean;
}

export interface LineChartOptions {
  readonly width?: number;
  readonly height?: number;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Default: the data's extent. Charts of one run share it, so that their steps line up. */
  readonly xDomain?: readonly [number, number];
  /** Default: the data's extent (a log scale needs positive values; others are left out). */
  readonly yDomain?: readonly [number, number];
  readonly yScale?: "linear" | "log";
  /** Names the chart for screen readers. */
  readonly ariaLabel: string;
}

/** The top margin holds the y axis's title and the legend, on one line above the plot, where no line crosses them. */
const MARGIN = { top: 30, right: 14, bottom: 34, left: 52 };
const FONT_SIZE = 12;
/** The middle of the line of the y axis's title and the legend. */
const LEGEND_Y = 12;
/** Past this many points a line is thinned to every k-th point (and its last): the chart stays cheap to redraw. */
const MAX_POINTS = 600;

function thin(points: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  if (points.length <= MAX_POINTS) return [...points];
  const k = Math.ceil(points.length / MAX_POINTS);
  const out = points.filter((_, i) => i % k === 0);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]!);
  return out;
}

/**
 * Lines over a shared x axis (training steps), with a legend of the series' names: a small SVG, rebuilt
 * whole on each update (a few hundred points at most, after thinning).
 */
export function lineChart(
  series: readonly Series[],
  {
    width = 420,
    height = 220,
    xLabel = "",
    yLabel = "",
    xDomain,
    yDomain,
    yScale = "linear",
    ariaLabel,
  }: LineChartOptions,
): SVGSVGElement {
  const svg = svgElement("svg", {
    class: "ap-line-chart",
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": ariaLabel,
  });
  const theme = readTheme(document.documentElement);
  const valid = (y: number) => Number.isFinite(y) && (yScale === "linear" || y > 0);
  // Colours go to the lines that are not faint, in order.
  let next = 0;
  const lines = series.map((s) => ({
    ...s,
    color: s.color ?? (s.faint ? theme.muted : HEAD_COLORS[next++ % HEAD_COLORS.length]!),
    points: thin(s.points.filter(([, y]) => valid(y))),
  }));
  const all = lines.flatMap((s) => s.points);
  const [x0 = 0, x1 = 1] = xDomain ?? extent(all, ([x]) => x);
  const [y0 = 0, y1 = 1] = yDomain ?? extent(all, ([, y]) => y);
  const x = scaleLinear()
    .domain([x0, Math.max(x1, x0 + 1)])
    .range([MARGIN.left, width - MARGIN.right]);
  const y = (yScale === "log" ? scaleLog() : scaleLinear())
    .domain(y0 === y1 ? [y0 * 0.9 || -1, y1 * 1.1 || 1] : [y0, y1])
    .range([height - MARGIN.bottom, MARGIN.top])
    .nice();

  const axis = svgElement("g", { fill: theme.muted, "font-size": FONT_SIZE });
  // A log axis labels 1, 2 and 5 of each decade only; steps are whole numbers.
  const yTicks = y
    .ticks(4)
    .filter((v) => yScale === "linear" || [1, 2, 5].includes(Number(v.toExponential(0)[0])));
  for (const tick of yTicks) {
    const ty = y(tick);
    axis.append(
      svgElement("line", {
        x1: MARGIN.left,
        x2: width - MARGIN.right,
        y1: ty,
        y2: ty,
        stroke: theme.muted,
        "stroke-opacity": 0.25,
      }),
      text(formatNumber(tick, 3), { x: MARGIN.left - 6, y: ty + 4, "text-anchor": "end" }),
    );
  }
  for (const tick of x.ticks(5).filter(Number.isInteger)) {
    axis.append(
      text(formatNumber(tick, 0), { x: x(tick), y: height - MARGIN.bottom + 15, "text-anchor": "middle" }),
    );
  }
  axis.append(
    text(xLabel, { x: (MARGIN.left + width - MARGIN.right) / 2, y: height - 4, "text-anchor": "middle" }),
    // Lying flat above the axis: turned a quarter, a Chinese title ("训练损失") lay on its side.
    text(yLabel, { x: 4, y: LEGEND_Y + 4, "font-weight": 600 }),
  );
  svg.append(axis);

  const path = line<readonly [number, number]>()
    .x(([px]) => x(px))
    .y(([, py]) => y(py));
  // The legend follows the y axis's title, each name as wide as it is.
  let lx = Math.max(MARGIN.left, 4 + textWidth(yLabel, FONT_SIZE, 600) + 20);
  lines.forEach((s) => {
    if (s.points.length > 0) {
      svg.append(
        svgElement("path", {
          d: path(s.points) ?? "",
          fill: "none",
          stroke: s.color,
          "stroke-width": s.faint ? 1 : 2,
          "stroke-opacity": s.faint ? 0.6 : 1,
          "data-series": s.name,
        }),
      );
    }
    svg.append(
      svgElement("line", {
        x1: lx,
        x2: lx + 16,
        y1: LEGEND_Y,
        y2: LEGEND_Y,
        stroke: s.color,
        "stroke-width": 3,
      }),
      text(s.name, { x: lx + 20, y: LEGEND_Y + 4, fill: theme.fg, "font-size": FONT_SIZE }),
    );
    lx += 20 + textWidth(s.name, FONT_SIZE) + 20;
  });
  return svg;
}
