// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import type { Matrix } from "../core/types";
import {
  applyHighlight,
  heatmap,
  type Cell,
  type CellDescription,
  type HeatmapElement,
  type HeatmapOptions,
} from "./heatmap";

const matrix = (rows: number, cols: number, f = (i: number, j: number) => (i + 1) / (j + 2)): Matrix => {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = f(i, j);
  return { rows, cols, data };
};

const OPTIONS = {
  rowLabels: ["the", "cat"],
  colLabels: ["a", "b", "c"],
  rowTitle: "queries ↓",
  colTitle: "keys →",
  title: "Attention weights",
  ariaLabel: "weights",
  width: 400,
};

/** A heatmap in the document, its plot placed at (100, 50) on screen. */
function mount(m = matrix(2, 3), options: HeatmapOptions = OPTIONS) {
  const node = heatmap(m, options);
  document.body.append(node);
  const plot = node.querySelector<HTMLElement>(".ap-plot")!;
  const cell = Number(plot.dataset.cell);
  plot.getBoundingClientRect = () =>
    ({ left: 100, top: 50, width: m.cols * cell, height: m.rows * cell, right: 0, bottom: 0 }) as DOMRect;
  const events: { type: string; value: Cell | null }[] = [];
  for (const type of ["input", "change"]) {
    document.body.addEventListener(type, (event) => {
      if (event.target === node) events.push({ type, value: (node as HeatmapElement).value });
    });
  }
  return { node, plot, cell, events };
}

const pointer = (type: string, x: number, y: number) =>
  new PointerEvent(type, { clientX: x, clientY: y, bubbles: true });
const key = (name: string) => new KeyboardEvent("keydown", { key: name, bubbles: true });

afterEach(() => document.body.replaceChildren());

