import { escapeXml } from "./escapeXml";
import type { Theme } from "./theme";

/**
 * SVG written as text, not built in a DOM, so that an export is the same in a worker, in node and in every
 * browser; it carries no CSS: every colour is written on its element.
 */

const SVG_NS = "http://www.w3.org/2000/svg";

export type Attributes = Record<string, string | number | undefined>;

/** Coordinates to 2 decimals: shorter files, and no "0.30000000000000004" in them. */
export const coordinate = (x: number): string => String(Math.round(x * 100) / 100);

/** An element as text: attributes escaped (numbers to 2 decimals, undefined left out), content as given. */
export function tag(name: string, attributes: Attributes, content?: string): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === "number" ? coordinate(v) : (v as string))}"`)
    .join("");
  return content === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

/** A <text> element with its content escaped. */
export const textTag = (content: string, attributes: Attributes): string =>
  tag("text", attributes, escapeXml(content));

/** A standalone SVG document of `width` × `height` px (rounded up) on the theme's background. */
export function svgDocument(
  width: number,
  height: number,
  theme: Theme,
  fontFamily: string,
  body: string,
): string {
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
