/**
 * Named visual fixtures (Observable Plot's habit): each case serves as a unit test (fixtures.test.ts), an
 * exact golden file (golden.test.ts, src/render/golden/), a Playwright screenshot (e2e/gallery.spec.ts) and a
 * gallery page (/e2e/gallery.html in the dev server). Every number comes from a seeded generator, so all of
 * them see the same picture.
 */
import { createRandom } from "../core/random";
import { softmaxRows } from "../core/softmax";
import type { Matrix } from "../core/types";
import { dataTable } from "./dataTable";
import { flow, flowLines } from "./flow";
import { heatmap, type HeatmapOptions } from "./heatmap";
import { heatmapSvg } from "./heatmapSvg";
import { vectorStrips } from "./vectors";

export interface Fixture {
  readonly name: string;
  /** `width`: the px available to the view. */
  render(width?: number): Element;
  /**
   * The fixture as exact text for its golden file: a heatmap as its SVG export (the canvas has no markup;
   * the export shares the view's layout and colours), every other view as its own markup.
   */
  golden(width?: number): { readonly type: "svg" | "html"; readonly text: string };
}

/** A view whose own markup is its golden file: SVG for an <svg> root, HTML otherwise. */
function markupFixture(name: string, render: (width?: number) => Element): Fixture {
  return {
    name,
    render,
    golden: (width) => {
      const node = render(width);
      return { type: node instanceof SVGSVGElement ? "svg" : "html", text: node.outerHTML };
    },
  };
}

/**
 * A flow: the view, and for its golden file its markup with the lines it paints on its canvas written out
 * as SVG lines in their place (geometry, colour, width, opacity, faded or not), in the order painted.
 */
function flowFixture(name: string, render: (width?: number) => SVGSVGElement): Fixture {
  return {
    name,
    render,
    golden: (width) => {
      const node = render(width);
      const lines = flowLines(node).map((l) => {
        const line = document.createElementNS("http://www.w3.org/2000/svg", "line");
        const attributes = {
          x1: l.x1,
          y1: l.y1,
          x2: l.x2,
          y2: l.y2,
          stroke: l.stroke,
          "stroke-width": l.width,
          "stroke-opacity": l.opacity,
          "data-head": l.head,
          "data-query": l.query,
          "data-key": l.key,
          "data-weight": l.weight,
          ...(l.faded ? { "data-faded": "" } : {}),
        };
        for (const [k, v] of Object.entries(attributes)) line.setAttribute(k, String(v));
        return line;
      });
      const painted = document.createElementNS("http://www.w3.org/2000/svg", "g");
      painted.setAttribute("class", "ap-flow-links");
      painted.append(...lines);
      node.querySelector(".ap-flow-links")?.replaceWith(painted);
      return { type: "svg", text: node.outerHTML };
    },
  };
}

/** Past this many cells an SVG golden file would be megabytes (512 × 512: 262 144 rects). */
const SVG_GOLDEN_CELLS = 4096;

/**
 * A heatmap: the canvas view, and for its golden file the SVG export of the same matrix and options (for a
 * matrix too large for that, the view's own markup: sizes, labels and legend; smaller fixtures pin colours).
 */
function heatmapFixture(name: string, matrix: Matrix, options: Omit<HeatmapOptions, "width">): Fixture {
  const {
    rowLabels,
    colLabels,
    rowTitle,
    colTitle,
    title,
    kind,
    palette,
    domain,
    masked,
    digits,
    legendTitle,
  } = options;
  const shared = { rowLabels, colLabels, rowTitle, colTitle, title, kind, palette, domain, masked, digits };
  return {
    name,
    render: (width = 640) => heatmap(matrix, { ...options, width }),
    golden: (width = 640) =>
      matrix.rows * matrix.cols > SVG_GOLDEN_CELLS
        ? { type: "html", text: heatmap(matrix, { ...options, width }).outerHTML }
        : { type: "svg", text: heatmapSvg(matrix, { ...withoutUndefined(shared), legendTitle, width }) },
  };
}

/** Options without the keys left undefined, so that the SVG export's defaults apply to them. */
function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** [rows, cols] of N(0, 1) · scale, seeded. */
function randomMatrix(rows: number, cols: number, seed: number, scale = 1): Matrix {
  const random = createRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = random.normal() * scale;
  return { rows, cols, data };
}

function softmax(scores: Matrix): Matrix {
  const data = new Float64Array(scores.data.length);
  softmaxRows(scores.data, scores.rows, scores.cols, data);
  return { rows: scores.rows, cols: scores.cols, data };
}

/** [n, n], 1 where key j > query i: the causal mask. */
function causalMask(n: number): Uint8Array {
  const mask = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) mask[i * n + j] = 1;
  return mask;
}

function withMask(scores: Matrix, mask: Uint8Array): Matrix {
  return { ...scores, data: scores.data.map((x, k) => (mask[k] ? -Infinity : x)) };
}

/** Scores that favour nearby keys, plus noise: a diagonal band with texture, like real attention. */
function localScores(n: number, seed: number): Matrix {
  const noise = randomMatrix(n, n, seed, 1);
  const data = noise.data.map((x, k) => x - Math.abs(Math.floor(k / n) - (k % n)) / 1.5);
  return { rows: n, cols: n, data };
}

const EN = { rowTitle: "queries ↓", colTitle: "keys →" };
const SENTENCE = ["The", "cat", "sat", "on", "the", "mat"];

/** The weights of the fixture "flow 2 heads": [6 queries, 6 keys] per head. */
export const FLOW_2_HEADS: readonly Matrix[] = [
  softmax(randomMatrix(6, 6, 8, 2)),
  softmax(randomMatrix(6, 6, 9, 2)),
];
const LONG = [
  "Attention",
  "is",
  "all",
  "you",
  "need",
  "transformers",
  "learn",
  "contextual",
  "representations",
  "of",
  "every",
  "token",
];

