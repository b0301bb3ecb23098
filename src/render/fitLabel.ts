import { textWidth } from "./measure";

/** A label, shortened with "…" to about `max` px (a standalone SVG cannot clip text to a box by CSS). */
export function fitLabel(label: string, max: number, size = 12): string {
  if (textWidth(label, size) <= max) return label;
  // No character is narrower than a quarter of an em: what lies past that many cannot show. A token of
  // 10,000 letters was otherwise measured 10,000 times, a letter shorter each time.
  const chars = [...label].slice(0, Math.ceil(max / (size / 4)) + 1);
  while (chars.length > 1 && textWidth(`${chars.join("")}…`, size) > max) chars.pop();
  return `${chars.join("")}…`;
}
