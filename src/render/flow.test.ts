// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import type { Matrix } from "../core/types";
import { applyFlowHighlight, flow, type FlowElement, type FlowValue } from "./flow";

/** [2 queries, 3 keys]; rows are queries and sum to 1. */
const head1: Matrix = { rows: 2, cols: 3, data: Float64Array.from([0.7, 0.295, 0.005, 0.2, 0.3, 0.5]) };
const head2: Matrix = { rows: 2, cols: 3, data: Float64Array.from([1, 0, 0, 0.001, 0.009, 0.99]) };
const OPTIONS = {
  queryLabels: ["the", "cat"],
  keyLabels: ["a", "b", "c"],
  queryTitle: "queries",
  keyTitle: "keys",
  ariaLabel: "attention",
};

const lines = (svg: Element, selector = "") => svg.querySelectorAll(`line.ap-flow-link${selector}`);

afterEach(() => document.body.replaceChildren());

describe("flow", () => {
  it("draws one line per (query, key, head) whose weight reaches minWeight (default 0.01)", () => {
    // head1: 5 of 6 weights ≥ 0.01; head2: 2 of 6.
    expect(lines(flow([head1, head2], OPTIONS))).toHaveLength(7);
    expect(lines(flow([head1], { ...OPTIONS, minWeight: 0.25 }))).toHaveLength(4);
    expect(lines(flow([head1, head2], { ...OPTIONS, minWeight: 0 }))).toHaveLength(12);
  });

  it("draws larger weights thicker and more opaque", () => {
    const svg = flow([head1], OPTIONS);
    const width = (q: number, k: number) =>
      Number(svg.querySelector(`line[data-query="${q}"][data-key="${k}"]`)?.getAttribute("stroke-width"));
    const opacity = (q: number, k: number) =>
      Number(svg.querySelector(`line[data-query="${q}"][data-key="${k}"]`)?.getAttribute("stroke-opacity"));
    expect(width(0, 0)).toBeGreaterThan(width(0, 1));
    expect(opacity(0, 0)).toBeGreaterThan(opacity(0, 1));
  });

  it("gives each head its own colour", () => {
    const svg = flow([head1, head2], { ...OPTIONS, headColors: ["red", "blue"] });
    expect(lines(svg, '[data-head="0"]')[0]?.getAttribute("stroke")).toBe("red");
    expect(lines(svg, '[data-head="1"]')[0]?.getAttribute("stroke")).toBe("blue");
  });

  it("puts query tokens left of key tokens, or above them when vertical", () => {
    const at = (svg: Element, selector: string) => {
      const match = /translate\(([-\d.]+),([-\d.]+)\)/.exec(
        svg.querySelector(selector)?.getAttribute("transform") ?? "",
      );
      return { x: Number(match?.[1]), y: Number(match?.[2]) };
    };
    const horizontal = flow([head1], OPTIONS);
    expect(at(horizontal, '.ap-flow-token[data-query="0"]').x).toBeLessThan(
      at(horizontal, '.ap-flow-token[data-key="0"]').x,
    );
    const vertical = flow([head1], { ...OPTIONS, orientation: "vertical" });
    expect(at(vertical, '.ap-flow-token[data-query="0"]').y).toBeLessThan(
      at(vertical, '.ap-flow-token[data-key="0"]').y,
    );
  });

  it("labels tokens and columns with the words it is given", () => {
    const svg = flow([head1], { ...OPTIONS, headLabels: ["head 1"] });
    const texts = Array.from(svg.querySelectorAll("text"), (t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(["queries", "keys", "the", "cat", "a", "b", "c", "head 1"]));
  });

  it("isolates a query's lines on highlight: the others fade", () => {
    const svg = flow([head1, head2], { ...OPTIONS, highlight: { query: 1 } });
    const faded = lines(svg, ".ap-faded");
    const active = lines(svg, ":not(.ap-faded)");
    expect(active.length).toBe(4); // query 1: head1 three keys, head2 one key (0.99)
    expect(Array.from(active).every((line) => line.getAttribute("data-query") === "1")).toBe(true);
    expect(Array.from(faded).every((line) => line.getAttribute("opacity") === "0.06")).toBe(true);
    expect(svg.querySelector('.ap-flow-token[data-query="1"]')?.classList.contains("ap-active")).toBe(true);
  });

  it("applyFlowHighlight isolates a key, and an empty highlight shows all lines again", () => {
    const svg = flow([head1, head2], OPTIONS);
    applyFlowHighlight(svg, { key: 2 });
    expect(Array.from(lines(svg, ":not(.ap-faded)"), (l) => l.getAttribute("data-key"))).toEqual(["2", "2"]);
    applyFlowHighlight(svg, {});
    expect(lines(svg, ".ap-faded")).toHaveLength(0);
    expect(lines(svg, "[opacity]")).toHaveLength(0);
  });

  it("reports the token pointed at like an <input>: {query} or {key}, null on leave, change on click", () => {
    const svg = flow([head1], OPTIONS);
    document.body.append(svg);
    const seen: { type: string; value: FlowValue | null }[] = [];
    for (const type of ["input", "change"]) {
      document.body.addEventListener(type, () => seen.push({ type, value: (svg as FlowElement).value }));
    }
    const query = svg.querySelector('.ap-flow-token[data-query="1"]')!;
    const key = svg.querySelector('.ap-flow-token[data-key="2"]')!;
    query.dispatchEvent(new PointerEvent("pointerenter"));
    query.dispatchEvent(new PointerEvent("pointerleave"));
    key.dispatchEvent(new PointerEvent("pointerenter"));
    key.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(seen).toEqual([
      { type: "input", value: { query: 1 } },
      { type: "input", value: null },
      { type: "input", value: { key: 2 } },
      { type: "change", value: { key: 2 } },
    ]);
  });
});
