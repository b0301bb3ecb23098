/** How a sequence is split into tokens. */
export type Tokenizer = "words" | "characters" | "whitespace";
export const TOKENIZERS: readonly Tokenizer[] = ["words", "characters", "whitespace"];

/**
 * Characters that draw nothing: whitespace and Unicode's default-ignorable code points (zero-width space
 * U+200B, the joiners U+200C and U+200D, word joiner U+2060, byte order mark U+FEFF, soft hyphen,
 * variation selectors). A token made only of them would be a chip with nothing to see.
 */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const ALL_INVISIBLE = /^[\s\p{Default_Ignorable_Code_Point}]*$/u;

/** Whether a token shows anything: at least one character that is neither whitespace nor invisible. */
export function isVisibleToken(token: string): boolean {
  return !ALL_INVISIBLE.test(token);
}

/**
 * The invisible characters of a text that holds nothing else (whitespace aside), as "U+200B", each once;
 * empty when the text shows something or holds only whitespace.
 */
export function invisibleOnly(text: string): string[] {
  if (isVisibleToken(text)) return [];
  // U+FEFF is both: JavaScript counts it as whitespace, Unicode as default-ignorable.
  const codes = [...text].filter((c) => IGNORABLE.test(c));
  const hex = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return [...new Set(codes.map(hex))];
}

/**
 * Splits text into tokens. Words uses Intl.Segmenter, so Chinese, which has no spaces, is split into
 * words by the browser's dictionary (“我爱猫” → 我 / 爱 / 猫); punctuation marks are tokens of their own.
 * Whitespace never becomes a token, nor does a run of invisible characters alone (a zero-width space);
 * inside a token they stay, as the joiners of an emoji such as 👨‍👩‍👧 must.
 */
export function tokenize(text: string, by: Tokenizer, locale = "und"): string[] {
  if (by === "whitespace") return text.split(/\s+/u).filter(isVisibleToken);
  const granularity = by === "words" ? "word" : "grapheme";
  const segmenter = new Intl.Segmenter(locale === "und" ? undefined : locale, { granularity });
  const tokens: string[] = [];
  for (const { segment } of segmenter.segment(text)) if (isVisibleToken(segment)) tokens.push(segment);
  return tokens;
}