describe("heatmap: what it shows", () => {
  it("is a <figure class=ap-heatmap> captioned with the title", () => {
    const { node } = mount();
    expect(node.tagName).toBe("FIGURE");
    expect(node.classList.contains("ap-heatmap")).toBe(true);
    expect(node.querySelector("figcaption")?.textContent).toBe("Attention weights");
  });

  it("states the orientation with the axis titles it is given: rows are queries, columns are keys", () => {
    const { node } = mount();
    expect(node.querySelector(".ap-row-title")?.textContent).toBe("queries ↓");
    expect(node.querySelector(".ap-col-title")?.textContent).toBe("keys →");
  });

  it("labels rows and columns with the tokens it is given", () => {
    const { node } = mount();
    expect(Array.from(node.querySelectorAll(".ap-row-label"), (n) => n.textContent)).toEqual(["the", "cat"]);
    expect(Array.from(node.querySelectorAll(".ap-col-label"), (n) => n.textContent)).toEqual(["a", "b", "c"]);
  });

  it("makes no node for an empty label (small multiples), and highlights the rest by their row and column", () => {
    const { node } = mount(matrix(3, 3), {
      ...OPTIONS,
      rowLabels: ["", "cat", ""],
      colLabels: ["", "", ""],
    });
    expect(Array.from(node.querySelectorAll(".ap-row-label"), (n) => n.textContent)).toEqual(["cat"]);
    expect(node.querySelectorAll(".ap-col-label")).toHaveLength(0);
    applyHighlight(node, { row: 1, col: 2 });
    expect(node.querySelector(".ap-row-label.ap-active")?.textContent).toBe("cat");
    applyHighlight(node, { row: 0, col: 0 });
    expect(node.querySelectorAll(".ap-active")).toHaveLength(0);
  });

  it("labels CJK tokens as given", () => {
    const { node } = mount(matrix(3, 3), {
      ...OPTIONS,
      rowLabels: ["我", "爱", "猫"],
      colLabels: ["我", "爱", "猫"],
      rowTitle: "查询 ↓",
      colTitle: "键 →",
    });
    expect(Array.from(node.querySelectorAll(".ap-col-label"), (n) => n.textContent)).toEqual([
      "我",
      "爱",
      "猫",
    ]);
    expect(node.querySelector(".ap-row-title")?.textContent).toBe("查询 ↓");
  });

  it("turns a column label that does not fit its cell a quarter as a whole, Chinese as Latin, one line each", () => {
    // 12 columns in 320 px: the label column is 70.2 px ("queries ↓" in bold, 0.65 em a character) + 12, so
    // 83, and cells floor((320 − 83 − 8) / 12) = 19 px. Too small for "animal" (43.2 px) across, so labels
    // leave the line; one character (12 px, + 6 ≤ 19) still lies flat, "w1" (14.4 px) does not.
    const keys = ["动物", "马路", "它", "，", "animal", "street", "w1", "它's", "猫", "狗", "鱼", "鸟"];
    const { node } = mount(matrix(12, 12), { ...OPTIONS, rowLabels: keys, colLabels: keys, width: 320 });
    const turn = (text: string) => {
      const label = Array.from(node.querySelectorAll<HTMLElement>(".ap-col-label")).find(
        (n) => n.textContent === text,
      );
      return label?.classList.contains("ap-rotated") ? "turned" : "across";
    };
    // 动物 (24 px) no longer stands a character a line: read across the columns, 动 马 read as a word.
    expect(keys.map(turn)).toEqual([
      ...["turned", "turned", "across", "across"],
      ...["turned", "turned", "turned", "turned"],
      ...["across", "across", "across", "across"],
    ]);
    // One line each: the whole label in one node, no box one character wide.
    const 动物 = node.querySelector<HTMLElement>('.ap-col-label[data-col="0"]')!;
    expect([动物.textContent, 动物.title, 动物.style.maxHeight]).toEqual(["动物", "动物", ""]);
  });

  it("prints no words of its own: without titles, its text is numbers only", () => {
    const node = heatmap(matrix(3, 4), { ariaLabel: "" });
    expect(node.textContent).toMatch(/^[0-9.\s−∞e]*$/);
  });

  it("puts the cells on a canvas with a transparent overlay canvas for highlights", () => {
    const { node } = mount();
    expect(node.querySelectorAll(".ap-plot canvas")).toHaveLength(2);
    expect(node.querySelector("canvas.ap-overlay")).not.toBeNull();
  });

  it("sizes cells to the width it is given, from 2 px to 56 px", () => {
    expect(
      heatmap(matrix(2, 2), { ariaLabel: "", width: 2000 }).querySelector<HTMLElement>(".ap-plot")!.dataset
        .cell,
    ).toBe("56");
    expect(
      heatmap(matrix(4, 512), { ariaLabel: "", width: 600 }).querySelector<HTMLElement>(".ap-plot")!.dataset
        .cell,
    ).toBe("2");
  });

  it("thins out labels that small cells cannot fit", () => {
    const node = heatmap(matrix(100, 100), { ariaLabel: "", width: 300 });
    const labels = node.querySelectorAll(".ap-row-label");
    const shown = node.querySelectorAll(".ap-row-label:not(.ap-thinned)");
    expect(labels).toHaveLength(100);
    expect(shown.length).toBeLessThan(30);
    expect(shown.length).toBeGreaterThan(5);
  });

  it("shows a legend with the legend title, and a −∞ swatch when cells are masked", () => {
    const node = heatmap(matrix(2, 2), {
      ariaLabel: "",
      kind: "diverging",
      masked: Uint8Array.from([0, 1, 0, 0]),
      legendTitle: "score",
    });
    expect(node.querySelector(".ap-legend-title")?.textContent).toBe("score");
    expect(node.querySelector(".ap-legend-masked")).not.toBeNull();
  });

  it("labels the masked swatch with what masked cells hold: −∞ for scores, 0 for weights", () => {
    const masked = Uint8Array.from([0, 1, 0, 0]);
    const swatchLabel = (node: Element) =>
      node.querySelector(".ap-legend-masked")?.nextElementSibling?.textContent;
    const scores = heatmap(
      { rows: 2, cols: 2, data: Float64Array.from([1, -Infinity, -2, 3]) },
      { ariaLabel: "", kind: "diverging", masked },
    );
    expect(swatchLabel(scores)).toBe("−∞");
    const weights = heatmap(
      { rows: 2, cols: 2, data: Float64Array.from([1, 0, 0.4, 0.6]) },
      { ariaLabel: "", kind: "sequential", masked },
    );
    expect(weights.querySelector(".ap-legend-masked")).not.toBeNull();
    expect(swatchLabel(weights)).toBe("0");
    expect(weights.querySelector(".ap-legend")?.textContent).not.toContain("∞");
  });

  it("describes a masked weight with its value, 0, not −∞", () => {
    const described: CellDescription[] = [];
    const node = heatmap(
      { rows: 2, cols: 2, data: Float64Array.from([1, 0, 0.4, 0.6]) },
      {
        ariaLabel: "",
        masked: Uint8Array.from([0, 1, 0, 0]),
        describeCell: (cell) => {
          described.push(cell);
          return "";
        },
      },
    );
    document.body.append(node);
    const plot = node.querySelector<HTMLElement>(".ap-plot")!;
    const key = (name: string) => new KeyboardEvent("keydown", { key: name, bubbles: true });
    plot.dispatchEvent(key("ArrowRight"));
    plot.dispatchEvent(key("ArrowRight"));
    expect(described.at(-1)).toMatchObject({ row: 0, col: 1, value: 0, text: "0", masked: true });
  });

  it("builds everything but the painting where the canvas has no 2D context (happy-dom)", () => {
    const canvas = document.createElement("canvas");
    expect(canvas.getContext("2d")).toBeNull();
    expect(() => mount(matrix(64, 64))).not.toThrow();
  });
});

