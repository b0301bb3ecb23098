// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { Matrix } from "../core/types";
import { heatmap } from "./heatmap";
import { heatmapLayout } from "./heatmapLayout";
import { heatmapSvg } from "./heatmapSvg";

// Text widths here are measure.ts's estimate (happy-dom has no canvas metrics): 0.6 em a character at
// weight 400, 0.65 em at 600, 1 em for CJK; labels are 12 px. Every expected number below is worked by hand.

describe("heatmapLayout", () => {
  it("sizes the label column, the cells, the plot and the legend (hand-worked, 2 × 3 at 400 px)", () => {
    const layout = heatmapLayout(
      { rows: 2, cols: 3 },
      { rowLabels: ["the", "cat"], colLabels: ["a", "b", "c"], rowTitle: "queries ↓", width: 400 },
    );
    // Row title "queries ↓", 9 characters at 600: 9 · 7.8 = 70.2 px, wider than "the" (21.6); + 12 → 83.
    expect(layout.left).toBe(83);
    // floor((400 − 83 − 2 · 4 padding) / 3) = 103, capped at 56.
    expect(layout.cell).toBe(56);
    expect(layout.plotX).toBe(87);
    expect([layout.plotWidth, layout.plotHeight]).toEqual([168, 112]);
    expect(layout.gap).toBe(1);
    expect(layout.values).toBe(true);
    // Legend: the plot's width within 200–320 px and the room left (400 − 83 − 8 = 309): 200. Its box starts
    // at the body's edge, 4 px left of the plot, 4 + 10 px below it.
    expect(layout.legend).toEqual({ x: -4, y: 126, width: 200 });
    expect(layout.rowLabels.x).toBe(-10);
    expect(layout.rowLabels.places.map((p) => p.at)).toEqual([28, 84]);
    expect(layout.colLabels).toMatchObject({ horizontal: true, band: 21, step: 1 });
    expect(layout.colLabels.places.map((p) => [p.text, p.at, p.shown])).toEqual([
      ["a", 28, true],
      ["b", 84, true],
      ["c", 140, true],
    ]);
  });

  it("thins and rotates labels when cells are small (hand-worked, 40 × 40 at 300 px)", () => {
    const labels = Array.from({ length: 40 }, (_, k) => `token${k}`);
    const layout = heatmapLayout(
      { rows: 40, cols: 40 },
      { rowLabels: labels, colLabels: labels, width: 300 },
    );
    // "token39", 7 characters: 50.4 px; + 12 → 63 (62.4 rounded up). Cells: floor((300 − 63 − 8) / 40) = 5.
    expect(layout.left).toBe(63);
    expect(layout.cell).toBe(5);
    expect(layout.gap).toBe(0);
    expect(layout.values).toBe(false);
    // A label line is 15 px: every 3rd row label. Column labels: horizontal would need every
    // ceil((50.4 + 6) / 5) = 12th, rotated every 3rd, so they rotate, in a band of ceil(50.4) + 8 = 59 px.
    expect(layout.rowLabels.step).toBe(3);
    expect(layout.colLabels).toMatchObject({ horizontal: false, step: 3, band: 59, maxWidth: 100 });
    const shown = layout.colLabels.places.filter((p) => p.shown).map((p) => p.index);
    expect(shown).toEqual(Array.from({ length: 14 }, (_, k) => 3 * k));
  });
});

const weights: Matrix = {
  rows: 3,
  cols: 4,
  data: Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0, 0, 0.5, 1, 0, 0, 0]),
};
const masked = Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1]);
const OPTIONS = {
  rowLabels: ["the", "cat", "sat"],
  colLabels: ["the", "cat", "sat", "down"],
  rowTitle: "queries ↓",
  colTitle: "keys →",
  legendTitle: "weight",
  masked,
};

const numberAttributes = ["x", "y", "width", "height", "x1", "x2", "y1", "y2", "rx"];

/** An element's geometry and text, numbers to 2 decimals (the precision an export writes). */
function geometry(node: Element) {
  const out: Record<string, string | number | null> = { tag: node.tagName.toLowerCase() };
  for (const name of numberAttributes) {
    const value = node.getAttribute(name);
    if (value !== null) out[name] = Math.round(Number(value) * 100) / 100;
  }
  const d = node.getAttribute("d");
  if (d !== null) out.d = d.replace(/-?\d+(\.\d+)?/g, (n) => String(Math.round(Number(n) * 100) / 100));
  if (node.tagName.toLowerCase() === "text") {
    out.text = node.textContent;
    out.anchor = node.getAttribute("text-anchor") ?? "start";
  }
  return out;
}

