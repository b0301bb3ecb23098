import * as tf from "@tensorflow/tfjs-core";
import { traceFromProblem, type AttentionProblem } from "../core/problem";
import type { AttentionTrace, Matrix } from "../core/types";
import { switchBackend } from "./backends";
import { alibiTensor, ropeTensor } from "./modern";
import type { BufferPool } from "./pool";
import type { BackendName } from "./names";
import { tensorsOf, type UpstreamCache, type UpstreamTensors } from "./upstream";
import { heapOf } from "./wasmHeap";

/**
 * How a backend multiplies the per-head stacks fastest (bench: scripts/bench.mjs, and the note below).
 * "batched": one [h, …] product with K transposed inside the kernel, which GPU shaders do by indexing.
 * "per-head": one 2-D product per head with Kᵀ made once. tfjs-wasm hands only un-transposed, batch-1
 * products to XNNPACK; Q·Kᵀ with transposeB, or any batch of h > 1, runs a scalar loop 3–6× slower.
 */
export type HeadLayout = "batched" | "per-head";

export function headLayout(backend: string): HeadLayout {
  return backend === "wasm" ? "per-head" : "batched";
}

/**
 * A stack [h, rows, cols] as tensors: one [h, rows, cols] tensor (batched), or h tensors [rows, cols]
 * (per head), downloaded into one buffer in head order.
 */
type StackTensors = readonly tf.Tensor[];

/** The trace's tensors. Shapes as in AttentionTrace; `masked` is not here: it is `scaled` with −∞ written in. */
interface TraceTensors {
  q: tf.Tensor2D;
  k: tf.Tensor2D;
  v: tf.Tensor2D;
  scores: StackTensors;
  scaled: StackTensors;
  weights: StackTensors;
  headOutputs: StackTensors;
  concat: tf.Tensor2D;
  output: tf.Tensor2D;
  /** Only with RoPE: q and k after the rotation [n, h·d_k]. */
  qRotated?: tf.Tensor2D;
  kRotated?: tf.Tensor2D;
  /** Only with ALiBi: the scaled scores plus the bias. */
  biased?: StackTensors;
}

/** [n, h·d] → [h, n, d]: head i takes columns i·d … (i+1)·d − 1. */
const splitHeads = (x: tf.Tensor2D, heads: number): tf.Tensor3D =>
  tf.transpose(tf.reshape(x, [x.shape[0], heads, x.shape[1] / heads]), [1, 0, 2]);

/** Head i of [n, h·d]: columns i·d … (i+1)·d − 1, as [n, d]. */
const headColumns = (x: tf.Tensor2D, heads: number, i: number): tf.Tensor2D => {
  if (heads === 1) return x;
  const d = x.shape[1] / heads;
  return tf.slice(x, [0, i * d], [x.shape[0], d]);
};

/** Head i of Kᵀ [h·d, m]: rows i·d … (i+1)·d − 1, contiguous, as [d, m]. */
const headRows = (x: tf.Tensor2D, heads: number, i: number): tf.Tensor2D => {
  if (heads === 1) return x;
  const d = x.shape[0] / heads;
  return tf.slice(x, [i * d, 0], [d, x.shape[1]]);
};

type Upload = (m: Matrix) => tf.Tensor2D;
/** A tensor [rows, cols] of the values `write` puts in the buffer it is given (it writes every element). */
type Make = (rows: number, cols: number, write: (buffer: Float32Array) => void) => tf.Tensor2D;

/**
 * Tensors made through the pool's warm buffers where the backend copies a tensor's values into its own
 * memory at once (wasm's heap): the buffer goes straight back to the pool. A new array each time cost more
 * than the product it feeds (first touches: ~5 ms per MiB here; Q, K and V at n = 1024 are 0.75 MiB, the
 * mask's addend at n = 512 1 MiB). Elsewhere (cpu keeps the array itself, WebGL uploads it later) each
 * tensor gets an array of its own.
 */