describe("heatmap: pointing reports like an <input>", () => {
  it("sets value to the cell under the pointer and dispatches a bubbling input event", () => {
    const { plot, cell, events } = mount();
    plot.dispatchEvent(pointer("pointermove", 100 + 2.5 * cell, 50 + 1.5 * cell));
    expect(events).toEqual([{ type: "input", value: { row: 1, col: 2 } }]);
  });

  it("dispatches input only when the pointer enters another cell", () => {
    const { plot, cell, events } = mount();
    plot.dispatchEvent(pointer("pointermove", 100 + 0.2 * cell, 50 + 0.2 * cell));
    plot.dispatchEvent(pointer("pointermove", 100 + 0.8 * cell, 50 + 0.8 * cell));
    plot.dispatchEvent(pointer("pointermove", 100 + 1.2 * cell, 50 + 0.8 * cell));
    expect(events.map((e) => e.value)).toEqual([
      { row: 0, col: 0 },
      { row: 0, col: 1 },
    ]);
  });

  it("sets value to null and dispatches input when the pointer leaves", () => {
    const { plot, cell, events } = mount();
    plot.dispatchEvent(pointer("pointermove", 100 + cell / 2, 50 + cell / 2));
    plot.dispatchEvent(pointer("pointerleave", 0, 0));
    expect(events.at(-1)).toEqual({ type: "input", value: null });
  });

  it("dispatches a bubbling change event with the cell on click", () => {
    const { plot, cell, events } = mount();
    plot.dispatchEvent(
      new MouseEvent("click", { clientX: 100 + 1.5 * cell, clientY: 50 + 0.5 * cell, bubbles: true }),
    );
    expect(events).toEqual([{ type: "change", value: { row: 0, col: 1 } }]);
  });
});