/** translate(x,y) of an element's transform. */
function translation(node: Element | null): [number, number] {
  const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(node?.getAttribute("transform") ?? "");
  if (!m) throw new Error(`no translate on ${node?.outerHTML.slice(0, 60)}`);
  return [Number(m[1]), Number(m[2])];
}

describe("a heatmap and its SVG export share one layout", () => {
  for (const width of [300, 640, 1280]) {
    it(`cells: the export's are the view's cells, same size, same place from the plot's corner (${width} px)`, () => {
      const view = heatmap(weights, { ...OPTIONS, ariaLabel: "weights", width });
      const plot = view.querySelector<HTMLElement>(".ap-plot")!;
      const cell = Number(plot.dataset.cell);
      const doc = new DOMParser().parseFromString(
        heatmapSvg(weights, { ...OPTIONS, width }),
        "image/svg+xml",
      );
      const rects = [...doc.querySelectorAll("g.ap-cells rect")];
      expect(rects).toHaveLength(12);
      // The view's canvas cell (i, j) covers [j · cell, (j + 1) · cell), less a 1 px gap from 12 px.
      const gap = cell >= 12 ? 1 : 0;
      for (const rect of rects) {
        const i = Number(rect.getAttribute("data-row"));
        const j = Number(rect.getAttribute("data-col"));
        expect(geometry(rect)).toMatchObject({
          x: j * cell + gap / 2,
          y: i * cell + gap / 2,
          width: cell - gap,
          height: cell - gap,
        });
      }
      // The view's grid: padding, the label column, then the plot.
      const body = view.querySelector<HTMLElement>(".ap-heatmap-body")!;
      const [left, plotWidth] = body.style.gridTemplateColumns.split(" ").map((px) => Number.parseFloat(px));
      const padding = Number.parseFloat(body.style.padding);
      expect(padding).toBe(4);
      expect(plotWidth).toBe(4 * cell);
      const [x0] = translation(doc.querySelector("g.ap-cells"));
      // The export's view frame is 8 px in from the document's edge: its plot is 8 + padding + left px in.
      expect(x0).toBe(8 + padding + (left as number));
      // The row labels (queries) end where the view's do: `right` px left of the plot.
      const viewRowLabel = view.querySelector<HTMLElement>(".ap-row-label")!;
      const rowLabel = doc.querySelector('text[text-anchor="end"]')!;
      expect(rowLabel.textContent).toBe("the");
      expect(Number.parseFloat(viewRowLabel.style.right)).toBe(10);
      expect(Number(rowLabel.getAttribute("x"))).toBe(x0 - Number.parseFloat(viewRowLabel.style.right));
    });

    it(`legend: the export's is the view's legend, element by element, at the view's place (${width} px)`, () => {
      const view = heatmap(weights, { ...OPTIONS, ariaLabel: "weights", width });
      const legend = view.querySelector("svg.ap-legend")!;
      const drawn = [...legend.children].filter((c) => c.tagName.toLowerCase() !== "defs").map(geometry);
      const doc = new DOMParser().parseFromString(
        heatmapSvg(weights, { ...OPTIONS, width }),
        "image/svg+xml",
      );
      const group = doc.querySelector("g.ap-legend")!;
      const exported = [...group.children].map(geometry);
      expect(exported).toEqual(drawn);
      // The masked weights' swatch says 0 in both.
      expect(exported.at(-1)).toMatchObject({ tag: "text", text: "0" });
      // Where: the view puts the legend under the body (its bottom padding, then the legend's top margin),
      // its left edge `padding-left` in from the figure's, where the body starts: the body's padding left of
      // the plot.
      const wrap = view.querySelector<HTMLElement>(".ap-legend-wrap")!;
      const body = view.querySelector<HTMLElement>(".ap-heatmap-body")!;
      const left = Number.parseFloat(body.style.gridTemplateColumns);
      const padding = Number.parseFloat(body.style.padding);
      expect(Number.parseFloat(wrap.style.paddingLeft)).toBe(left);
      expect(Number.parseFloat(wrap.style.marginTop)).toBe(10);
      const [x0, y0] = translation(doc.querySelector("g.ap-cells"));
      const [lx, ly] = translation(group);
      const cell = Number(view.querySelector<HTMLElement>(".ap-plot")!.dataset.cell);
      expect([lx - x0, ly - y0]).toEqual([
        -padding,
        3 * cell + padding + Number.parseFloat(wrap.style.marginTop),
      ]);
      expect(Number(legend.getAttribute("width"))).toBeGreaterThan(0);
    });
  }
});