function maker(pool?: BufferPool): Make {
  const warm = pool && heapOf(tf.backend()) ? pool : undefined;
  return (rows, cols, write) => {
    const buffer = warm?.take(rows * cols) ?? new Float32Array(rows * cols);
    write(buffer);
    const tensor = tf.tensor2d(buffer, [rows, cols]);
    warm?.giveBuffer(buffer);
    return tensor;
  };
}

/**
 * A float32 copy of a matrix as a tensor, made through `make`. A typed array's `set` converts in one native
 * pass; Float32Array.from walks an iterator (1.5 ms per 64 k floats here).
 */
const uploadWith =
  (make: Make): Upload =>
  (m) =>
    make(m.rows, m.cols, (buffer) => buffer.set(m.data));

/** A float32 copy of a matrix as a tensor, in an array of its own. */
export const upload: Upload = uploadWith(maker());

/**
 * Q, K, V, RoPE's rotations and the raw scores on the current tfjs backend (rows are queries, columns are
 * keys). Call inside tf.tidy.
 */
function buildUpstream(p: AttentionProblem, layout: HeadLayout, upload: Upload): UpstreamTensors {
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
  const kHeads = kvForQueryHeads(kRotated ?? k, p, p.dK);
  const scores = headScoreStack(p, layout, qRotated ?? q, kHeads, upload);
  return { q, k, v, qRotated, kRotated, scores };
}

const upstreamOf = ({ q, k, v, qRotated, kRotated, scores }: TraceTensors): UpstreamTensors => ({
  q,
  k,
  v,
  qRotated,
  kRotated,
  scores,
});

/**
 * Builds every intermediate on the current tfjs backend, from `kept` (the same problem's upstream tensors,
 * upstream.ts) where given. Call inside tf.tidy.
 */
function buildTensors(
  p: AttentionProblem,
  layout: HeadLayout,
  make: Make,
  kept?: UpstreamTensors,
): TraceTensors {
  const { queries: n, keys: m, heads } = p;
  const upload = uploadWith(make);
  const { q, k, v, qRotated, kRotated, scores } = kept ?? buildUpstream(p, layout, upload);
  const vHeads = kvForQueryHeads(v, p, p.dV);
  // Divided only when the divisor is not 1 (dot, τ = 1): then `scaled` is `scores`, downloaded once.
  const scaled = p.divisor === 1 ? scores : scores.map((s) => tf.div(s, p.divisor));
  // ALiBi: the bias [h, n, m] is added to the scaled scores, before the mask.
  const bias = p.alibiSlopes ? alibiTensor(p.alibiSlopes, n, m) : undefined;
  const biased = bias
    ? layout === "batched"
      ? [tf.add(scaled[0] as tf.Tensor, bias)]
      : tf.unstack(bias).map((b, i) => tf.add(scaled[i] as tf.Tensor, b))
    : undefined;
  const beforeMask = biased ?? scaled;

  // The mask is added, −∞ where masked and 0 elsewhere, broadcast over heads: an addition is one fast
  // elementwise pass on every backend, where `where` with broadcasting was 4× slower on wasm (bench).
  const hasEmpty = p.emptyRows.length > 0;
  const visible = hasEmpty ? tf.tensor2d(visibleRowFlags(p), [n, 1]) : undefined;
  const zeroEmpty = (w: tf.Tensor) => (visible ? tf.mul(w, visible) : w);

  let weights: StackTensors;
  if (p.mode === "hard") {
    // argMax of an all −∞ row is key 0: such rows are zeroed below. tf.oneHot refuses a depth of 1, and with
    // one key that key is every row's maximum: all ones (parity case "hard attention, one key").
    const addend = p.anyMasked ? maskAddend(p, false, make) : undefined;
    weights = beforeMask.map((s) => {
      const masked = addend ? tf.add(s, addend) : s;
      return zeroEmpty(
        m === 1 ? tf.onesLike(masked) : tf.cast(tf.oneHot(tf.argMax(masked, -1), m), "float32"),
      );
    });
  } else {
    // Softmax of a row that is all −∞ is NaN: those rows go in unmasked (softmax is then uniform) and are
    // zeroed below. Elsewhere exp(−∞) = 0 gives masked keys exactly zero weight.
    const addend = p.anyMasked ? maskAddend(p, true, make) : undefined;
    weights = beforeMask.map((s) => zeroEmpty(tf.softmax(addend ? tf.add(s, addend) : s)));
  }

  let headOutputs: StackTensors;
  let concat: tf.Tensor2D;
  if (layout === "batched") {
    const out: tf.Tensor3D = tf.matMul(weights[0] as tf.Tensor3D, splitHeads(vHeads, heads));
    headOutputs = [out];
    concat = tf.reshape(tf.transpose(out, [1, 0, 2]), [n, heads * p.dV]) as tf.Tensor2D;
  } else {
    headOutputs = weights.map((w, i) => tf.matMul(w as tf.Tensor2D, headColumns(vHeads, heads, i)));
    concat = heads === 1 ? (headOutputs[0] as tf.Tensor2D) : tf.concat(headOutputs as tf.Tensor2D[], 1);
  }
  const output: tf.Tensor2D = p.wo ? tf.matMul(concat, upload(p.wo)) : concat;
  const modern = { ...(qRotated && kRotated ? { qRotated, kRotated } : {}), ...(biased ? { biased } : {}) };
  return { q, k, v, scores, scaled, weights, headOutputs, concat, output, ...modern };
}