export const PIXEL_VECTORS = "vectors on one canvas";

/**
 * [24, 16], more cells than vector strips draw as rects (MOST_RECTS): in row i, 1 at dimension i mod 16,
 * −1 at (i + 5) mod 16, 0 elsewhere, and not a number at row 3, dimension 10. Where each cell lands on screen
 * is known from its place, whatever draws it (gallery.spec.ts).
 */
export const PIXEL_VECTORS_MATRIX: Matrix = (() => {
  const rows = 24;
  const cols = 16;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    data[i * cols + (i % cols)] = 1;
    data[i * cols + ((i + 5) % cols)] = -1;
  }
  data[3 * cols + 10] = NaN;
  return { rows, cols, data };
})();

export const FIXTURES: readonly Fixture[] = [
  heatmapFixture("small weights 4×4 with labels", softmax(randomMatrix(4, 4, 1, 1.5)), {
    ...EN,
    rowLabels: ["the", "cat", "sat", "down"],
    colLabels: ["the", "cat", "sat", "down"],
    title: "Attention weights",
    legendTitle: "weight",
    ariaLabel: "Attention weights, 4 queries by 4 keys",
  }),
  heatmapFixture("scores with causal mask (diverging)", withMask(randomMatrix(6, 6, 2, 2), causalMask(6)), {
    ...EN,
    rowLabels: SENTENCE,
    colLabels: SENTENCE,
    kind: "diverging",
    masked: causalMask(6),
    title: "Scaled scores with a causal mask",
    legendTitle: "score",
    ariaLabel: "Scaled scores, 6 queries by 6 keys, causal mask",
  }),
  heatmapFixture("CJK labels 我 爱 猫", softmax(randomMatrix(3, 3, 3, 1.5)), {
    rowLabels: ["我", "爱", "猫"],
    colLabels: ["我", "爱", "猫"],
    rowTitle: "查询 ↓",
    colTitle: "键 →",
    title: "注意力权重",
    legendTitle: "权重",
    ariaLabel: "注意力权重，3 个查询 × 3 个键",
  }),
  heatmapFixture("long labels with a highlight", softmax(randomMatrix(12, 12, 4, 2)), {
    ...EN,
    rowLabels: LONG,
    colLabels: LONG,
    title: "Attention weights",
    legendTitle: "weight",
    highlight: { row: 3, col: 7 },
    ariaLabel: "Attention weights, 12 queries by 12 keys",
  }),
  heatmapFixture("512 × 512 weights", softmax(localScores(512, 5)), {
    ...EN,
    title: "Attention weights, 512 tokens",
    legendTitle: "weight",
    ariaLabel: "Attention weights, 512 queries by 512 keys",
  }),
  heatmapFixture("scores, viridis palette", withMask(randomMatrix(8, 8, 6, 3), causalMask(8)), {
    ...EN,
    kind: "diverging",
    palette: "viridis",
    title: "Scores, viridis",
    legendTitle: "score",
    ariaLabel: "Scores, 8 queries by 8 keys",
  }),
  heatmapFixture("weights, grayscale palette", softmax(randomMatrix(8, 8, 7, 2)), {
    ...EN,
    palette: "grayscale",
    title: "Weights, grayscale",
    legendTitle: "weight",
    ariaLabel: "Weights, 8 queries by 8 keys",
  }),
  flowFixture("flow 2 heads", (width = 640) =>
    flow(FLOW_2_HEADS, {
      queryLabels: SENTENCE,
      keyLabels: SENTENCE,
      queryTitle: "queries",
      keyTitle: "keys",
      headLabels: ["head 1", "head 2"],
      width: Math.min(width, 420),
      ariaLabel: "Attention of 6 queries to 6 keys in 2 heads",
    }),
  ),
  flowFixture("flow vertical, 3 heads", (width = 640) =>
    flow(
      [10, 11, 12].map((seed) => softmax(randomMatrix(6, 6, seed, 2))),
      {
        queryLabels: SENTENCE,
        keyLabels: SENTENCE,
        queryTitle: "queries",
        keyTitle: "keys",
        headLabels: ["head 1", "head 2", "head 3"],
        orientation: "vertical",
        width: Math.min(width, 360),
        highlight: { query: 2 },
        ariaLabel: "Attention of 6 queries to 6 keys in 3 heads",
      },
    ),
  ),
  markupFixture("vectors", (width = 640) =>
    vectorStrips(randomMatrix(6, 16, 13), {
      labels: SENTENCE,
      title: "Q = X·W_Q (one row per query token)",
      highlight: 1,
      width,
      ariaLabel: "Query vectors, 6 tokens by 16 dimensions",
    }),
  ),
  markupFixture(PIXEL_VECTORS, (width = 640) =>
    vectorStrips(PIXEL_VECTORS_MATRIX, {
      labels: Array.from({ length: PIXEL_VECTORS_MATRIX.rows }, (_, i) => `token ${i + 1}`),
      title: "24 tokens × 16 dimensions: past MOST_RECTS cells, on one canvas",
      highlight: 2,
      width,
      ariaLabel: "Vectors of 24 tokens by 16 dimensions",
    }),
  ),
  markupFixture("data table with masked cells", () =>
    dataTable(withMask(randomMatrix(4, 4, 14), causalMask(4)), {
      rowLabels: SENTENCE.slice(0, 4),
      colLabels: SENTENCE.slice(0, 4),
      caption: "Scaled scores",
      rowHeader: "queries \\ keys",
      masked: causalMask(4),
    }),
  ),
];
