import { textWidth } from "./measure";

/** A label, shortened with "…" to about `max` px (a standalone SVG cannot clip text to a box by CSS). */
export function fitLabel(label: string, max: number, size = 12): string {
  if (textWidth(label, size) <= max) return label;
  const chars = [...label];
  while (chars.length > 1 && textWidth(`${chars.join("")}…`, size) > max) chars.pop();
  return `${chars.join("")}…`;
}
