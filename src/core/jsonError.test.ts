import { describe, expect, it } from "vitest";
import { jsonErrorAt } from "./jsonError";

describe("where a text stops being JSON", () => {
  it("finds the first character the grammar cannot take (positions counted by hand)", () => {
    expect(jsonErrorAt("{oops")).toBe(1);
    expect(jsonErrorAt("[[NaN, 1]]")).toBe(2);
    expect(jsonErrorAt("[1,]")).toBe(3);
    expect(jsonErrorAt("[1 2]")).toBe(3);
    expect(jsonErrorAt('{"a":1,}')).toBe(7);
    // Line 3, column 7: "[\n  [1, 2],\n  [3, x]\n]", the x.
    expect(jsonErrorAt("[\n  [1, 2],\n  [3, x]\n]")).toBe(18);
    expect(jsonErrorAt("[01]")).toBe(2);
    expect(jsonErrorAt("[1.]")).toBe(2);
    expect(jsonErrorAt('["a\\q"]')).toBe(3);
    expect(jsonErrorAt("[1] 2")).toBe(4);
    expect(jsonErrorAt("[tru]")).toBe(1);
  });

  it("says a text that ends too soon ends at its length", () => {
    const cut = '{"tokens": ["a"], "attention": [1,2';
    expect(cut.length).toBe(35);
    expect(jsonErrorAt(cut)).toBe(35);
    expect(jsonErrorAt("")).toBe(0);
    expect(jsonErrorAt('["open')).toBe(6);
  });

  it("finds nothing wrong with JSON, whatever JSON.parse would say", () => {
    for (const text of ['{"a": [1, -2.5e-3, true, false, null, "x\\u00e9\\n"]}', " [ ] ", "0", '"动物"'])
      expect([jsonErrorAt(text), JSON.parse(text) !== Symbol()]).toEqual([undefined, true]);
  });

  it("gives no place, rather than failing, for a text nested deeper than the stack", () => {
    expect(jsonErrorAt("[".repeat(200_000))).toBeUndefined();
  });
});
