import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { describe, expect, it } from "vitest";
import { LM_NAMES } from "./recipes";

const dir = (name: string) => resolve(import.meta.dirname, "../../../public/models/lm", name);

describe("the shipped language models' tokenizer.json", () => {
  it.each(LM_NAMES)(
    "%s: tokenizer.json loads in @huggingface/tokenizers and encodes words as trained",
    (name) => {
      const tokenizer = new Tokenizer(
        JSON.parse(readFileSync(resolve(dir(name), "tokenizer.json"), "utf8")),
        {},
      );
      const text = name === "brown" ? "The jury said it." : "床前明月光，疑是地上霜。";
      const { ids, tokens } = tokenizer.encode(text);
      // <s> first, then one token per word (English, lower-cased) or per character (Chinese).
      expect(tokens).toEqual(
        name === "brown" ? ["<s>", "the", "jury", "said", "it", "."] : ["<s>", ..."床前明月光，疑是地上霜。"],
      );
      expect(ids[0]).toBe(1);
      expect(ids.slice(1).every((id) => id > 1)).toBe(true);
    },
  );
});
