// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { legend, moveLegendMarks } from "./legend";
import { sequentialScale } from "./scales";

const texts = (svg: SVGSVGElement) => Array.from(svg.querySelectorAll("text"), (t) => t.textContent);

describe("legend", () => {
  it("has the title, a gradient bar and tick labels over its domain", () => {
    const svg = legend({ scale: sequentialScale([]), domain: [0, 1], title: "weight", width: 240 });
    expect(svg.querySelector(".ap-legend-title")?.textContent).toBe("weight");
    expect(svg.querySelector("linearGradient")?.querySelectorAll("stop").length).toBeGreaterThan(2);
    expect(texts(svg)).toContain("0");
    expect(texts(svg)).toContain("1");
  });

  it("marks the data's real min and max, formatted to two significant digits at least", () => {
    const svg = legend({ scale: sequentialScale([]), domain: [0, 1], marks: { min: 0.0123, max: 0.8765 } });
    const marks = Array.from(svg.querySelectorAll(".ap-legend-mark-label"), (t) => t.textContent);
    expect(marks).toEqual(["0.012", "0.88"]);
    expect(svg.querySelectorAll(".ap-legend-mark")).toHaveLength(2);
    // 512 tokens' weights: to 2 decimals both ends read "0".
    const small = legend({
      scale: sequentialScale([]),
      domain: [0, 1],
      marks: { min: 0.00172, max: 0.0209 },
    });
    expect(Array.from(small.querySelectorAll(".ap-legend-mark-label"), (t) => t.textContent)).toEqual([
      "0.0017",
      "0.021",
    ]);
  });

  it("adds a hatched −∞ swatch when some cells are masked", () => {
    const svg = legend({ scale: sequentialScale([]), domain: [0, 1], masked: true });
    expect(svg.querySelector(".ap-legend-masked")).not.toBeNull();
    expect(texts(svg)).toContain("−∞");
  });

  it("moves its marks in place to where a new legend would put them", () => {
    const options = { scale: sequentialScale([]), domain: [0, 1] as const, title: "weight" };
    const svg = legend({ ...options, marks: { min: 0.0123, max: 0.8765 } });
    const bar = svg.querySelector(".ap-legend-bar");
    expect(moveLegendMarks(svg, { ...options, marks: { min: 0.5, max: 0.97 } })).toBe(true);
    // The mark at 0.97 crowds the right end: its label is anchored at its end, as a new legend anchors it.
    const fresh = legend({ ...options, marks: { min: 0.5, max: 0.97 } });
    const marks = (s: SVGSVGElement) =>
      Array.from(s.querySelectorAll(".ap-legend-mark, .ap-legend-mark-label"), (m) => m.outerHTML);
    expect(marks(svg)).toEqual(marks(fresh));
    expect(svg.querySelectorAll(".ap-legend-mark-label")[1]?.textContent).toBe("0.97");
    expect(svg.querySelector(".ap-legend-bar")).toBe(bar);
  });

  it("refuses to move marks it does not have", () => {
    const svg = legend({ scale: sequentialScale([]), domain: [0, 1] });
    expect(
      moveLegendMarks(svg, { scale: sequentialScale([]), domain: [0, 1], marks: { min: 0, max: 1 } }),
    ).toBe(false);
  });

  it("gives each legend its own gradient id, so two on a page never share one", () => {
    const a = legend({ scale: sequentialScale([]), domain: [0, 1] });
    const b = legend({ scale: sequentialScale([]), domain: [0, 1] });
    expect(a.querySelector("linearGradient")?.id).not.toBe(b.querySelector("linearGradient")?.id);
  });
});
