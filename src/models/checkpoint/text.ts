/**
 * Text to token ids for a checkpoint. With the model's tokenizer.json, through @huggingface/tokenizers (the
 * same tokenizer the model was trained with). Without one, the documented fallback: the text is read as
 * token ids, whole numbers separated by spaces or commas ("464 3290 318"). Either way every id is checked
 * against the vocabulary, and the count against the model's context.
 */
import { Tokenizer } from "@huggingface/tokenizers";
import { fail, ok, type Result } from "../../core/errors";
import { message } from "../../core/messages";

export interface Tokenized {
  readonly ids: readonly number[];
  /** What each id reads as (a tokenizer's decoding of that id alone, or "#id"), for rows and columns. */
  readonly labels: readonly string[];
}

export interface TextTokenizer {
  readonly encode: (text: string) => Tokenized;
  /** The text of one id, for the next-token list. */
  readonly label: (id: number) => string;
  /**
   * The words of `text` (as the tokenizer's normalizer and pre-tokenizer split them) that it reads as its
   * unknown token: the documented fallback for a word outside a word-level vocabulary. Empty when the
   * tokenizer has no unknown token (byte-level BPE reads every text).
   */
  readonly unknownWords?: (text: string) => string[];
}

/** The most tokens drawn at once: every head's heatmap has this many rows and columns. */
export const MAX_CHECKPOINT_TOKENS = 256;

export function maybeTextTokenizer(
  tokenizerJson: unknown,
  tokenizerConfig: unknown = {},
): Result<TextTokenizer> {
  try {
    const tokenizer = new Tokenizer(tokenizerJson as object, (tokenizerConfig ?? {}) as object);
    const label = (id: number) => tokenizer.decode([id], { skip_special_tokens: false });
    const model = (tokenizerJson as { model?: { unk_token?: unknown } }).model;
    const unkId = typeof model?.unk_token === "string" ? tokenizer.token_to_id(model.unk_token) : undefined;
    const unknownWords = (text: string): string[] => {
      if (unkId === undefined) return [];
      const normalized = tokenizer.normalizer ? tokenizer.normalizer.normalize(text) : text;
      const words = tokenizer.pre_tokenizer
        ? tokenizer.pre_tokenizer.pre_tokenize_text(normalized)
        : normalized.split(/\s+/).filter(Boolean);
      const unknown = words.filter((w) =>
        tokenizer.encode(w, { add_special_tokens: false }).ids.map(Number).includes(unkId),
      );
      return [...new Set(unknown)];
    };
    return ok({
      encode: (text) => {
        const ids = tokenizer.encode(text).ids.map(Number);
        return { ids, labels: ids.map(label) };
      },
      label,
      unknownWords,
    });
  } catch (error) {
    return fail(
      message("error.checkpoint.tokenizer", { reason: String((error as Error).message ?? error) }),
      {
        code: "syntax",
        matrix: "tokenizer.json",
      },
    );
  }
}

/** The fallback tokenizer: the text is token ids. */
export const idTokenizer: TextTokenizer = {
  encode: (text) => {
    const ids = text
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    return { ids, labels: ids.map((id) => `#${id}`) };
  },
  label: (id) => `#${id}`,
};

/** The ids of `text`, checked: at least one, at most the context and MAX_CHECKPOINT_TOKENS, each in the vocabulary. */
export function maybeCheckpointTokens(
  tokenizer: TextTokenizer,
  text: string,
  vocab: number,
  maxPositions: number,
): Result<Tokenized> {
  let tokenized: Tokenized;
  try {
    tokenized = tokenizer.encode(text);
  } catch (error) {
    return fail(
      message("error.checkpoint.tokenizer", { reason: String((error as Error).message ?? error) }),
      {
        code: "syntax",
      },
    );
  }
  const { ids } = tokenized;
  if (ids.length === 0) return fail(message("error.checkpoint.noTokens"), { code: "empty" });
  const max = Math.min(maxPositions, MAX_CHECKPOINT_TOKENS);
  if (ids.length > max)
    return fail(message("error.checkpoint.tooManyTokens", { count: ids.length, max }), { code: "too-large" });
  const bad = ids.findIndex((id) => !Number.isSafeInteger(id) || id < 0 || id >= vocab);
  if (bad >= 0) {
    const id = ids[bad]!;
    return fail(message("error.checkpoint.tokenId", { position: bad + 1, id: String(id), vocab }), {
      code: "invalid",
      col: bad,
    });
  }
  return ok(tokenized);
}