/**
 * Grouped-query heads: x [rows, h_kv·d] as [rows, h·d], query head i's columns holding KV head kvHeadOf[i]'s.
 * Unchanged when every query head has its own KV head.
 */
function kvForQueryHeads(x: tf.Tensor2D, p: AttentionProblem, d: number): tf.Tensor2D {
  const { heads, kvHeadOf } = p;
  if (p.kvHeads === heads && kvHeadOf.every((g, i) => g === i)) return x;
  const rows = x.shape[0];
  return tf.concat(
    kvHeadOf.map((g) => tf.slice(x, [0, g * d], [rows, d])),
    1,
  );
}

/** Raw scores [h, n, m] of per-head stacks qh [h, n, d_k] and kh [h, m, d_k] (the KV cache's decoding steps). */
export function headScores(p: AttentionProblem, qh: tf.Tensor3D, kh: tf.Tensor3D): tf.Tensor {
  const join = (x: tf.Tensor3D) => tf.reshape(tf.transpose(x, [1, 0, 2]), [x.shape[1], -1]) as tf.Tensor2D;
  return headScoreStack(p, "batched", join(qh), join(kh), upload)[0] as tf.Tensor;
}

/** [n, m]: −∞ where the key is masked, 0 where visible; with `spareEmptyRows`, rows with no visible key stay 0. */
function maskAddend(p: AttentionProblem, spareEmptyRows: boolean, make: Make): tf.Tensor2D {
  const { queries: n, keys: m, mask } = p;
  return make(n, m, (addend) => {
    const runs = maskedRuns(mask);
    if (runs) {
      addend.fill(0);
      for (let r = 0; r < runs.length; r += 2) addend.fill(-Infinity, runs[r]!, runs[r + 1]!);
    } else for (let k = 0; k < n * m; k++) addend[k] = mask[k] === 1 ? -Infinity : 0;
    if (spareEmptyRows) for (const row of p.emptyRows) addend.fill(0, row * m, (row + 1) * m);
  });
}

const runsOfMask = new WeakMap<Uint8Array, Int32Array | null>();

/**
 * The masked cells of `mask` as runs [start, end) of flat indices, when they form few enough runs to be
 * written with `fill` (64, or one per 16 cells): a causal mask is one run per row, a padding mask fewer.
 * Undefined for a scattered mask, which is written cell by cell. Found with indexOf, which scans natively:
 * at 4,096 tokens the loops over the cells took 96 ms (the addend) and 57 ms (the masked scores) an edit.
 */
