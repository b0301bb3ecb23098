import type { AttentionTrace, Matrix, Stack } from "../core/types";
import { jsonRows, NULL_NOTE } from "./jsonRows";

function matrixEntry(m: Matrix, rows: string, cols: string) {
  return { shape: [m.rows, m.cols], rows, cols, data: jsonRows(m.data, 0, m.rows, m.cols) };
}

function stackEntry(s: Stack, rows: string, cols: string) {
  return {
    shape: [s.depth, s.rows, s.cols],
    depth: "heads",
    rows,
    cols,
    data: Array.from({ length: s.depth }, (_, h) => jsonRows(s.data, h * s.rows * s.cols, s.rows, s.cols)),
  };
}

/**
 * Every intermediate of a computation as JSON: settings, labels, then each matrix and [heads, queries, keys]
 * stack with its shape and what its axes are, numbers at full precision, −∞ as null (see `note`).
 */
export function traceJson(
  trace: AttentionTrace,
  {
    queryLabels,
    keyLabels,
  }: { readonly queryLabels: readonly string[]; readonly keyLabels: readonly string[] },
): string {
  const t = trace;
  const optional = (name: string, m: Matrix | undefined, rows: string, cols: string) =>
    m ? { [name]: matrixEntry(m, rows, cols) } : {};
  return JSON.stringify({
    format: "attention-playground/trace",
    version: 1,
    note: `Rows are queries and columns are keys in every score and weight matrix; stacks are [heads, rows, cols], row-major. ${NULL_NOTE}.`,
    rows: "queries",
    cols: "keys",
    heads: t.heads,
    queries: t.queries,
    keys: t.keys,
    dK: t.dK,
    dV: t.dV,
    score: t.score,
    temperature: t.temperature,
    divisor: t.divisor,
    mode: t.mode,
    projected: t.projected,
    backend: t.backend,
    precision: t.precision,
    queryLabels: Array.from({ length: t.queries }, (_, i) => queryLabels[i] ?? String(i)),
    keyLabels: Array.from({ length: t.keys }, (_, j) => keyLabels[j] ?? String(j)),
    ...optional("x", t.x, "queries", "d_model"),
    ...optional("xKV", t.xKV, "keys", "d_model"),
    ...optional("positional", t.positional, "queries", "d_model"),
    ...optional("positionalKV", t.positionalKV, "keys", "d_model"),
    q: matrixEntry(t.q, "queries", "heads × d_k"),
    k: matrixEntry(t.k, "keys", "heads × d_k"),
    v: matrixEntry(t.v, "keys", "heads × d_v"),
    mask: {
      shape: [t.queries, t.keys],
      rows: "queries",
      cols: "keys",
      data: jsonRows(t.mask, 0, t.queries, t.keys),
    },
    emptyRows: [...t.emptyRows],
    scores: stackEntry(t.scores, "queries", "keys"),
    scaled: stackEntry(t.scaled, "queries", "keys"),
    masked: stackEntry(t.masked, "queries", "keys"),
    weights: stackEntry(t.weights, "queries", "keys"),
    headOutputs: stackEntry(t.headOutputs, "queries", "d_v"),
    concat: matrixEntry(t.concat, "queries", "heads × d_v"),
    output: matrixEntry(t.output, "queries", "d_out"),
  });
}
