import { describe, expect, it } from "vitest";
import { readAttributes } from "./attributes";
import { say as widgetSay } from "./say";

describe("the widget's modern attributes", () => {
  it("rope, alibi, kv-heads and window set the state", () => {
    const { state, errors } = readAttributes({
      rope: "interleaved",
      alibi: "true",
      heads: "4",
      "kv-heads": "2",
      window: "3",
    });
    expect(errors).toEqual([]);
    expect(state?.modern).toMatchObject({ rope: "interleaved", alibi: true, kvHeads: 2, window: 3 });
    expect(state?.mask.kind).toBe("sliding");
  });

  it("a bad one shows what it expected, in English and Chinese", () => {
    const { errors } = readAttributes({ heads: "4", "kv-heads": "3", rope: "spiral" });
    expect(errors.map((e) => widgetSay("en", e)).join(" | ")).toContain("half, interleaved or off");
    expect(errors.map((e) => widgetSay("en", e)).join(" | ")).toContain(
      "a whole number that divides the 4 heads",
    );
    expect(errors.map((e) => widgetSay("zh-CN", e)).join(" | ")).toContain("能整除 4 个头的整数");
  });
});