function maskedRuns(mask: Uint8Array): Int32Array | undefined {
  let runs = runsOfMask.get(mask);
  if (runs === undefined) {
    const most = Math.max(64, Math.ceil(mask.length / 16)) * 2;
    const found: number[] = [];
    for (let start = mask.indexOf(1); start >= 0 && found.length < most;) {
      const end = mask.indexOf(0, start);
      found.push(start, end < 0 ? mask.length : end);
      start = end < 0 ? -1 : mask.indexOf(1, end);
    }
    runs = found.length < most ? Int32Array.from(found) : null;
    runsOfMask.set(mask, runs);
  }
  return runs ?? undefined;
}

/** [n]: 1 for a query that sees at least one key, 0 for one whose keys are all masked. */
function visibleRowFlags(p: AttentionProblem): Float32Array {
  const flags = new Float32Array(p.queries).fill(1);
  for (const row of p.emptyRows) flags[row] = 0;
  return flags;
}

/** Raw scores [h, n, m]: rows are queries, columns are keys. q [n, h·d_k], k [m, h·d_k]. */
function headScoreStack(
  p: AttentionProblem,
  layout: HeadLayout,
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  upload: Upload,
): StackTensors {
  const { heads, queries: n, keys: m } = p;
  if (p.score === "additive") {
    const qh = splitHeads(q, heads);
    const kh = splitHeads(k, heads);
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
    const scores = tf.reshape(tf.matMul(tf.reshape(t, [heads, n * m, dA]), vT), [heads, n, m]);
    return layout === "batched" ? [scores] : tf.unstack(scores);
  }
  if (p.score === "cosine") [q, k] = [unitHeadRows(q, heads), unitHeadRows(k, heads)];
  const general = p.score === "general" ? (p.general ?? []).map(upload) : undefined;
  let dots: tf.Tensor[];
  if (layout === "batched") {
    const qh = splitHeads(q, heads);
    const left = general ? tf.matMul(qh, tf.stack(general)) : qh;
    dots = [tf.matMul(left, splitHeads(k, heads), false, true)];
  } else {
    // Kᵀ once, [h·d_k, m]: each head's rows are then contiguous and its product un-transposed.
    const kT = tf.transpose(k);
    dots = Array.from({ length: heads }, (_, i) => {
      const qi = headColumns(q, heads, i);
      const left = general ? tf.matMul(qi, general[i] as tf.Tensor2D) : qi;
      return tf.matMul(left, headRows(kT, heads, i));
    });
  }
  return dots;
}

/**
 * [rows, h·d] with each head's row scaled to length 1, as the reference's unitRows: divided by its largest
 * |entry| first, so that squares of 1e-23 do not underflow float32 to 0 (parity case "cosine of tiny vectors").
 * A zero vector has no direction and stays zero, so its cosine with anything is 0 (divNoNan gives 0 for 0/0).
 */
function unitHeadRows(x: tf.Tensor2D, heads: number): tf.Tensor2D {
  const [rows, width] = x.shape;
  const x3 = tf.reshape(x, [rows, heads, width / heads]);
  const scaled = tf.divNoNan(x3, tf.max(tf.abs(x3), 2, true));
  return tf.reshape(tf.divNoNan(scaled, tf.norm(scaled, "euclidean", 2, true)), [rows, width]);
}

type Four = [Float32Array, Float32Array, Float32Array, Float32Array];
type Five = [...Four, Float32Array];

/** Downloads each tensor, and each stack of heads, once, however many intermediates it stands for. */
interface Downloads {
  one(t: tf.Tensor): Promise<Float32Array>;
  /** A stack's data in one buffer, head after head: a batched tensor's own download, or the heads' joined. */
  stack(parts: StackTensors): Promise<Float32Array>;
  /** Arrays made on the way that are not part of the trace: they can serve the next one. */
  readonly spare: Float32Array[];
}

