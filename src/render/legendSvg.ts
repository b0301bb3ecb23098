import type { LegendLayout, TextPlace } from "./legendLayout";
import { coordinate, tag, textTag, type Attributes } from "./svgDocument";
import type { Theme } from "./theme";

/**
 * The view's legend (legend.ts) written as text, from the same legendLayout: a group moved to (x, y), inside
 * which every position is the layout's. Masked cells' swatch is filled with the pattern `hatch`, an id in the
 * document's defs; `defs` holds the gradient.
 */
export function legendSvg(
  layout: LegendLayout,
  {
    x,
    y,
    scale,
    theme,
    hatch,
  }: { x: number; y: number; scale: (value: number) => string; theme: Theme; hatch: string },
): { defs: string; body: string } {
  const place = ({ x: px, y: py, text, anchor }: TextPlace, attributes: Attributes = {}) =>
    textTag(text, { x: px, y: py, ...(anchor === "start" ? {} : { "text-anchor": anchor }), ...attributes });
  const stops = layout.stops.map(({ offset, value }) => tag("stop", { offset, "stop-color": scale(value) }));
  const defs = tag("linearGradient", { id: "ap-legend-ramp", x1: 0, x2: 1, y1: 0, y2: 0 }, stops.join(""));
  const { bar, swatch } = layout;
  const small = { "font-size": 11, fill: theme.muted };
  const body: string[] = [];
  if (layout.title) body.push(place(layout.title, { "font-weight": 600 }));
  body.push(tag("rect", { ...bar, rx: bar.height / 2, fill: "url(#ap-legend-ramp)" }));
  for (const tick of layout.ticks) {
    body.push(
      tag("line", { x1: tick.x, x2: tick.x, y1: tick.y1, y2: tick.y2, stroke: theme.muted }),
      place(tick.label, small),
    );
  }
  for (const mark of layout.marks) {
    body.push(
      tag("path", { d: mark.path, fill: theme.fg }),
      // Semibold, as on the screen (render.css) and as legendLayout measured it to place the two apart.
      place(mark.label, { "font-size": 11, "font-weight": 600, class: "ap-legend-mark-label" }),
    );
  }
  if (swatch) {
    const { label, ...box } = swatch;
    body.push(tag("rect", { ...box, rx: box.height / 2, fill: `url(#${hatch})` }));
    if (label) body.push(place(label, small));
  }
  return {
    defs,
    body: tag(
      "g",
      { class: "ap-legend", transform: `translate(${coordinate(x)},${coordinate(y)})` },
      body.join(""),
    ),
  };
}
