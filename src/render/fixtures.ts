/**
 * Named visual fixtures (Observable Plot's habit): each case serves as a unit test (fixtures.test.ts), a
 * Playwright screenshot (e2e/gallery.spec.ts) and a gallery page (/e2e/gallery.html in the dev server).
 * Every number comes from a seeded generator, so all three see the same picture.
 */
import { createRandom } from "../core/random";
import { softmaxRows } from "../core/softmax";
import type { Matrix } from "../core/types";
import { dataTable } from "./dataTable";
import { flow } from "./flow";
import { heatmap } from "./heatmap";
import { vectorStrips } from "./vectors";

export interface Fixture {
  readonly name: string;
  /** `width`: the px available to the view. */
  render(width?: number): Element;
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

export const FIXTURES: readonly Fixture[] = [
  {
    name: "small weights 4×4 with labels",
    render: (width = 640) =>
      heatmap(softmax(randomMatrix(4, 4, 1, 1.5)), {
        ...EN,
        rowLabels: ["the", "cat", "sat", "down"],
        colLabels: ["the", "cat", "sat", "down"],
        title: "Attention weights",
        legendTitle: "weight",
        width,
        ariaLabel: "Attention weights, 4 queries by 4 keys",
      }),
  },
  {
    name: "scores with causal mask (diverging)",
    render: (width = 640) =>
      heatmap(withMask(randomMatrix(6, 6, 2, 2), causalMask(6)), {
        ...EN,
        rowLabels: SENTENCE,
        colLabels: SENTENCE,
        kind: "diverging",
        masked: causalMask(6),
        title: "Scaled scores with a causal mask",
        legendTitle: "score",
        width,
        ariaLabel: "Scaled scores, 6 queries by 6 keys, causal mask",
      }),
  },
  {
    name: "CJK labels 我 爱 猫",
    render: (width = 640) =>
      heatmap(softmax(randomMatrix(3, 3, 3, 1.5)), {
        rowLabels: ["我", "爱", "猫"],
        colLabels: ["我", "爱", "猫"],
        rowTitle: "查询 ↓",
        colTitle: "键 →",
        title: "注意力权重",
        legendTitle: "权重",
        width,
        ariaLabel: "注意力权重，3 个查询 × 3 个键",
      }),
  },
  {
    name: "long labels with a highlight",
    render: (width = 640) =>
      heatmap(softmax(randomMatrix(12, 12, 4, 2)), {
        ...EN,
        rowLabels: LONG,
        colLabels: LONG,
        title: "Attention weights",
        legendTitle: "weight",
        highlight: { row: 3, col: 7 },
        width,
        ariaLabel: "Attention weights, 12 queries by 12 keys",
      }),
  },
  {
    name: "512 × 512 weights",
    render: (width = 640) =>
      heatmap(softmax(localScores(512, 5)), {
        ...EN,
        title: "Attention weights, 512 tokens",
        legendTitle: "weight",
        width,
        ariaLabel: "Attention weights, 512 queries by 512 keys",
      }),
  },
  {
    name: "scores, viridis palette",
    render: (width = 640) =>
      heatmap(withMask(randomMatrix(8, 8, 6, 3), causalMask(8)), {
        ...EN,
        kind: "diverging",
        palette: "viridis",
        title: "Scores, viridis",
        legendTitle: "score",
        width,
        ariaLabel: "Scores, 8 queries by 8 keys",
      }),
  },
  {
    name: "weights, grayscale palette",
    render: (width = 640) =>
      heatmap(softmax(randomMatrix(8, 8, 7, 2)), {
        ...EN,
        palette: "grayscale",
        title: "Weights, grayscale",
        legendTitle: "weight",
        width,
        ariaLabel: "Weights, 8 queries by 8 keys",
      }),
  },
  {
    name: "flow 2 heads",
    render: (width = 640) =>
      flow([softmax(randomMatrix(6, 6, 8, 2)), softmax(randomMatrix(6, 6, 9, 2))], {
        queryLabels: SENTENCE,
        keyLabels: SENTENCE,
        queryTitle: "queries",
        keyTitle: "keys",
        headLabels: ["head 1", "head 2"],
        width: Math.min(width, 420),
        ariaLabel: "Attention of 6 queries to 6 keys in 2 heads",
      }),
  },
  {
    name: "flow vertical, 3 heads",
    render: (width = 640) =>
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
  },
  {
    name: "vectors",
    render: (width = 640) =>
      vectorStrips(randomMatrix(6, 16, 13), {
        labels: SENTENCE,
        title: "Q = X·W_Q (one row per query token)",
        highlight: 1,
        width,
        ariaLabel: "Query vectors, 6 tokens by 16 dimensions",
      }),
  },
  {
    name: "data table with masked cells",
    render: () =>
      dataTable(withMask(randomMatrix(4, 4, 14), causalMask(4)), {
        rowLabels: SENTENCE.slice(0, 4),
        colLabels: SENTENCE.slice(0, 4),
        caption: "Scaled scores",
        rowHeader: "queries \\ keys",
        masked: causalMask(4),
      }),
  },
];
