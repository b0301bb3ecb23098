import * as tf from "@tensorflow/tfjs-core";
import { traceFromProblem, type AttentionProblem } from "../core/problem";
import type { AttentionTrace, Matrix } from "../core/types";
import { alibiTensor, kvForQueryHeads, ropeTensor } from "./modern";
import type { BackendName } from "./names";

/** The trace's tensors, in the order they are downloaded. Shapes as in AttentionTrace. */
interface TraceTensors {
  q: tf.Tensor;
  k: tf.Tensor;
  v: tf.Tensor;
  scores: tf.Tensor;
  scaled: tf.Tensor;
  masked: tf.Tensor;
  weights: tf.Tensor;
  headOutputs: tf.Tensor;
  concat: tf.Tensor;
  output: tf.Tensor;
  /** Only with RoPE, and with ALiBi. */
  qRotated?: tf.Tensor;
  kRotated?: tf.Tensor;
  biased?: tf.Tensor;
}

const upload = (m: Matrix): tf.Tensor2D => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]);

/** [n, h·d] → [h, n, d]: head i takes columns i·d … (i+1)·d − 1. */
const splitHeads = (x: tf.Tensor2D, heads: number): tf.Tensor3D =>
  tf.transpose(tf.reshape(x, [x.shape[0], heads, x.shape[1] / heads]), [1, 0, 2]);

/** Builds every intermediate on the current tfjs backend. Call inside tf.tidy. */
function buildTensors(p: AttentionProblem): TraceTensors {
  const { queries: n, keys: m, heads } = p;
  let q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D;
  if (p.given) {
    [q, k, v] = [upload(p.given.q), upload(p.given.k), upload(p.given.v)];
  } else {
    const e = p.embedded as NonNullable<AttentionProblem["embedded"]>;
    const x = upload(e.x);
    const xKV = e.xKV ? upload(e.xKV) : x;
    [q, k, v] = [tf.matMul(x, upload(e.wq)), tf.matMul(xKV, upload(e.wk)), tf.matMul(xKV, upload(e.wv))];
  }
  // Modern attention (engine/modern.ts): RoPE rotates q and k per head; grouped-query heads share K and V.
  const qRotated = p.rope ? ropeTensor(q, p.dK, p.rope) : undefined;
  const kRotated = p.rope ? ropeTensor(k, p.dK, p.rope) : undefined;
  const qh = splitHeads(qRotated ?? q, heads);
  const kh = kvForQueryHeads(splitHeads(kRotated ?? k, p.kvHeads), p.kvHeadOf);
  const vh = kvForQueryHeads(splitHeads(v, p.kvHeads), p.kvHeadOf);

  const scores = headScores(p, qh, kh);
  const scaled = tf.div(scores, p.divisor);
  // ALiBi: the bias is added to the scaled scores, before the mask.
  const biased = p.alibiSlopes ? tf.add(scaled, alibiTensor(p.alibiSlopes, n, m)) : undefined;
  const beforeMask = biased ?? scaled;

  // The mask is added, −∞ where masked and 0 elsewhere, broadcast over heads: an addition is one fast
  // elementwise pass on every backend, where `where` with broadcasting was 4× slower on wasm (bench).
  const masked = p.anyMasked ? tf.add(beforeMask, maskAddend(p, false)) : beforeMask;
  const hasEmpty = p.emptyRows.length > 0;

  let weights: tf.Tensor;
  if (p.mode === "hard") {
    // argMax of an all −∞ row is key 0: such rows are zeroed below.
    weights = tf.cast(tf.oneHot(tf.argMax(masked, 2), m), "float32");
  } else {
    // Softmax of a row that is all −∞ is NaN: those rows go in unmasked (softmax is then uniform) and are
    // zeroed below. Elsewhere exp(−∞) = 0 gives masked keys exactly zero weight.
    weights = tf.softmax(hasEmpty ? tf.add(beforeMask, maskAddend(p, true)) : masked);
  }
  if (hasEmpty) weights = tf.mul(weights, tf.tensor2d(visibleRowFlags(p), [n, 1]));

  const headOutputs = tf.matMul(weights, vh);
  const concat = tf.reshape(tf.transpose(headOutputs, [1, 0, 2]), [n, heads * p.dV]);
  const output = p.wo ? tf.matMul(concat, upload(p.wo)) : concat;
  const modern = { ...(qRotated && kRotated ? { qRotated, kRotated } : {}), ...(biased ? { biased } : {}) };
  return { q, k, v, scores, scaled, masked, weights, headOutputs, concat, output, ...modern };
}

