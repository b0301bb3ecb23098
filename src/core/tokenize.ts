/** How a sequence is split into tokens. */
export type Tokenizer = "words" | "characters" | "whitespace";
export const TOKENIZERS: readonly Tokenizer[] = ["words", "characters", "whitespace"];

/**
 * Splits text into tokens. Words uses Intl.Segmenter, so Chinese, which has no spaces, is split into
 * words by the browser's dictionary (“我爱猫” → 我 / 爱 / 猫); punctuation marks are tokens of their own.
 * Whitespace never becomes a token.
 */
export function tokenize(text: string, by: Tokenizer, locale = "und"): string[] {
  if (by === "whitespace") return text.split(/\s+/u).filter(Boolean);
  const granularity = by === "words" ? "word" : "grapheme";
  const segmenter = new Intl.Segmenter(locale === "und" ? undefined : locale, { granularity });
  const tokens: string[] = [];
  for (const { segment } of segmenter.segment(text)) if (segment.trim() !== "") tokens.push(segment);
  return tokens;
}