/**
 * On wasm, with a pool, a tensor is copied from the heap into a recycled buffer (warm memory, pool.ts says
 * why) instead of a new array, and each head of a stack straight into its place in the stack's buffer: a
 * download of each head first made 2 × 3 new 64 MiB arrays an edit at 4,096 tokens, 2 heads (1.9 s of the
 * 2.8 s the engine took here, touching new memory). Elsewhere each head is downloaded, then joined.
 */
function downloads(pool?: BufferPool): Downloads {
  const tensors = new Map<tf.Tensor, Promise<Float32Array>>();
  const stacks = new Map<StackTensors, Promise<Float32Array>>();
  const heap = pool && heapOf(tf.backend());
  const spare: Float32Array[] = [];
  const fromHeap = heap ? (t: tf.Tensor) => heap.typedArrayFromHeap(t) as Float32Array : undefined;
  const one = (t: tf.Tensor) => {
    let data = tensors.get(t);
    if (!data) {
      const target = fromHeap && t.dtype === "float32" ? pool!.take(t.size) : undefined;
      data = target ? Promise.resolve(fill(target, fromHeap!(t))) : t.data<"float32">();
      tensors.set(t, data);
    }
    return data;
  };
  const join = async (parts: StackTensors) => {
    const joined = blank(
      parts.reduce((sum, t) => sum + t.size, 0),
      pool,
    );
    const data = fromHeap ? parts.map(fromHeap) : await Promise.all(parts.map(one));
    let offset = 0;
    for (const d of data) {
      joined.set(d, offset);
      offset += d.length;
    }
    if (!fromHeap) spare.push(...data);
    return joined;
  };
  const stack = (parts: StackTensors) => {
    if (parts.length === 1) return one(parts[0] as tf.Tensor);
    let data = stacks.get(parts);
    if (!data) {
      data = join(parts);
      stacks.set(parts, data);
    }
    return data;
  };
  return { one, stack, spare };
}

const fill = (target: Float32Array, from: Float32Array): Float32Array => {
  target.set(from);
  return target;
};

/** A new buffer of `length` floats, or a recycled one: every element is written by the caller. */
const blank = (length: number, pool?: BufferPool) => pool?.take(length) ?? new Float32Array(length);

/** `masked` from `scaled` without a download: the same values, −∞ where the mask hides a key. */
function maskedFrom(p: AttentionProblem, scaled: Float32Array, pool?: BufferPool): Float32Array {
  if (!p.anyMasked) return scaled;
  const masked = blank(scaled.length, pool);
  const { mask } = p;
  const cells = p.queries * p.keys;
  const runs = maskedRuns(mask);
  if (runs) {
    masked.set(scaled);
    for (let at = 0; at < masked.length; at += cells)
      for (let r = 0; r < runs.length; r += 2) masked.fill(-Infinity, at + runs[r]!, at + runs[r + 1]!);
    return masked;
  }
  // One pass per head: a list of the hidden cells, built anew each time, cost 5 ms at 512 tokens here.
  for (let h = 0, at = 0; h < p.heads; h++)
    for (let c = 0; c < cells; c++, at++) masked[at] = mask[c] === 1 ? -Infinity : (scaled[at] as number);
  return masked;
}

/**
 * Runs the problem on the tfjs backend `name` and downloads every intermediate.
 * `interrupt` rejects the download early (e.g. when the GPU device is lost mid-way).
 * With `upstream`, starts from the last problem's Q, K, V and raw scores when they are the same, and keeps
 * this one's for the next (upstream.ts); without it (measuring a backend), computes everything.
 * All other tensors are disposed, whatever happens.
 */
