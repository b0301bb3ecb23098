// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./fixtures";

describe("render fixtures", () => {
  it("have unique names", () => {
    const names = FIXTURES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const fixture of FIXTURES) {
    it(`"${fixture.name}" renders at 390 px and 1280 px, with an accessible name`, () => {
      for (const width of [390, 1280]) {
        const node = fixture.render(width);
        expect(node).toBeInstanceOf(Element);
        const named = node.matches("[aria-label], table") || node.querySelector("[aria-label]") !== null;
        expect(named).toBe(true);
      }
    });
  }

  it("are deterministic: the same fixture renders the same markup twice", () => {
    for (const fixture of FIXTURES) {
      const a = fixture.render(640).outerHTML.replace(/ap-(gradient|hatch)-\d+/g, "");
      const b = fixture.render(640).outerHTML.replace(/ap-(gradient|hatch)-\d+/g, "");
      expect(a, fixture.name).toBe(b);
    }
  });
});
