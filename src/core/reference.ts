import { createMatrix, layer, matMul, sliceColumns } from "./matrix";
import { maybeProblem, type AttentionProblem } from "./problem";
import { hardmaxRows, softmaxRows } from "./softmax";
import type { AttentionSpec, AttentionTrace, Matrix, Stack } from "./types";

/**
 * The float64 reference: plain TypeScript, no tfjs. The tests hold every backend to it, and the
 * explorer uses it as the "exact" mode for small teaching examples.
 * Throws AttentionInputError when the spec is wrong (see maybeProblem for a non-throwing check).
 */
export function attentionReference(spec: AttentionSpec): AttentionTrace {
  const problem = maybeProblem(spec);
  if (!problem.ok) throw problem.error;
  return referenceTrace(problem.value);
}

export function referenceTrace(p: AttentionProblem): AttentionTrace {
  const { queries: n, keys: m, heads, dK, dV } = p;
  const { q, k, v } = projections(p);
  const stack = (cols: number): Stack => ({ depth: heads, rows: n, cols, data: new Float64Array(heads * n * cols) });
  const scores = stack(m);
  const scaled = stack(m);
  const masked = stack(m);
  const weights = stack(m);
  const headOutputs = stack(dV);
  const concat = createMatrix(n, heads * dV);

  for (let h = 0; h < heads; h++) {
    const qh = sliceColumns(q, h * dK, dK);
    const kh = sliceColumns(k, h * dK, dK);
    const vh = sliceColumns(v, h * dV, dV);
    const s = layer(scores, h);
    s.data.set(headScores(p, h, qh, kh).data);
    const sc = layer(scaled, h).data;
    const ms = layer(masked, h).data;
    for (let i = 0; i < n * m; i++) {
      sc[i] = (s.data[i] as number) / p.divisor;
      ms[i] = p.mask[i] === 1 ? -Infinity : (sc[i] as number);
    }
    const w = layer(weights, h);
    (p.mode === "hard" ? hardmaxRows : softmaxRows)(ms, n, m, w.data);
    const out = matMul(w, vh);
    layer(headOutputs, h).data.set(out.data);
    for (let i = 0; i < n; i++) concat.data.set(out.data.subarray(i * dV, (i + 1) * dV), i * heads * dV + h * dV);
  }

  return {
    heads,
    queries: n,
    keys: m,
    dK,
    dV,
    score: p.score,
    temperature: p.temperature,
    divisor: p.divisor,
    mode: p.mode,
    x: p.embedded?.x,
    xKV: p.embedded?.xKV,
    positional: p.embedded?.positional,
    positionalKV: p.embedded?.positionalKV,
    q,
    k,
    v,
    mask: p.mask,
    emptyRows: p.emptyRows,
    scores,
    scaled,
    masked,
    weights,
    headOutputs,
    concat,
    output: p.wo ? matMul(concat, p.wo) : concat,
    backend: "reference",
    precision: "float64",
  };
}

function projections(p: AttentionProblem): { q: Matrix; k: Matrix; v: Matrix } {
  if (p.given) return p.given;
  const e = p.embedded as NonNullable<AttentionProblem["embedded"]>;
  const xKV = e.xKV ?? e.x;
  return { q: matMul(e.x, e.wq), k: matMul(xKV, e.wk), v: matMul(xKV, e.wv) };
}

/** Raw scores of head h, [n, m]: rows are queries, columns are keys. */
function headScores(p: AttentionProblem, h: number, qh: Matrix, kh: Matrix): Matrix {
  const n = qh.rows;
  const m = kh.rows;
  const out = createMatrix(n, m);
  if (p.score === "additive") {
    const params = p.additive?.[h] as NonNullable<AttentionProblem["additive"]>[number];
    const a = matMul(qh, params.wq);
    const b = matMul(kh, params.wk);
    const dA = a.cols;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let c = 0; c < dA; c++) {
          s += (params.v.data[c] as number) * Math.tanh((a.data[i * dA + c] as number) + (b.data[j * dA + c] as number));
        }
        out.data[i * m + j] = s;
      }
    }
    return out;
  }
  const left = p.score === "general" ? matMul(qh, p.general?.[h] as Matrix) : qh;
  const d = kh.cols;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (left.data[i * d + c] as number) * (kh.data[j * d + c] as number);
      out.data[i * m + j] = s;
    }
  }
  if (p.score === "cosine") {
    const qNorm = rowNorms(qh);
    const kNorm = rowNorms(kh);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        // A zero vector has no direction: its cosine with anything is defined as 0.
        const denominator = (qNorm[i] as number) * (kNorm[j] as number);
        out.data[i * m + j] = denominator === 0 ? 0 : (out.data[i * m + j] as number) / denominator;
      }
    }
  }
  return out;
}

function rowNorms(a: Matrix): Float64Array {
  const norms = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let c = 0; c < a.cols; c++) s += (a.data[i * a.cols + c] as number) ** 2;
    norms[i] = Math.sqrt(s);
  }
  return norms;
}