export async function traceOnBackend(
  p: AttentionProblem,
  name: BackendName,
  interrupt?: Promise<never>,
  pool?: BufferPool,
  upstream?: UpstreamCache,
): Promise<AttentionTrace> {
  // tfjs has one current backend per page: another engine may have switched it while this one
  // awaited. Checked in the same tick as the tensors are built, so nothing can switch in between.
  for (let attempt = 0; tf.getBackend() !== name; attempt++) await switchBackend(name, attempt);
  const backend = tf.getBackend();
  const layout = headLayout(backend);
  const instance = tf.backend();
  const kept = upstream?.take(p, instance, layout);
  let tensors: TraceTensors;
  try {
    // tidy keeps every tensor of the returned structure (arrays of heads included) and frees the rest.
    tensors = tf.tidy(
      () => buildTensors(p, layout, maker(pool), kept) as unknown as tf.TensorContainer,
    ) as unknown as TraceTensors;
  } catch (error) {
    if (kept) upstream?.release(kept);
    throw error;
  }
  const made = kept ?? upstreamOf(tensors);
  if (upstream && !kept) upstream.keep(p, instance, layout, made);
  // The cache frees the upstream tensors (release, below); this computation frees the rest.
  const spared = new Set(upstream ? tensorsOf(made) : []);
  // The same tensor can stand for two intermediates (scaled = scores when the divisor is 1, output =
  // concat without W_O, a single head's output = concat): `downloads` fetches each once.
  const owned = [
    tensors.q,
    tensors.k,
    tensors.v,
    ...tensors.scores,
    ...tensors.scaled,
    ...tensors.weights,
    ...tensors.headOutputs,
    tensors.concat,
    tensors.output,
    ...(tensors.qRotated && tensors.kRotated ? [tensors.qRotated, tensors.kRotated] : []),
    ...(tensors.biased ?? []),
  ];
  const unique = [...new Set(owned)];
  try {
    const fetch = downloads(pool);
    const all = Promise.all([
      Promise.all([tensors.q, tensors.k, tensors.v, tensors.concat, tensors.output].map(fetch.one)),
      Promise.all([tensors.scores, tensors.scaled, tensors.weights, tensors.headOutputs].map(fetch.stack)),
      Promise.all([
        tensors.qRotated && fetch.one(tensors.qRotated),
        tensors.kRotated && fetch.one(tensors.kRotated),
        tensors.biased && fetch.stack(tensors.biased),
      ]),
    ]);
    const [[q, k, v, concat, output], [scores, scaled, weights, headOutputs], [qRotated, kRotated, biased]] =
      (await (interrupt ? Promise.race([all, interrupt]) : all)) as unknown as [
        Five,
        Four,
        [Float32Array | undefined, Float32Array | undefined, Float32Array | undefined],
      ];
    const matrix = (t: tf.Tensor2D, data: Float32Array): Matrix => {
      const [rows, cols] = t.shape;
      return { rows, cols, data };
    };
    const { heads: depth, queries: rows, keys: cols, dV } = p;
    const stack = (data: Float32Array, width = cols) => ({ depth, rows, cols: width, data });
    const trace: AttentionTrace = {
      ...traceFromProblem(p),
      q: matrix(tensors.q, q),
      k: matrix(tensors.k, k),
      v: matrix(tensors.v, v),
      scores: stack(scores),
      scaled: stack(scaled),
      masked: stack(maskedFrom(p, biased ?? scaled, pool)),
      weights: stack(weights),
      headOutputs: stack(headOutputs, dV),
      concat: matrix(tensors.concat, concat),
      output: matrix(tensors.output, output),
      ...(tensors.qRotated && tensors.kRotated && qRotated && kRotated
        ? { qRotated: matrix(tensors.qRotated, qRotated), kRotated: matrix(tensors.kRotated, kRotated) }
        : {}),
      ...(biased ? { biased: stack(biased) } : {}),
      backend,
      precision: "float32",
    };
    if (pool) {
      const used = new Set(
        Object.values(trace).map((value) => (value as { data?: unknown } | undefined)?.data),
      );
      for (const data of fetch.spare) if (!used.has(data)) pool.giveBuffer(data);
    }
    return trace;
  } finally {
    for (const t of unique) {
      if (spared.has(t)) continue;
      try {
        t.dispose();
      } catch {
        // A lost device can refuse to free; its memory went with it.
      }
    }
    upstream?.release(made);
  }
}
