/**
 * The shipped models' tokenizer.json, a standard Hugging Face tokenizer that any tool loads: a WordPiece model
 * whose vocabulary holds whole words only (no "##" pieces), so a word is either in the vocabulary or becomes
 * <unk> as a whole: word level for English, character level for Chinese (BertNormalizer puts spaces around
 * every CJK character). BertPreTokenizer splits on whitespace and makes each punctuation mark a token.
 * A template adds <s> at the start of every text, as in training, where <s> starts every sentence or poem.
 */

export const UNK = "<unk>";
export const BOS = "<s>";

export interface TokenizerOptions {
  /** Lower-case (and strip accents), as for the English model. */
  readonly lowercase: boolean;
}

/** vocab[0] must be <unk> and vocab[1] <s>. */
export function createTokenizerJson(vocab: readonly string[], { lowercase }: TokenizerOptions): object {
  if (vocab[0] !== UNK || vocab[1] !== BOS) throw new Error("vocab must start with <unk>, <s>");
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [special(0, UNK), special(1, BOS)],
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: lowercase,
      lowercase,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: BOS, type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: BOS, type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: BOS, type_id: 1 } },
        { Sequence: { id: "B", type_id: 1 } },
      ],
      special_tokens: { [BOS]: { id: BOS, ids: [1], tokens: [BOS] } },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: false },
    model: {
      type: "WordPiece",
      unk_token: UNK,
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((w, i) => [w, i])),
    },
  };
}

/** A token that is punctuation only (Unicode P*), such as "," "." "，" "。". */
export const isPunctuation = (token: string) => /^\p{P}+$/u.test(token);