describe("heatmap: the loupe under a finger on small cells", () => {
  const labels = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  const small = () =>
    mount(matrix(64, 64), {
      ...OPTIONS,
      rowLabels: labels(64, "q"),
      colLabels: labels(64, "k"),
      width: 300,
    });
  const touch = (type: string, x: number, y: number, pointerType = "touch") =>
    new PointerEvent(type, { clientX: x, clientY: y, bubbles: true, pointerId: 7, pointerType });
  /** The centre of cell (row, col) of a plot placed at (100, 50). */
  const at = (cell: number, row: number, col: number): [number, number] => [
    100 + (col + 0.5) * cell,
    50 + (row + 0.5) * cell,
  ];

  it("shows the 5 × 5 cells around the finger's cell, that cell outlined and named, while the finger is down", () => {
    const { node, plot, cell } = small();
    expect(cell).toBeLessThan(16);
    expect(node.querySelector(".ap-loupe")).toBeNull();
    plot.dispatchEvent(touch("pointerdown", ...at(cell, 40, 20)));
    const loupe = node.querySelector<HTMLElement>(".ap-loupe")!;
    expect(loupe.hidden).toBe(false);
    expect([loupe.dataset.row, loupe.dataset.col]).toEqual(["40", "20"]);
    expect(loupe.querySelector(".ap-loupe-label")?.textContent).toBe("q41 → k21");
    // The window is rows 38–42 and columns 18–22: the cell is its middle one, 2 cells of 48 px past the
    // loupe's 4 px padding.
    const mark = loupe.querySelector<HTMLElement>(".ap-loupe-mark")!;
    expect([mark.style.left, mark.style.top]).toEqual(["100px", "100px"]);
    plot.dispatchEvent(touch("pointermove", ...at(cell, 41, 22)));
    expect([loupe.dataset.row, loupe.dataset.col]).toEqual(["41", "22"]);
    expect(loupe.querySelector(".ap-loupe-label")?.textContent).toBe("q42 → k23");
  });

  it("keeps its window inside the matrix at an edge: the corner cell is outlined where it lies", () => {
    const { node, plot, cell } = small();
    plot.dispatchEvent(touch("pointerdown", ...at(cell, 0, 63)));
    const loupe = node.querySelector<HTMLElement>(".ap-loupe")!;
    // Rows 0–4, columns 59–63: row 0 is the first, column 63 the fifth.
    const mark = loupe.querySelector<HTMLElement>(".ap-loupe-mark")!;
    expect([mark.style.left, mark.style.top]).toEqual([`${4 + 4 * 48}px`, "4px"]);
  });

  it("picks the cell under the finger when it is lifted, once, and hides", () => {
    const { node, plot, cell, events } = small();
    plot.dispatchEvent(touch("pointerdown", ...at(cell, 40, 20)));
    plot.dispatchEvent(touch("pointermove", ...at(cell, 41, 22)));
    plot.dispatchEvent(touch("pointerup", ...at(cell, 41, 22)));
    const [x, y] = at(cell, 41, 22);
    plot.dispatchEvent(new MouseEvent("click", { clientX: x, clientY: y, bubbles: true }));
    expect(node.querySelector<HTMLElement>(".ap-loupe")?.hidden).toBe(true);
    expect(events.filter((e) => e.type === "change")).toEqual([
      { type: "change", value: { row: 41, col: 22 } },
    ]);
  });

  it("hides while the finger is off the plot's cells, and comes back with it, to pick where it is lifted", () => {
    const { node, plot, cell, events } = small();
    plot.dispatchEvent(touch("pointerdown", ...at(cell, 40, 20)));
    plot.dispatchEvent(touch("pointermove", 90, 40));
    const loupe = node.querySelector<HTMLElement>(".ap-loupe")!;
    expect(loupe.hidden).toBe(true);
    plot.dispatchEvent(touch("pointermove", ...at(cell, 2, 3)));
    expect([loupe.hidden, loupe.dataset.row, loupe.dataset.col]).toEqual([false, "2", "3"]);
    plot.dispatchEvent(touch("pointerup", ...at(cell, 2, 3)));
    expect(events.filter((e) => e.type === "change")).toEqual([
      { type: "change", value: { row: 2, col: 3 } },
    ]);
  });

  it("picks nothing when the finger is lifted off the plot, or the touch is cancelled", () => {
    const { plot, cell, events } = small();
    plot.dispatchEvent(touch("pointerdown", ...at(cell, 40, 20)));
    plot.dispatchEvent(touch("pointerup", 90, 40));
    plot.dispatchEvent(touch("pointerdown", ...at(cell, 40, 20)));
    plot.dispatchEvent(touch("pointercancel", ...at(cell, 40, 20)));
    expect(events.filter((e) => e.type === "change")).toEqual([]);
  });

  it("is not shown for a mouse, nor for cells large enough for a finger", () => {
    const mouse = small();
    mouse.plot.dispatchEvent(touch("pointerdown", ...at(mouse.cell, 40, 20), "mouse"));
    expect(mouse.node.querySelector(".ap-loupe")).toBeNull();
    document.body.replaceChildren();
    const large = mount();
    expect(large.cell).toBeGreaterThanOrEqual(16);
    large.plot.dispatchEvent(touch("pointerdown", ...at(large.cell, 1, 2)));
    expect(large.node.querySelector(".ap-loupe")).toBeNull();
    const [x, y] = at(large.cell, 1, 2);
    large.plot.dispatchEvent(new MouseEvent("click", { clientX: x, clientY: y, bubbles: true }));
    expect(large.events.filter((e) => e.type === "change")).toEqual([
      { type: "change", value: { row: 1, col: 2 } },
    ]);
  });
});

