/** The true minus sign, U+2212: "−1" reads better than "-1" and lines up with "+" in tabular figures. */
export const MINUS = "\u2212";

/**
 * A number's text with each hyphen-minus written as the true minus sign: "-1e-6" → "−1e−6". Views
 * (render/format.ts) and messages (a bound or a value a link held, explorer/persist.ts and ignored.ts) both
 * write numbers so; here, in the core, for both to use.
 */
export function withMinus(text: string): string {
  return text.replaceAll("-", MINUS);
}
