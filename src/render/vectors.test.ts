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

  it("past MOST_RECTS cells draws every row on one canvas, cells and gaps as the rects have them, not a rect per cell", () => {
    const at = (rows: number, cols: number) =>
      vectorStrips({ rows, cols, data: new Float64Array(rows * cols).fill(0.5) }, { ariaLabel: "" });
    const most = at(16, MOST_RECTS / 16);
    expect(most.querySelectorAll(".ap-vector-strip rect")).toHaveLength(MOST_RECTS);
    expect(most.querySelectorAll("canvas")).toHaveLength(0);
    const more = at(100, 100);
    expect(more.querySelectorAll(".ap-vector-strip rect")).toHaveLength(0);
    const canvases = more.querySelectorAll<HTMLCanvasElement>("canvas");
    expect(canvases).toHaveLength(1);
    const canvas = canvases[0]!;
    // Laid over the first row's strip place, reaching down over the others: rows 18 px high (a 16 px label
    // line and 1 px padding), 2 px apart; one backing pixel row a row.
    expect(canvas.parentElement).toBe(more.querySelector('[data-row="0"] .ap-vector-strip'));
    const list = more.querySelector<HTMLElement>(".ap-vector-rows")!;
    expect([list.style.gridAutoRows, list.style.rowGap]).toEqual(["18px", "2px"]);
    expect([canvas.height, canvas.style.height]).toEqual([100, "2000px"]);
    // One backing pixel a cell, stretched 12 px wide, as the rects are, and to the rows' pitch; a mask shows
    // 12 px of each 20 px row (the strip), and of each 12 px cell the first 11 (a 1 px gap after each).
    expect([canvas.width, canvas.style.width]).toEqual([100, "1200px"]);
    expect(canvas.style.getPropertyValue("mask-image")).toBe(
      "repeating-linear-gradient(#000 0 12px, transparent 12px 20px), " +
        "repeating-linear-gradient(90deg, #000 0 11px, transparent 11px 12px)",
    );
    expect(canvas.style.getPropertyValue("mask-composite")).toBe("intersect");
    // Every row keeps its label and a place as wide and high as its rects would be, and still reports pointing.
    expect(more.querySelectorAll(".ap-vector-row .ap-vector-label")).toHaveLength(100);
    const place = more.querySelector<HTMLElement>('[data-row="99"] .ap-vector-strip')!;
    expect([place.style.width, place.style.height]).toEqual(["1200px", "12px"]);
    // Cells too narrow for a gap (under 6 px): the rows' mask only.
    const narrow = vectorStrips(
      { rows: 100, cols: 100, data: new Float64Array(100 * 100).fill(0.5) },
      { ariaLabel: "", width: 88 + 100 * 4 },
    ).querySelector<HTMLCanvasElement>("canvas")!;
    expect([narrow.width, narrow.style.width]).toEqual([100, "400px"]);
    expect(narrow.style.getPropertyValue("mask-image")).toBe(
      "repeating-linear-gradient(#000 0 8px, transparent 8px 20px)",
    );
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
