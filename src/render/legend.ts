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
 * Makes a legend that `legend(…)` drew into the one `legend(options)` would draw, in place, when it has the
 * same parts: size, title, number of colour stops, ticks and marks, and swatch. While τ is scrubbed the data's
 * range moves at every edit, and with it the ticks and marks: a legend built anew and put in the old one's
 * place made the browser lay out its figure again, 8 ms an edit of the two figures of strips at step 8 with
 * 64 tokens here. False, changing nothing, when the parts differ; the caller then builds a new one.
 */
export function updateLegend(svg: SVGSVGElement, options: LegendOptions): boolean {
  const { scale, domain, width = 240, title = "", marks, masked = false, maskedLabel, digits = 2 } = options;
  const layout = legendLayout({ domain, width, title, marks, masked, maskedLabel, digits });
  const titleNode = svg.querySelector(":scope > .ap-legend-title");
  const stops = svg.querySelectorAll("linearGradient > stop");
  const tickLines = svg.querySelectorAll(":scope > .ap-legend-tick");
  const markPaths = svg.querySelectorAll(":scope > .ap-legend-mark");
  const swatch = svg.querySelector(":scope > .ap-legend-masked");
  const swatchLabel = swatch?.nextElementSibling ?? null;
  const same =
    svg.getAttribute("width") === String(width) &&
    svg.getAttribute("height") === String(layout.height) &&
    (titleNode?.textContent ?? undefined) === layout.title?.text &&
    stops.length === layout.stops.length &&
    tickLines.length === layout.ticks.length &&
    markPaths.length === layout.marks.length &&
    (swatch !== null) === (layout.swatch !== undefined) &&
    (swatchLabel?.textContent ?? undefined) === layout.swatch?.label?.text;
  if (!same) return false;
  const [low, high] = domain;
  setAttributes(svg, {
    "aria-label": `${title} ${formatNumber(low, digits)} … ${formatNumber(high, digits)}`.trim(),
  });
  layout.stops.forEach(({ offset, value }, i) =>
    setAttributes(stops[i] as Element, { offset, "stop-color": scale(value) }),
  );
  const { bar } = layout;
  setAttributes(svg.querySelector(":scope > .ap-legend-bar") as Element, { ...bar, rx: bar.height / 2 });
  layout.ticks.forEach(({ label, ...line }, i) => {
    const node = tickLines[i] as Element;
    setAttributes(node, { x1: line.x, x2: line.x, y1: line.y1, y2: line.y2 });
    placeText(node.nextElementSibling as Element, label);
  });
  layout.marks.forEach((mark, i) => {
    const node = markPaths[i] as Element;
    setAttributes(node, { d: mark.path });
    placeText(node.nextElementSibling as Element, mark.label);
  });
  if (swatch && layout.swatch) {
    const { label, ...box } = layout.swatch;
    setAttributes(swatch, { ...box, rx: box.height / 2 });
    if (swatchLabel && label) placeText(swatchLabel, label);
  }
  return true;
}

/** Attributes written only where they differ: an unchanged write would still make the browser restyle. */
function setAttributes(node: Element, attributes: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(attributes))
    if (node.getAttribute(name) !== String(value)) node.setAttribute(name, String(value));
}

/** A text of the legend moved to `place`, and its words changed to the place's, as `legend` places it. */
function placeText(node: Element, { x, y, text: content, anchor }: TextPlace): void {
  setAttributes(node, { x, y });
  if (anchor === "start") node.removeAttribute("text-anchor");
  else setAttributes(node, { "text-anchor": anchor });
  if (node.textContent !== content) node.textContent = content;
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
