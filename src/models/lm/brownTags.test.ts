import { describe, expect, it } from "vitest";
import { brownPartOfSpeech, brownWords } from "./brownTags";

describe("Brown tags", () => {
  it("reads a tagged line as words and tags, the tag after the last slash", () => {
    expect(brownWords("  The/at Fulton/np-tl 1/2/cd ./.\n")).toEqual([
      { word: "The", tag: "at" },
      { word: "Fulton", tag: "np-tl" },
      { word: "1/2", tag: "cd" },
      { word: ".", tag: "." },
    ]);
  });

  it("reduces tags to parts of speech, through titles, headlines, negation, contractions and foreign words", () => {
    const cases: [string, string][] = [
      ["at", "determiner"],
      ["pp$", "determiner"],
      ["nn", "noun"],
      ["nns$", "noun"],
      ["np-tl", "noun"],
      ["nn-tl-hl", "noun"],
      ["vbd", "verb"],
      ["bez*", "verb"],
      ["md", "verb"],
      ["pps+bez", "pronoun"],
      ["ppss", "pronoun"],
      ["fw-at", "determiner"],
      ["jj", "modifier"],
      ["cd", "modifier"],
      ["in", "other"],
      [".", "other"],
      ["``", "other"],
      ["rb", "other"],
    ];
    for (const [tag, pos] of cases) expect([tag, brownPartOfSpeech(tag)]).toEqual([tag, pos]);
  });
});
