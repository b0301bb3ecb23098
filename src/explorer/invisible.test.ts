import { describe, expect, it } from "vitest";
import { say } from "../i18n/i18n";
import { buildSpec } from "./spec";
import { createInitialState, reduce } from "./state";

describe("the explorer with a zero-width sequence", () => {
  it("keeps the typed text, makes no chips, and says which characters are invisible", () => {
    const s = reduce(createInitialState(), { type: "setText", text: "\u200B\u200B" });
    expect(s.sequence.text).toBe("\u200B\u200B");
    expect(s.sequence.tokens).toEqual([]);
    const error = buildSpec(s).errors.find((e) => e.field === "tokens");
    expect(error?.message).toBe(
      "The text holds only invisible characters (U+200B), which make no tokens: type some visible text.",
    );
    expect(error && say("zh-CN", error)).toBe(
      "文本只含不可见字符（U+200B），构不成词元：请输入看得见的文字。",
    );
  });

  it("an edited chip left with only a zero-width space is dropped, like an emptied one", () => {
    const s = reduce(createInitialState(), { type: "setTokens", tokens: ["the", "\u200B", "cat"] });
    expect(s.sequence.tokens).toEqual(["the", "cat"]);
    expect(s.sequence.text).toBe("the cat");
  });
});
