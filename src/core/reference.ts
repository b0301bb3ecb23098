import { alibiBias } from "./alibi";
import { createMatrix, layer, matMul, sliceColumns } from "./matrix";
import { overflowError } from "./overflow";
import { maybeProblem, traceFromProblem, type AttentionProblem } from "./problem";
import { applyRope } from "./rope";
import { hardmaxRows, softmaxRows } from "./softmax";
import type { AttentionSpec, AttentionTrace, Matrix, Stack } from "./types";

/**
 * The float64 reference: plain TypeScript, no tfjs. The tests hold every backend to it, and the
 * explorer uses it as the "exact" mode for small teaching examples.
 * Throws AttentionInputError when the spec is wrong (see maybeProblem for a non-throwing check),
 * or when the scores overflow (see overflowError).
 */
export function attentionReference(spec: AttentionSpec): AttentionTrace {
  const problem = maybeProblem(spec);
  if (!problem.ok) throw problem.error;
  return referenceTrace(problem.value);
}

export function referenceTrace(p: AttentionProblem): AttentionTrace {
  const { queries: n, keys: m, heads, dK, dV } = p;
  const { q, k, v } = projections(p);
  // RoPE rotates q and k per head after the projection; the scores are made from the rotated vectors.
  const qRotated = p.rope ? applyRope(q, dK, p.rope) : undefined;
  const kRotated = p.rope ? applyRope(k, dK, p.rope) : undefined;
  const slopes = p.alibiSlopes;
  const stack = (cols: number): Stack => ({
    depth: heads,
    rows: n,
    cols,
    data: new Float64Array(heads * n * cols),
  });
  const scores = stack(m);
  const scaled = stack(m);
  const biased = slopes ? stack(m) : undefined;
  const masked = stack(m);
  const weights = stack(m);
  const headOutputs = stack(dV);
  const concat = createMatrix(n, heads * dV);

  for (let h = 0; h < heads; h++) {
    // Grouped-query: query head h reads key/value head kvHeadOf[h].
    const kv = p.kvHeadOf[h] as number;
    const qh = sliceColumns(qRotated ?? q, h * dK, dK);
    const kh = sliceColumns(kRotated ?? k, kv * dK, dK);
    const vh = sliceColumns(v, kv * dV, dV);
    const s = layer(scores, h);
    s.data.set(headScores(p, h, qh, kh).data);
    const sc = layer(scaled, h).data;
    const ms = layer(masked, h).data;
    for (let i = 0; i < n * m; i++) sc[i] = (s.data[i] as number) / p.divisor;
    let beforeMask = sc;
    if (biased && slopes) {
      // ALiBi: −m_h·|i − j| on the scaled scores, before the mask.
      beforeMask = layer(biased, h).data;
      const slope = slopes[h] as number;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < m; j++)
          beforeMask[i * m + j] = (sc[i * m + j] as number) + alibiBias(slope, i, j);
    }
    for (let i = 0; i < n * m; i++) ms[i] = p.mask[i] === 1 ? -Infinity : (beforeMask[i] as number);
    const w = layer(weights, h);
    (p.mode === "hard" ? hardmaxRows : softmaxRows)(ms, n, m, w.data);
    const out = matMul(w, vh);
    layer(headOutputs, h).data.set(out.data);
    for (let i = 0; i < n; i++)
      concat.data.set(out.data.subarray(i * dV, (i + 1) * dV), i * heads * dV + h * dV);
  }

  const overflow = overflowError(scaled);
  if (overflow) throw overflow;

  return {
    ...traceFromProblem(p),
    q,
    k,
    v,
    qRotated,
    kRotated,
    scores,
    scaled,
    biased,
    masked,
    weights,
    headOutputs,
    concat,
    output: p.wo ? matMul(concat, p.wo) : concat,
    backend: "reference",
    precision: "float64",
  };
}

export function projections(p: AttentionProblem): { q: Matrix; k: Matrix; v: Matrix } {
  if (p.given) return p.given;
  const e = p.embedded as NonNullable<AttentionProblem["embedded"]>;
  const xKV = e.xKV ?? e.x;
  return { q: matMul(e.x, e.wq), k: matMul(xKV, e.wk), v: matMul(xKV, e.wv) };
}

/** Raw scores of head h, [n, m]: rows are queries, columns are keys. */
export function headScores(p: AttentionProblem, h: number, qh: Matrix, kh: Matrix): Matrix {
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
          s +=
            (params.v.data[c] as number) *
            Math.tanh((a.data[i * dA + c] as number) + (b.data[j * dA + c] as number));
        }
        out.data[i * m + j] = s;
      }
    }
    return out;
  }
  // Cosine is the dot product of unit vectors; normalising first keeps tiny and huge entries exact.
  const left =
    p.score === "general" ? matMul(qh, p.general?.[h] as Matrix) : p.score === "cosine" ? unitRows(qh) : qh;
  const right = p.score === "cosine" ? unitRows(kh) : kh;
  const d = right.cols;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (left.data[i * d + c] as number) * (right.data[j * d + c] as number);
      out.data[i * m + j] = s;
    }
  }
  return out;
}

/** Each row divided by its length; a zero row has no direction and stays zero, so its cosine with anything is 0. */
function unitRows(a: Matrix): Matrix {
  const out = createMatrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    const row = a.data.subarray(i * a.cols, (i + 1) * a.cols);
    // Scale by the largest entry before squaring, so that 1e-200² does not underflow to 0.
    let max = 0;
    for (const x of row) max = Math.max(max, Math.abs(x));
    if (max === 0) continue;
    let sum = 0;
    for (const x of row) sum += (x / max) ** 2;
    const length = max * Math.sqrt(sum);
    for (let c = 0; c < a.cols; c++) out.data[i * a.cols + c] = (row[c] as number) / length;
  }
  return out;
}
