// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { legend } from "./legend";
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

  it("marks the data's real min and max, formatted", () => {
    const svg = legend({ scale: sequentialScale([]), domain: [0, 1], marks: { min: 0.0123, max: 0.8765 } });
    const marks = Array.from(svg.querySelectorAll(".ap-legend-mark-label"), (t) => t.textContent);
    expect(marks).toEqual(["0.01", "0.88"]);
    expect(svg.querySelectorAll(".ap-legend-mark")).toHaveLength(2);
  });

  it("adds a hatched −∞ swatch when some cells are masked", () => {
    const svg = legend({ scale: sequentialScale([]), domain: [0, 1], masked: true });
    expect(svg.querySelector(".ap-legend-masked")).not.toBeNull();
    expect(texts(svg)).toContain("−∞");
  });

  it("gives each legend its own gradient id, so two on a page never share one", () => {
    const a = legend({ scale: sequentialScale([]), domain: [0, 1] });
    const b = legend({ scale: sequentialScale([]), domain: [0, 1] });
    expect(a.querySelector("linearGradient")?.id).not.toBe(b.querySelector("linearGradient")?.id);
  });
});
