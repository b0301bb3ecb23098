// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import type { Matrix } from "../core/types";
import {
  applyVectorHighlight,
  MOST_RECTS,
  updateVectorStrips,
  vectorStrips,
  type VectorStripsElement,
  type VectorValue,
} from "./vectors";

/** [3 tokens, 4 dims]. */
const q: Matrix = {
  rows: 3,
  cols: 4,
  data: Float64Array.from([1, -1, 0.5, 0, 2, 0, -2, 1, 0.1, 0.2, 0.3, 0.4]),
};
const OPTIONS = { labels: ["the", "cat", "sat"], title: "Q", ariaLabel: "query vectors" };

afterEach(() => document.body.replaceChildren());

describe("vectorStrips", () => {
  it("draws one row per token: its label and a strip of one cell per dimension", () => {
    const node = vectorStrips(q, OPTIONS);
    const rows = node.querySelectorAll(".ap-vector-row");
    expect(rows).toHaveLength(3);
    expect(Array.from(rows, (row) => row.querySelector(".ap-vector-label")?.textContent)).toEqual([
      "the",
      "cat",
      "sat",
    ]);
    expect(rows[1]?.querySelectorAll("rect")).toHaveLength(4);
    expect(node.querySelector("figcaption")?.textContent).toBe("Q");
  });

  it("keeps each exact value in data-value", () => {
    const node = vectorStrips(q, OPTIONS);
    const values = Array.from(node.querySelectorAll(".ap-vector-strip rect"), (r) =>
      Number(r.getAttribute("data-value")),
    );
    expect(values).toEqual(Array.from(q.data));
  });

  it("colours with one diverging scale centred on 0: equal and opposite values differ, zero is the middle", () => {
    const node = vectorStrips(q, OPTIONS);
    const fill = (row: number, col: number) =>
      node.querySelectorAll(".ap-vector-row")[row]?.querySelectorAll("rect")[col]?.getAttribute("fill");
    expect(fill(1, 0)).not.toBe(fill(1, 2)); // 2 and −2
    expect(fill(0, 3)).toBe(fill(1, 1)); // 0 and 0
  });

  it("emphasises the highlighted row, and applyVectorHighlight moves it", () => {
    const node = vectorStrips(q, { ...OPTIONS, highlight: 2 });
    const active = () =>
      Array.from(node.querySelectorAll(".ap-vector-row.ap-active"), (r) => r.getAttribute("data-row"));
    expect(active()).toEqual(["2"]);
    applyVectorHighlight(node, { row: 0 });
    expect(active()).toEqual(["0"]);
    applyVectorHighlight(node, {});
    expect(active()).toEqual([]);
  });

  it("reports the row pointed at: input with {row}, null on leave, change on click", () => {
    const node = vectorStrips(q, OPTIONS);
    document.body.append(node);
    const seen: { type: string; value: VectorValue | null }[] = [];
    for (const type of ["input", "change"]) {
      document.body.addEventListener(type, () =>
        seen.push({ type, value: (node as VectorStripsElement).value }),
      );
    }
    const row = node.querySelectorAll(".ap-vector-row")[1]!;
    row.dispatchEvent(new PointerEvent("pointerenter"));
    row.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    node.querySelector(".ap-vector-rows")!.dispatchEvent(new PointerEvent("pointerleave"));
    expect(seen).toEqual([
      { type: "input", value: { row: 1 } },
      { type: "change", value: { row: 1 } },
      { type: "input", value: null },
    ]);
  });

  it("past MOST_RECTS cells draws each row as a canvas, cells and gaps as the rects have them, not a rect per cell", () => {
    const at = (rows: number, cols: number) =>
      vectorStrips({ rows, cols, data: new Float64Array(rows * cols).fill(0.5) }, { ariaLabel: "" });
    const most = at(64, MOST_RECTS / 64);
    expect(most.querySelectorAll(".ap-vector-strip rect")).toHaveLength(MOST_RECTS);
    expect(most.querySelectorAll("canvas")).toHaveLength(0);
    const more = at(100, 100);
    expect(more.querySelectorAll(".ap-vector-strip rect")).toHaveLength(0);
    const strips = more.querySelectorAll<HTMLCanvasElement>("canvas.ap-vector-strip");
    expect(strips).toHaveLength(100);
    // Cells 12 px wide, as the rects are: 12 backing pixels a cell, the last one a gap, through which a
    // striped background shows the page, and the muted colour under the rest (for a cell that is no number).
    expect([strips[0]!.width, strips[0]!.height, strips[0]!.style.width]).toEqual([1200, 1, "1200px"]);
    expect(strips[0]!.style.background).toContain("11px, transparent 11px 12px");
    // Cells too narrow for a gap (under 6 px): one backing pixel a cell, on the muted background of render.css.
    const narrow = vectorStrips(
      { rows: 100, cols: 100, data: new Float64Array(100 * 100).fill(0.5) },
      { ariaLabel: "", width: 88 + 100 * 4 },
    ).querySelector<HTMLCanvasElement>("canvas.ap-vector-strip")!;
    expect([narrow.width, narrow.style.width, narrow.style.background]).toEqual([100, "400px", ""]);
    // Each row keeps its label and still reports pointing.
    expect(more.querySelectorAll(".ap-vector-row .ap-vector-label")).toHaveLength(100);
  });

  it("shrinks cells to fit the width it is given", () => {
    const wide: Matrix = { rows: 1, cols: 200, data: new Float64Array(200) };
    const strip = vectorStrips(wide, { ariaLabel: "", width: 500 }).querySelector(".ap-vector-strip")!;
    expect(Number(strip.getAttribute("width"))).toBeLessThanOrEqual(500 - 88);
  });

  it("takes new numbers in place: the same figure as one drawn for them, in the same row elements", () => {
    // Other values, another range (the scale's domain and the legend's marks move), and cells that are not finite.
    const next: Matrix = {
      rows: 3,
      cols: 4,
      data: Float64Array.from([3, -0.5, NaN, 0, -3, 1.25, Infinity, 0.5, -1, 0, 2, -Infinity]),
    };
    const node = vectorStrips(q, { ...OPTIONS, highlight: 1 });
    const rows = [...node.querySelectorAll(".ap-vector-row")];
    expect(updateVectorStrips(node, next)).toBe(true);
    // Legends number their gradients as they are made.
    const html = (figure: Element) => figure.outerHTML.replace(/ap-gradient-\d+/g, "ap-gradient");
    expect(html(node)).toBe(html(vectorStrips(next, { ...OPTIONS, highlight: 1 })));
    expect([...node.querySelectorAll(".ap-vector-row")]).toEqual(rows);
    expect(html(node)).not.toBe(html(vectorStrips(q, { ...OPTIONS, highlight: 1 })));
  });

  it("takes new numbers written into the very array it drew (a recycled buffer)", () => {
    const data = Float64Array.from(q.data);
    const node = vectorStrips({ ...q, data }, OPTIONS);
    const values = () =>
      Array.from(node.querySelectorAll(".ap-vector-strip rect"), (r) => Number(r.getAttribute("data-value")));
    data.reverse();
    expect(values()).toEqual(Array.from(q.data));
    expect(updateVectorStrips(node, { ...q, data })).toBe(true);
    expect(values()).toEqual(Array.from(data));
  });

  it("refuses numbers of another shape, changing nothing", () => {
    const node = vectorStrips(q, OPTIONS);
    const before = node.outerHTML;
    expect(updateVectorStrips(node, { rows: 4, cols: 3, data: new Float64Array(12) })).toBe(false);
    expect(node.outerHTML).toBe(before);
  });
});
