import { formatNumber } from "./format";
import { legendLayout, type TextPlace } from "./legendLayout";
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

/** A colour legend: title, rounded gradient bar, tick labels below, the data's min and max marked above. */
export function legend({
  scale,
  domain,
  title = "",
  width = 240,
  marks,
  masked = false,
  maskedLabel,
  digits = 2,
}: LegendOptions): SVGSVGElement {
  const [low, high] = domain;
  const layout = legendLayout({ domain, width, title, marks, masked, maskedLabel, digits });
  const { height, bar } = layout;
  const place = ({ x, y, text: content, anchor }: TextPlace, className?: string) =>
    text(content, { x, y, ...(anchor === "start" ? {} : { "text-anchor": anchor }), class: className });

  const svg = svgElement("svg", { class: "ap-legend", width, height, viewBox: `0 0 ${width} ${height}` });
  svg.setAttribute("role", "img");
  svg.setAttribute(
    "aria-label",
    `${title} ${formatNumber(low, digits)} … ${formatNumber(high, digits)}`.trim(),
  );
  if (layout.title) svg.append(place(layout.title, "ap-legend-title"));

  const gradientId = uniqueId("ap-gradient");
  const gradient = svgElement("linearGradient", { id: gradientId, x1: 0, x2: 1, y1: 0, y2: 0 });
  for (const { offset, value } of layout.stops) {
    gradient.append(svgElement("stop", { offset, "stop-color": scale(value) }));
  }
  const defs = svgElement("defs");
  defs.append(gradient);
  svg.append(defs);
  svg.append(
    svgElement("rect", { class: "ap-legend-bar", ...bar, rx: bar.height / 2, fill: `url(#${gradientId})` }),
  );

  for (const tick of layout.ticks) {
    svg.append(
      svgElement("line", { class: "ap-legend-tick", x1: tick.x, x2: tick.x, y1: tick.y1, y2: tick.y2 }),
      place(tick.label),
    );
  }
  for (const mark of layout.marks) {
    svg.append(
      svgElement("path", { class: "ap-legend-mark", d: mark.path }),
      place(mark.label, "ap-legend-mark-label"),
    );
  }

  const { swatch } = layout;
  if (swatch) {
    const patternId = uniqueId("ap-hatch");
    defs.append(hatchPattern(patternId));
    const { label, ...box } = swatch;
    svg.append(
      svgElement("rect", {
        class: "ap-legend-masked",
        ...box,
        rx: box.height / 2,
        fill: `url(#${patternId})`,
      }),
    );
    if (label) svg.append(place(label));
  }
  return svg;
}

/**
 * Moves the marks of a legend `legend(options)` drew to `options.marks`, in place, when all else is the same
 * (the caller knows). While τ is scrubbed the data's min and max move at every edit, and step 6 has six
 * legends: building them anew was most of a heatmap's work per edit at 16 tokens. False, changing nothing,
 * when the legend has another number of marks; the caller then builds a new one.
 */
export function moveLegendMarks(svg: SVGSVGElement, options: LegendOptions): boolean {
  const { domain, width = 240, title = "", marks, masked = false, maskedLabel, digits = 2 } = options;
  const layout = legendLayout({ domain, width, title, marks, masked, maskedLabel, digits });
  const paths = svg.querySelectorAll(".ap-legend-mark");
  const labels = svg.querySelectorAll(".ap-legend-mark-label");
  if (paths.length !== layout.marks.length || labels.length !== layout.marks.length) return false;
  layout.marks.forEach((mark, i) => {
    paths[i]?.setAttribute("d", mark.path);
    const label = labels[i];
    if (!label) return;
    const { x, y, text: content, anchor } = mark.label;
    label.setAttribute("x", String(x));
    label.setAttribute("y", String(y));
    if (anchor === "start") label.removeAttribute("text-anchor");
    else label.setAttribute("text-anchor", anchor);
    if (label.textContent !== content) label.textContent = content;
  });
  return true;
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
