import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { legendLayout, type TextPlace } from "./legendLayout";

describe("legendLayout", () => {
  it("places bar, ticks, marks and the masked swatch (hand-worked, [0, 1] in 240 px)", () => {
    const layout = legendLayout({
      domain: [0, 1],
      width: 240,
      title: "weight",
      marks: { min: 0.25, max: 0.75 },
      masked: true,
      maskedLabel: "0",
    });
    // Title 18 px, marks 20 px, bar 10 px, tick labels 20 px.
    expect(layout.height).toBe(68);
    expect(layout.title).toEqual({ x: 16, y: 12, text: "weight", anchor: "start" });
    // 16 px in from each end, and 44 px more on the right for the swatch: [16, 180].
    expect(layout.bar).toEqual({ x: 16, y: 38, width: 164, height: 10 });
    // floor(164 / 48) = 3 ticks asked of d3: 0, 0.5, 1.
    expect(layout.ticks.map((t) => [t.x, t.label.text])).toEqual([
      [16, "0"],
      [98, "0.5"],
      [180, "1"],
    ]);
    // 0.25 and 0.75 at 57 and 139: 82 px apart, labels centred over them.
    expect(layout.marks).toEqual([
      { path: "M53,32h8l-4,5z", label: { x: 57, y: 29, text: "0.25", anchor: "middle" } },
      { path: "M135,32h8l-4,5z", label: { x: 139, y: 29, text: "0.75", anchor: "middle" } },
    ]);
    expect(layout.swatch).toEqual({
      x: 192,
      y: 38,
      width: 32,
      height: 10,
      label: { x: 208, y: 63, text: "0", anchor: "middle" },
    });
  });

  it("pushes the labels of close marks apart, and has no swatch without masked cells", () => {
    const layout = legendLayout({ domain: [0, 1], width: 240, marks: { min: 0.5, max: 0.6 } });
    const [min, max] = layout.marks.map((m) => m.label.x) as [number, number];
    // "0.5" and "0.6": 3 characters of 0.65 em at 11 px (measure.ts's estimate without a canvas) = 21.45 px.
    expect(max - min).toBeGreaterThanOrEqual(21.45 + 6 - 1e-9);
    expect(layout.swatch).toBeUndefined();
    expect(layout.title).toBeUndefined();
    expect(layout.bar).toEqual({ x: 16, y: 22, width: 208, height: 10 });
  });

  it("weights all near 1/600 (512 tokens): min and max labels side by side at the left end, not one over the other", () => {
    // Bar [16, 224]: 0.0015 and 0.0018 fall at 16.31 and 16.37 px. "0.0015" and "0.0018" are 6 characters
    // of 0.65 em at 11 px = 42.9 px each. Centred on their marks they would overlap and start left of 0, so
    // they sit side by side from 0, 6 px apart: centres 42.9 / 2 = 21.45 and 42.9 + 6 + 21.45 = 70.35.
    const layout = legendLayout({
      domain: [0, 1],
      width: 240,
      marks: { min: 0.0015, max: 0.0018 },
      digits: 4,
    });
    expect(layout.marks.map((m) => [m.label.x, m.label.text, m.label.anchor])).toEqual([
      [21.45, "0.0015", "middle"],
      [70.35, "0.0018", "middle"],
    ]);
    // The triangles still point at the values themselves (no title: the bar at 2 + 20 = 22, triangles from 16).
    expect(layout.marks.map((m) => m.path)).toEqual(["M12.31,16h8l-4,5z", "M12.37,16h8l-4,5z"]);
  });

  it("never lets the min and max labels overlap or leave the legend, whatever the values and width", () => {
    const half = (text: string) => (text.length * 0.65 * 11) / 2;
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 120, max: 1200 }),
        fc.boolean(),
        (a, b, width, masked) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const layout = legendLayout({ domain: [0, 1], width, masked, marks: { min: lo, max: hi } });
          const [min, max] = layout.marks.map((m) => m.label) as [TextPlace, TextPlace];
          // Inside the legend whenever the two fit in its width at all (past it, they overflow to the right).
          if (2 * half(min.text) + 6 + 2 * half(max.text) <= width) {
            expect(min.x - half(min.text)).toBeGreaterThanOrEqual(-0.01);
            expect(max.x + half(max.text)).toBeLessThanOrEqual(width + 0.01);
          }
          // Each centre is rounded to 0.01 px: 0.005 each at most.
          expect(min.x + half(min.text) + 6).toBeLessThanOrEqual(max.x - half(max.text) + 0.0100001);
        },
      ),
    );
  });

  it("labels the swatch −∞ unless told what masked cells hold", () => {
    expect(legendLayout({ domain: [-1, 1], width: 200, masked: true }).swatch?.label?.text).toBe("−∞");
    expect(
      legendLayout({ domain: [0, 1], width: 200, masked: true, maskedLabel: "" }).swatch?.label,
    ).toBeUndefined();
  });
});
