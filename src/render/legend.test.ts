// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { legend, updateLegend, type LegendOptions } from "./legend";
import { divergingScale, sequentialScale } from "./scales";

/** An element as text, its attributes in name order and its ids (gradient, hatch) numbered alike: markup to compare. */
const canonical = (node: Element): string => {
  const attributes = Array.from(node.attributes, (a) => `${a.name}="${a.value}"`).sort();
  const inside = node.children.length ? Array.from(node.children, canonical).join("") : node.textContent;
  return `<${node.tagName} ${attributes.join(" ")}>${inside}</>`.replace(/(ap-gradient|ap-hatch)-\d+/g, "$1");
};

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

  it("takes new options in place: the legend a new one would be, in the same elements", () => {
    const weights = { scale: sequentialScale([]), domain: [0, 1] as const, title: "weight" };
    const diverging = (m: number) => {
      const scale = divergingScale([-m, m]);
      const [low, , high] = scale.domain() as [number, number, number];
      return { scale: (x: number) => scale(x), domain: [low, high] as const, title: "value" };
    };
    const pairs: [LegendOptions, LegendOptions][] = [
      // Marks move (the mark at 0.97 crowds the right end: its label is anchored at its end).
      [
        { ...weights, marks: { min: 0.0123, max: 0.8765 } },
        { ...weights, marks: { min: 0.5, max: 0.97 } },
      ],
      // The domain moves: the ticks, their labels, the marks and the aria-label follow.
      [
        { ...diverging(2.2), marks: { min: -2.2, max: 1.9 } },
        { ...diverging(2.8), marks: { min: -0.4, max: 2.8 } },
      ],
      // Masked scores: the swatch stays; the colours follow another palette.
      [
        { ...weights, masked: true, maskedLabel: "−∞" },
        {
          ...weights,
          scale: sequentialScale([], "viridis"),
          domain: [0, 0.5],
          masked: true,
          maskedLabel: "−∞",
        },
      ],
    ];
    for (const [from, to] of pairs) {
      const svg = legend(from);
      const bar = svg.querySelector(".ap-legend-bar");
      expect(updateLegend(svg, to)).toBe(true);
      expect(canonical(svg)).toBe(canonical(legend(to)));
      expect(canonical(svg)).not.toBe(canonical(legend(from)));
      expect(svg.querySelector(".ap-legend-bar")).toBe(bar);
    }
  });

  it("refuses a legend of other parts, changing nothing", () => {
    const options = { scale: sequentialScale([]), domain: [0, 1] as const };
    const others: [LegendOptions, LegendOptions][] = [
      [options, { ...options, marks: { min: 0, max: 1 } }],
      [options, { ...options, title: "weight" }],
      [options, { ...options, masked: true }],
      [
        { ...options, masked: true, maskedLabel: "−∞" },
        { ...options, masked: true, maskedLabel: "0" },
      ],
      [options, { ...options, width: 300 }],
    ];
    for (const [from, to] of others) {
      const svg = legend(from);
      const before = svg.outerHTML;
      expect(updateLegend(svg, to)).toBe(false);
      expect(svg.outerHTML).toBe(before);
    }
  });

  it("gives each legend its own gradient id, so two on a page never share one", () => {
    const a = legend({ scale: sequentialScale([]), domain: [0, 1] });
    const b = legend({ scale: sequentialScale([]), domain: [0, 1] });
    expect(a.querySelector("linearGradient")?.id).not.toBe(b.querySelector("linearGradient")?.id);
  });
});