describe("heatmap: keyboard", () => {
  it("is focusable, with the class that draws a visible focus ring", () => {
    const { plot } = mount();
    expect(plot.tabIndex).toBe(0);
    expect(plot.classList.contains("ap-focusable")).toBe(true);
    expect(plot.getAttribute("aria-label")).toBe("weights");
  });

  it("moves the current cell with the arrow keys, reporting input, and stops at the edges", () => {
    const { plot, events } = mount();
    for (const name of [
      "ArrowRight",
      "ArrowRight",
      "ArrowDown",
      "ArrowDown",
      "ArrowRight",
      "ArrowRight",
      "ArrowLeft",
    ]) {
      plot.dispatchEvent(key(name));
    }
    expect(events.map((e) => e.value)).toEqual([
      { row: 0, col: 0 }, // the first press lands on the first cell
      { row: 0, col: 1 },
      { row: 1, col: 1 },
      { row: 1, col: 1 }, // no row 2
      { row: 1, col: 2 },
      { row: 1, col: 2 }, // no column 3
      { row: 1, col: 1 },
    ]);
    expect(events.every((e) => e.type === "input")).toBe(true);
  });

  it("starts from the highlighted cell", () => {
    const { plot, events } = mount(matrix(2, 3), { ...OPTIONS, highlight: { row: 1, col: 2 } });
    plot.dispatchEvent(key("ArrowUp"));
    expect(events[0]?.value).toEqual({ row: 1, col: 2 });
  });

  it("reports change with Enter or Space, and change with null on Escape", () => {
    const { node, plot, events } = mount();
    plot.dispatchEvent(key("ArrowDown"));
    plot.dispatchEvent(key("Enter"));
    plot.dispatchEvent(key(" "));
    plot.dispatchEvent(key("Escape"));
    expect(events.slice(1)).toEqual([
      { type: "change", value: { row: 0, col: 0 } },
      { type: "change", value: { row: 0, col: 0 } },
      { type: "change", value: null },
    ]);
    expect((node as HeatmapElement).value).toBeNull();
  });
});

describe("applyHighlight", () => {
  it("emphasises the labels of the highlighted row and column, and nothing else", () => {
    const { node } = mount();
    applyHighlight(node, { row: 1, col: 0 });
    const active = Array.from(node.querySelectorAll(".ap-active"), (n) => n.textContent);
    expect(active).toEqual(["a", "cat"]);
    applyHighlight(node, {});
    expect(node.querySelectorAll(".ap-active")).toHaveLength(0);
  });

  it("shows a highlighted label that small cells had thinned out", () => {
    const node = heatmap(matrix(100, 100), { ariaLabel: "", width: 300 });
    const label = node.querySelectorAll(".ap-row-label")[37]!;
    expect(label.classList.contains("ap-thinned")).toBe(true);
    applyHighlight(node, { row: 37 });
    expect(label.classList.contains("ap-active")).toBe(true);
  });

  it("does not rebuild the view", () => {
    const { node } = mount();
    const canvas = node.querySelector("canvas");
    applyHighlight(node, { row: 0 });
    expect(node.querySelector("canvas")).toBe(canvas);
  });
});
