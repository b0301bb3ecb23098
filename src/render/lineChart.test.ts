// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { lineChart } from "./lineChart";

const paths = (svg: SVGSVGElement) => Array.from(svg.querySelectorAll("path[data-series]"));
const points = (svg: SVGSVGElement, series: string) =>
  (svg.querySelector(`path[data-series="${series}"]`)?.getAttribute("d")?.match(/[ML]/g) ?? []).length;

describe("lineChart", () => {
  it("sets the y axis's title flat above the plot, the legend after it on that line, none overlapping", () => {
    const svg = lineChart(
      [
        { name: "整句", points: [[1, 0.5]] },
        { name: "逐词元", points: [[1, 0.7]] },
      ],
      { ariaLabel: "accuracy", yLabel: "留出集准确率" },
    );
    const texts = Array.from(svg.querySelectorAll("text"));
    const title = texts.find((t) => t.textContent === "留出集准确率")!;
    // Not turned on its side, and above the plot, whose top is 30 px down.
    expect(title.getAttribute("transform")).toBeNull();
    expect(Number(title.getAttribute("y"))).toBeLessThan(30);
    // 1 em a Chinese character (measure.ts's estimate): the title ends at 4 + 6 × 12 = 76; the legend starts
    // 20 px on, a 16 px line then its name 20 px from its start (96 + 20 = 116), the next 20 px after that name
    // (116 + 24 + 20 = 160, its name at 180).
    const legend = texts
      .filter((t) => t.textContent === "整句" || t.textContent === "逐词元")
      .map((t) => Number(t.getAttribute("x")));
    expect(legend).toEqual([116, 180]);
  });

  it("draws one line per series with points, and names every series in its legend", () => {
    const svg = lineChart(
      [
        {
          name: "loss",
          points: [
            [1, 2],
            [2, 1],
            [3, 0.5],
          ],
        },
        { name: "empty", points: [] },
      ],
      { ariaLabel: "Training loss", xLabel: "step" },
    );
    expect(svg.getAttribute("aria-label")).toBe("Training loss");
    expect(paths(svg).map((p) => p.getAttribute("data-series"))).toEqual(["loss"]);
    expect(points(svg, "loss")).toBe(3);
    const texts = Array.from(svg.querySelectorAll("text"), (t) => t.textContent);
    expect(texts).toContain("loss");
    expect(texts).toContain("empty");
    expect(texts).toContain("step");
  });

  it("thins a long line to at most about 600 points, keeping its last", () => {
    const long = Array.from({ length: 5000 }, (_, i) => [i + 1, 1 / (i + 1)] as const);
    const svg = lineChart([{ name: "loss", points: long }], { ariaLabel: "loss", yScale: "log" });
    expect(points(svg, "loss")).toBeLessThanOrEqual(601);
    // The last point sits at the right edge: 420 px wide less the 14 px right margin.
    expect(svg.querySelector("path[data-series]")?.getAttribute("d")).toMatch(/L406,[\d.]+$/);
  });

  it("leaves out what a log scale cannot show (zero, negatives, NaN), and labels steps with whole numbers", () => {
    const svg = lineChart(
      [
        {
          name: "loss",
          points: [
            [0, 0],
            [1, -1],
            [2, Number.NaN],
            [3, 0.1],
            [4, 0.01],
          ],
        },
      ],
      {
        ariaLabel: "loss",
        yScale: "log",
        xDomain: [0, 4],
      },
    );
    expect(points(svg, "loss")).toBe(2);
    const xTicks = Array.from(svg.querySelectorAll("text[text-anchor=middle]"), (t) => t.textContent).filter(
      (x) => /^\d+$/.test(x ?? ""),
    );
    expect(xTicks.length).toBeGreaterThan(1);
    for (const tick of xTicks) expect(Number.isInteger(Number(tick))).toBe(true);
  });
});
