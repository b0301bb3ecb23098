import { FONT_FAMILY } from "./theme";

let context: CanvasRenderingContext2D | null | undefined;

/**
 * Width in px of `text` at `size` px in the label font, to decide whether labels fit, thin out or rotate.
 * Uses canvas metrics where there are some; elsewhere (tests, happy-dom) an estimate: CJK and other wide
 * characters take about 1 em, the rest about 0.6 em.
 */
export function textWidth(text: string, size = 12, weight = 400): number {
  if (context === undefined) context = createContext();
  if (context) {
    // Views measure the same labels and numbers again at every edit: each width is measured once.
    const key = `${weight} ${size} ${text}`;
    const known = widths.get(key);
    if (known !== undefined) return known;
    const font = `${weight} ${size}px ${FONT_FAMILY}`;
    if (context.font !== font) context.font = font;
    const width = context.measureText(text).width;
    if (widths.size >= MAX_WIDTHS) widths.clear();
    widths.set(key, width);
    return width;
  }
  let em = 0;
  for (const char of text) em += isWide(char) ? 1 : weight > 500 ? 0.65 : 0.6;
  return em * size;
}

const widths = new Map<string, number>();
/** Past this many, the remembered widths start again (4,096 token labels, and every number shown). */
const MAX_WIDTHS = 20_000;

function createContext(): CanvasRenderingContext2D | null {
  if (typeof document === "undefined") return null;
  return document.createElement("canvas").getContext("2d");
}

function isWide(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  // CJK radicals to Yi, Hangul, CJK compatibility, full-width forms, and the supplementary ideographs.
  return (
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xff60) ||
    code >= 0x20000
  );
}

/** Width in px of the widest of `labels`. */
export function widestText(labels: readonly string[], size = 12, weight = 400): number {
  let max = 0;
  for (const label of labels) max = Math.max(max, textWidth(label, size, weight));
  return max;
}
