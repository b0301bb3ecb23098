// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { fromRows } from "../core/matrix";
import { flow, flowLines } from "./flow";
import { flowLayout, flowLineWidth, flowLinks, flowTokenAt, MAX_LINES, nthLargest } from "./flowLayout";
import { flowSvg } from "./flowSvg";

// Text widths are measure.ts's estimate in happy-dom: 0.6 em a character, 12 px labels (7.2 px a character).

describe("flowLayout", () => {
  it("places each side's tokens centred on its own count, 26 px apart (hand-worked, 2 queries, 3 keys)", () => {
    const layout = flowLayout(
      { queries: 2, keys: 3, heads: 2 },
      { queryLabels: ["a", "b"], keyLabels: ["k1", "k2", "k3"], queryTitle: "q", keyTitle: "k", width: 360 },
    );
    // 24 px of titles on top, 8 below, 3 tokens of 26 px: 110 px.
    expect([layout.width, layout.height]).toEqual([360, 110]);
    // Queries: 8 + 7.2 ("a") + 8 in; keys: 360 − 8 − 14.4 ("k1") − 8.
    expect([0, 1].map((i) => layout.queryAt(i))).toEqual([
      [23.2, 50],
      [23.2, 76],
    ]);
    expect([0, 1, 2].map((j) => layout.keyAt(j))).toEqual([
      [329.6, 37],
      [329.6, 63],
      [329.6, 89],
    ]);
    // Two heads' lines 2 px apart across the flow, centred.
    expect([layout.headOffset(0), layout.headOffset(1)]).toEqual([
      [0, -1],
      [0, 1],
    ]);
    expect(layout.queryTitle).toEqual({ x: 8, y: 14, anchor: "start" });
    expect(layout.keyTitle).toEqual({ x: 352, y: 14, anchor: "end" });
  });

  it("moves everything down 26 px under a figure title, the SVG export's", () => {
    const options = { queryLabels: ["a"], keyLabels: ["b"], queryTitle: "q" };
    const plain = flowLayout({ queries: 1, keys: 1, heads: 1 }, options);
    const titled = flowLayout({ queries: 1, keys: 1, heads: 1 }, { ...options, title: "Flow" });
    expect(titled.height - plain.height).toBe(26);
    expect(titled.queryAt(0)[1] - plain.queryAt(0)[1]).toBe(26);
    expect(titled.title).toEqual({ x: 8, y: 18 });
  });

  it("labels every k-th token where tokens stand closer than a line of text (15 px), hand-worked", () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i + 1}`);
    const tokens = (n: number) => ({ queries: n, keys: n, heads: 1 });
    const labelled = (n: number, options: { orientation?: "vertical"; width?: number; height?: number }) => {
      const { rotate, step, labelEvery } = flowLayout(tokens(n), {
        queryLabels: words(n),
        keyLabels: words(n),
        ...options,
      });
      return { rotate, step, labelEvery };
    };
    // Vertical, 560 px: (560 − 16) / 128 = 4.25 px a token; "w128" (28.8 px) is turned: every ⌈15 / 4.25⌉ = 4th.
    expect(labelled(128, { orientation: "vertical", width: 560 })).toEqual({
      rotate: true,
      step: 4.25,
      labelEvery: 4,
    });
    // 32 tokens in 256 px: 7.5 px apart, every 15 / 7.5 = 2nd exactly.
    expect(labelled(32, { orientation: "vertical", width: 256 })).toEqual({
      rotate: true,
      step: 7.5,
      labelEvery: 2,
    });
    // 16 tokens: 34 px apart; "w16" (21.6 px) fits within 34 − 4 upright, and so does every label.
    expect(labelled(16, { orientation: "vertical", width: 560 })).toEqual({
      rotate: false,
      step: 34,
      labelEvery: 1,
    });
    // Horizontal: 26 px a token at its own height; 20 tokens in 100 px (8 px above and below) are 4.2 apart.
    expect(labelled(20, {})).toEqual({ rotate: false, step: 26, labelEvery: 1 });
    expect(labelled(20, { height: 100 })).toEqual({ rotate: false, step: 4.2, labelEvery: 4 });
  });

  it("makes the band of turned labels as tall as its longest label is long, Chinese as Latin", () => {
    const band = (labels: string[]) =>
      flowLayout(
        { queries: labels.length, keys: labels.length, heads: 1 },
        { queryLabels: labels, keyLabels: labels, orientation: "vertical", width: 40 },
      ).band;
    // 3 tokens in 40 px: 8 px apart, so labels leave the line. "w128" is 4 × 7.2 = 28.8 px long: 36.8.
    expect(band(["a", "w128", "b"])).toBeCloseTo(36.8, 9);
    // "注意力机制" is 5 × 12 = 60 px long, turned as a whole: 68 (it stood 5 lines of 12 px, as tall).
    expect(band(["a", "注意力机制", "b"])).toBe(68);
    // "注11" is 12 + 14.4 = 26.4 px long: 34.4 (it stood 3 lines, 36 + 8 = 44).
    expect(band(["a", "注11", "b"])).toBeCloseTo(34.4, 9);
    // The longest sets the band.
    expect(band(["注11", "w128", "transformer"])).toBeCloseTo(11 * 7.2 + 8, 9);
  });

  it("flowLinks keeps weights of at least minWeight, lightest first", () => {
    const links = flowLinks([fromRows([[0.5, 0.005, 0.495]]), fromRows([[0.02, 0.9, 0.08]])]);
    expect(links.map(({ h, j, w }) => [h, j, w])).toEqual([
      [1, 0, 0.02],
      [1, 2, 0.08],
      [0, 2, 0.495],
      [0, 0, 0.5],
      [1, 1, 0.9],
    ]);
  });

  it("flowLinks keeps the strongest MAX_LINES, and of equal weights at the cut the last in (head, query, key) order", () => {
    // 2 heads × 40 × 40 = 3,200 weights of 0.02 … 0.99 in steps of 0.01 (many equal ones), 0.001 below the
    // minimum, and −∞ and NaN that are never drawn: more than MAX_LINES (2,000) qualify.
    const head = (h: number) => ({
      rows: 40,
      cols: 40,
      data: Float32Array.from({ length: 1600 }, (_, k) =>
        k % 97 === 0
          ? 0.001
          : k % 89 === 0
            ? -Infinity
            : k % 83 === 0
              ? NaN
              : Math.round(((k * 7 + h * 13) % 98) + 2) / 100,
      ),
    });
    const weights = [head(0), head(1)];
    // The definition, written plainly: every kept weight as an object, a stable sort, the last MAX_LINES.
    const all: { h: number; i: number; j: number; w: number }[] = [];
    weights.forEach(({ data }, h) =>
      data.forEach((w, k) => {
        if (Number.isFinite(w) && w >= 0.02) all.push({ h, i: Math.floor(k / 40), j: k % 40, w });
      }),
    );
    expect(all.length).toBeGreaterThan(MAX_LINES);
    const expected = all.sort((a, b) => a.w - b.w).slice(-MAX_LINES);
    const links = flowLinks(weights);
    expect(links).toHaveLength(MAX_LINES);
    // The cut falls among equal weights: some of that weight are kept, some not.
    const cut = expected[0]!.w;
    expect(all.filter((l) => l.w === cut).length).toBeGreaterThan(expected.filter((l) => l.w === cut).length);
    expect(links).toEqual(expected);
  });

  it("a line is at most 1 px wide up to a weight of 0.1 (a hairline), then 0.5 + 5w px (hand-worked)", () => {
    // 0.75 + 2.5w: 0 → 0.75, 0.04 → 0.85, 0.1 → 1; past it 0.5 + 5w: 0.2 → 1.5, 0.7 → 4, 1 → 5.5.
    expect([0, 0.04, 0.1, 0.2, 0.7, 1].map(flowLineWidth)).toEqual([
      "0.75",
      "0.85",
      "1.00",
      "1.50",
      "4.00",
      "5.50",
    ]);
    const widths = Array.from({ length: 101 }, (_, k) => Number(flowLineWidth(k / 100)));
    for (let k = 1; k < widths.length; k++) expect(widths[k]).toBeGreaterThan(widths[k - 1]!);
  });

  it("nthLargest is the n-th value of a descending sort, with ties, for every n", () => {
    for (const length of [1, 2, 3, 10, 257]) {
      // Few distinct values (many ties), in a scrambled order.
      const xs = Float64Array.from({ length }, (_, k) => ((k * 37) % 11) - 5);
      const sorted = [...xs].sort((a, b) => b - a);
      for (let n = 1; n <= length; n++) expect(nthLargest(xs.slice(), n)).toBe(sorted[n - 1]);
    }
  });
});

/** A coordinate to 2 decimals, the precision an export writes. */
const hundredths = (text: string | null | undefined) => Math.round(Number(text) * 100) / 100;

describe("flowTokenAt: the token under a finger's point", () => {
  const words = Array.from({ length: 64 }, (_, i) => `t${i}`);
  const counts = { queries: 64, keys: 64 };
  // A phone's flow: vertical, 360 px wide, 260 tall. (360 − 16) / 64 = 5.375 px a token, token k at
  // x = 8 + (k + 0.5) × 5.375; "t63" (21.6 px) is turned, so each side's labels take a band of 29.6 px:
  // query dots at y = 24 + 29.6 = 53.6, key dots at 260 − (29.6 + 20 + 6) = 204.4.
  const phone = flowLayout(
    { queries: 64, keys: 64, heads: 1 },
    {
      queryLabels: words,
      keyLabels: words,
      queryTitle: "queries",
      keyTitle: "keys",
      orientation: "vertical",
      width: 360,
      height: 260,
    },
  );
  const x = (k: number) => 8 + (k + 0.5) * 5.375;

  it("is the nearest token along a side: within half a step (2.69 px) of its dot", () => {
    const [dotX, dotY] = phone.queryAt(40);
    expect(dotX).toBe(x(40));
    expect(dotY).toBeCloseTo(53.6, 9);
    expect(phone.keyAt(7)[1]).toBeCloseTo(204.4, 9);
    expect(flowTokenAt(phone, counts, x(40), 53.6)).toEqual({ side: "query", index: 40 });
    expect(flowTokenAt(phone, counts, x(40) - 2.5, 53.6)).toEqual({ side: "query", index: 40 });
    expect(flowTokenAt(phone, counts, x(40) + 2.8, 53.6)).toEqual({ side: "query", index: 41 });
    expect(flowTokenAt(phone, counts, x(7), 204.4)).toEqual({ side: "key", index: 7 });
  });

  it("counts the labels' band and 10 px towards the lines as the column, not the lines between", () => {
    // Over a query's turned label (above its dot), and 9 px below the dot.
    expect(flowTokenAt(phone, counts, x(40), 53.6 - 25)).toEqual({ side: "query", index: 40 });
    expect(flowTokenAt(phone, counts, x(40), 53.6 + 9)).toEqual({ side: "query", index: 40 });
    // On the lines: 12 px below the query dots, 12 px above the key dots, and the middle.
    expect(flowTokenAt(phone, counts, x(40), 53.6 + 12)).toBeNull();
    expect(flowTokenAt(phone, counts, x(40), 204.4 - 12)).toBeNull();
    expect(flowTokenAt(phone, counts, x(40), 130)).toBeNull();
    // Below a key's dot, over its label.
    expect(flowTokenAt(phone, counts, x(40), 204.4 + 25)).toEqual({ side: "key", index: 40 });
  });

  it("is no token past the first and the last by more than half a step, at both ends of a side", () => {
    expect(flowTokenAt(phone, counts, x(0) - 2.5, 53.6)).toEqual({ side: "query", index: 0 });
    expect(flowTokenAt(phone, counts, x(0) - 3, 53.6)).toBeNull();
    expect(flowTokenAt(phone, counts, x(63) + 2.5, 204.4)).toEqual({ side: "key", index: 63 });
    expect(flowTokenAt(phone, counts, x(63) + 3, 204.4)).toBeNull();
  });

  it("reads a horizontal flow across: queries' labels left of their dots, keys' right (hand-worked, 2 × 3)", () => {
    // Query dots at x 23.2, y 50 and 76; key dots at x 329.6, y 37, 63, 89 (26 px apart; the test above).
    const layout = flowLayout(
      { queries: 2, keys: 3, heads: 1 },
      { queryLabels: ["a", "b"], keyLabels: ["k1", "k2", "k3"], queryTitle: "q", keyTitle: "k", width: 360 },
    );
    const at = (px: number, py: number) => flowTokenAt(layout, { queries: 2, keys: 3 }, px, py);
    expect(at(10, 50)).toEqual({ side: "query", index: 0 });
    expect(at(30, 64)).toEqual({ side: "query", index: 1 });
    expect(at(345, 37)).toEqual({ side: "key", index: 0 });
    expect(at(325, 88)).toEqual({ side: "key", index: 2 });
    // The lines between, and the titles' row above the first query (more than 13 px above its dot).
    expect(at(180, 50)).toBeNull();
    expect(at(10, 20)).toBeNull();
  });
});

describe("a flow and its SVG export share one layout", () => {
  const heads = [
    fromRows([
      [0.9, 0.1, 0],
      [0.005, 0.495, 0.5],
    ]),
    fromRows([
      [0.3, 0.3, 0.4],
      [1, 0, 0],
    ]),
  ];
  const options = {
    queryLabels: ["我", "cat"],
    keyLabels: ["a", "bb", "ccc"],
    queryTitle: "queries",
    keyTitle: "keys",
    headLabels: ["head 1", "head 2"],
    width: 420,
  };

  it("draws its tokens, lines, titles and key of heads where the view draws them", () => {
    const view = flow(heads, { ...options, ariaLabel: "flow" });
    const doc = new DOMParser().parseFromString(flowSvg(heads, options), "image/svg+xml");
    expect(doc.documentElement.getAttribute("height")).toBe(view.getAttribute("height"));
    // Token dots: the view's are translated groups, the export's circles.
    const viewDots = [...view.querySelectorAll(".ap-flow-token")].map((g) =>
      /translate\(([-\d.]+),([-\d.]+)\)/
        .exec(g.getAttribute("transform") ?? "")!
        .slice(1)
        .map(hundredths),
    );
    const svgDots = [...doc.querySelectorAll("circle")].map((c) =>
      ["cx", "cy"].map((a) => hundredths(c.getAttribute(a))),
    );
    expect(svgDots).toEqual(viewDots);
    const ends = (line: Element) => [
      ...["data-head", "data-query", "data-key"].map((a) => line.getAttribute(a)),
      ...["x1", "y1", "x2", "y2"].map((a) => hundredths(line.getAttribute(a))),
    ];
    const painted = flowLines(view).map((l) => [
      ...[l.head, l.query, l.key].map(String),
      ...[l.x1, l.y1, l.x2, l.y2].map((x) => hundredths(String(x))),
    ]);
    expect([...doc.querySelectorAll("line")].map(ends)).toEqual(painted);
    const texts = (root: Element | Document, selector: string) =>
      [...root.querySelectorAll(selector)].map((t) => [
        t.textContent,
        t.getAttribute("x"),
        t.getAttribute("y"),
      ]);
    expect(texts(doc, ".ap-flow-heads text")).toEqual(texts(view, ".ap-flow-heads text"));
    expect(texts(doc, "svg > text")).toEqual(texts(view, "svg > text"));
  });

  it("leaves out the labels the view thins out", () => {
    // 20 tokens in 100 px: every 4th labelled (flowLayout, above).
    const uniform = { rows: 20, cols: 20, data: new Float64Array(400).fill(0.05) };
    const words = Array.from({ length: 20 }, (_, i) => `w${i + 1}`);
    const doc = new DOMParser().parseFromString(
      flowSvg([uniform], { queryLabels: words, keyLabels: words, height: 100 }),
      "image/svg+xml",
    );
    const shown = ["w1", "w5", "w9", "w13", "w17"];
    expect([...doc.querySelectorAll(".ap-flow-query")].map((t) => t.textContent)).toEqual(shown);
    expect([...doc.querySelectorAll(".ap-flow-key")].map((t) => t.textContent)).toEqual(shown);
    expect(doc.querySelectorAll("circle")).toHaveLength(40);
  });
});
