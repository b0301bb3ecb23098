import { describe, expect, it } from "vitest";
import { legendLayout } from "./legendLayout";

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
    expect(layout.marks.map((m) => m.label.anchor)).toEqual(["end", "start"]);
    expect(layout.swatch).toBeUndefined();
    expect(layout.title).toBeUndefined();
    expect(layout.bar).toEqual({ x: 16, y: 22, width: 208, height: 10 });
  });

  it("labels the swatch −∞ unless told what masked cells hold", () => {
    expect(legendLayout({ domain: [-1, 1], width: 200, masked: true }).swatch?.label?.text).toBe("−∞");
    expect(
      legendLayout({ domain: [0, 1], width: 200, masked: true, maskedLabel: "" }).swatch?.label,
    ).toBeUndefined();
  });
});
