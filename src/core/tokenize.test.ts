import { describe, expect, it } from "vitest";
import { invisibleOnly, isVisibleToken, tokenize, TOKENIZERS } from "./tokenize";

/** U+200B zero-width space, U+200C/U+200D zero-width (non-)joiner, U+FEFF byte order mark, U+2060 word joiner. */
const ZERO_WIDTH = "\u200B\u200C\u200D\uFEFF\u2060";

describe("tokenize: no token without something to see", () => {
  it("text of zero-width characters alone makes no token, by any tokenizer", () => {
    for (const by of TOKENIZERS) {
      expect(tokenize(ZERO_WIDTH, by), by).toEqual([]);
      expect(tokenize(`the \u200B cat\u2060 \uFEFF`, by === "characters" ? "words" : by), by).toEqual([
        "the",
        "cat\u2060",
      ]);
    }
  });

  it("keeps zero-width joiners inside a token: an emoji family is one token", () => {
    expect(tokenize("👨\u200D👩\u200D👧 x", "words")).toEqual(["👨\u200D👩\u200D👧", "x"]);
    expect(isVisibleToken("a\u200Bb")).toBe(true);
    expect(isVisibleToken("\u200B\u00AD")).toBe(false);
  });

  it("invisibleOnly names each invisible character of a text that holds nothing else, once", () => {
    expect(invisibleOnly(` ${ZERO_WIDTH}\u200B `)).toEqual([
      "U+200B",
      "U+200C",
      "U+200D",
      "U+FEFF",
      "U+2060",
    ]);
    expect(invisibleOnly("a\u200B")).toEqual([]);
    expect(invisibleOnly("   ")).toEqual([]);
  });
});
