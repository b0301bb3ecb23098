// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { paintHighlight, type PaintHighlightOptions } from "./paintHighlight";
import { FALLBACK_THEME } from "./theme";

const base: PaintHighlightOptions = { rows: 4, cols: 5, cell: 10, theme: FALLBACK_THEME, ratio: 2 };

describe("paintHighlight: the overlay above a heatmap's cells", () => {
  it("has no backing store while nothing is outlined, but keeps the plot's size on the page", () => {
    const canvas = document.createElement("canvas");
    paintHighlight(canvas, base);
    expect([canvas.width, canvas.height]).toEqual([0, 0]);
    expect([canvas.style.width, canvas.style.height]).toEqual(["50px", "40px"]);
  });

  it("gets ratio × its size in pixels when a row, a column or the cursor is outlined", () => {
    for (const outlined of [{ row: 1 }, { col: 4 }, { cursor: { row: 3, col: 0 } }]) {
      const canvas = document.createElement("canvas");
      paintHighlight(canvas, { ...base, ...outlined });
      expect([canvas.width, canvas.height]).toEqual([100, 80]);
    }
    // Outside the plot is nothing to outline.
    const canvas = document.createElement("canvas");
    paintHighlight(canvas, { ...base, row: 4, col: -1, cursor: { row: 0, col: 5 } });
    expect([canvas.width, canvas.height]).toEqual([0, 0]);
  });

  it("is painted again only when what it shows changes", () => {
    const canvas = document.createElement("canvas");
    paintHighlight(canvas, { ...base, row: 1 });
    // A mark no paint of the overlay would leave: the same outline again must not touch the canvas.
    canvas.width = 7;
    paintHighlight(canvas, { ...base, row: 1 });
    expect(canvas.width).toBe(7);
    paintHighlight(canvas, { ...base, row: 2 });
    expect(canvas.width).toBe(100);
    paintHighlight(canvas, { ...base, row: 2, theme: { ...FALLBACK_THEME, fg: "#000000" } });
    canvas.width = 7;
    paintHighlight(canvas, { ...base, row: 2, theme: { ...FALLBACK_THEME, fg: "#000000" } });
    expect(canvas.width).toBe(7);
    paintHighlight(canvas, base);
    expect(canvas.width).toBe(0);
  });
});