/** [n, m]: −∞ where the key is masked, 0 where visible; with `spareEmptyRows`, rows with no visible key stay 0. */
function maskAddend(p: AttentionProblem, spareEmptyRows: boolean): tf.Tensor2D {
  const { queries: n, keys: m, mask } = p;
  const addend = new Float32Array(n * m);
  for (let k = 0; k < n * m; k++) if (mask[k] === 1) addend[k] = -Infinity;
  if (spareEmptyRows) for (const row of p.emptyRows) addend.fill(0, row * m, (row + 1) * m);
  return tf.tensor2d(addend, [n, m]);
}

/** [n]: 1 for a query that sees at least one key, 0 for one whose keys are all masked. */
function visibleRowFlags(p: AttentionProblem): Float32Array {
  const flags = new Float32Array(p.queries).fill(1);
  for (const row of p.emptyRows) flags[row] = 0;
  return flags;
}

/** Raw scores [h, n, m]: rows are queries, columns are keys. */
export function headScores(p: AttentionProblem, qh: tf.Tensor, kh: tf.Tensor): tf.Tensor {
  const { heads, queries: n, keys: m } = p;
  if (p.score === "additive") {
    const params = p.additive ?? [];
    const stack = (pick: (i: number) => Matrix) => tf.stack(params.map((_, i) => upload(pick(i))));
    const a = tf.matMul(
      qh,
      stack((i) => params[i]!.wq),
    ); // [h, n, d_a]
    const b = tf.matMul(
      kh,
      stack((i) => params[i]!.wk),
    ); // [h, m, d_a]
    const dA = a.shape[2] as number;
    const t = tf.tanh(tf.add(tf.expandDims(a, 2), tf.expandDims(b, 1))); // [h, n, m, d_a]
    const vT = tf.reshape(
      stack((i) => params[i]!.v),
      [heads, dA, 1],
    );
    return tf.reshape(tf.matMul(tf.reshape(t, [heads, n * m, dA]), vT), [heads, n, m]);
  }
  const left = p.score === "general" ? tf.matMul(qh, tf.stack((p.general ?? []).map(upload))) : qh;
  const dot = tf.matMul(left, kh, false, true);
  if (p.score !== "cosine") return dot;
  // A zero vector has no direction: its cosine with anything is 0 (divNoNan gives 0 for 0/0).
  const qNorm = tf.norm(qh, "euclidean", 2, true); // [h, n, 1]
  const kNorm = tf.reshape(tf.norm(kh, "euclidean", 2), [heads, 1, m]);
  return tf.divNoNan(dot, tf.mul(qNorm, kNorm));
}

/**
 * Runs the problem on the tfjs backend `name` and downloads every intermediate.
 * `interrupt` rejects the download early (e.g. when the GPU device is lost mid-way).
 * All tensors are disposed, whatever happens.
 */
export async function traceOnBackend(
  p: AttentionProblem,
  name: BackendName,
  interrupt?: Promise<never>,
): Promise<AttentionTrace> {
  // tfjs has one current backend per page: another engine may have switched it while this one
  // awaited. Checked in the same tick as the tensors are built, so nothing can switch in between.
  while (tf.getBackend() !== name) await tf.setBackend(name);
  const backend = tf.getBackend();
  const tensors = tf.tidy(() => buildTensors(p) as unknown as tf.NamedTensorMap) as unknown as TraceTensors;
  // The same tensor can stand for two intermediates (masked = scaled without a mask, output = concat
  // without W_O): download each once, which halves the largest download when there is no mask.
  const unique = [...new Set(Object.values(tensors) as tf.Tensor[])];
  try {
    const downloads = Promise.all(unique.map((t) => t.data<"float32">()));
    const data = (await (interrupt ? Promise.race([downloads, interrupt]) : downloads)) as Float32Array[];
    const get = (tensor: tf.Tensor): Float32Array => data[unique.indexOf(tensor)] as Float32Array;
    const matrix = (name: keyof TraceTensors): Matrix => {
      const tensor = tensors[name] as tf.Tensor;
      const [rows, cols] = tensor.shape as [number, number];
      return { rows, cols, data: get(tensor) };
    };
    const stack = (name: keyof TraceTensors) => {
      const tensor = tensors[name] as tf.Tensor;
      const [depth, rows, cols] = tensor.shape as [number, number, number];
      return { depth, rows, cols, data: get(tensor) };
    };
    return {
      ...traceFromProblem(p),
      q: matrix("q"),
      k: matrix("k"),
      v: matrix("v"),
      scores: stack("scores"),
      scaled: stack("scaled"),
      masked: stack("masked"),
      weights: stack("weights"),
      headOutputs: stack("headOutputs"),
      concat: matrix("concat"),
      output: matrix("output"),
      ...(tensors.qRotated ? { qRotated: matrix("qRotated"), kRotated: matrix("kRotated") } : {}),
      ...(tensors.biased ? { biased: stack("biased") } : {}),
      backend,
      precision: "float32",
    };
  } finally {
    for (const t of unique) {
      try {
        t.dispose();
      } catch {
        // A lost device can refuse to free; its memory went with it.
      }
    }
  }
}
