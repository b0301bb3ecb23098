import { fail, ok, type Result } from "./errors";
import { layer } from "./matrix";
import { message } from "./messages";
import type { AttentionTrace, Floats, Matrix } from "./types";

/**
 * Tiled online softmax, as FlashAttention computes it: the keys of one query row are read in blocks of B,
 * and after each block only three things are kept: the running max m, the running sum ℓ = Σ e^{s_j − m}
 * and the unnormalised output o = Σ e^{s_j − m}·v_j. A new block with a larger max rescales ℓ and o by
 * e^{m_old − m_new}. At the end o/ℓ is the softmax-weighted sum of the values (onlineSoftmax.test.ts).
 *
 * −∞ (masked) scores add nothing. While every score read so far is −∞, m = −∞, ℓ = 0 and o = 0; the rescale
 * factor of such a state is 0 (FlashAttention's convention: e^{−∞ − m} with m taken as 0 when it is −∞), and
 * a row whose keys are all masked ends with ℓ = 0 and the output 0, as the softmax gives it.
 */
export interface OnlineState {
  /** Running max of the scores read so far (−∞ before any visible key). */
  readonly m: number;
  /** Running sum Σ e^{s_j − m}. */
  readonly l: number;
  /** Unnormalised output Σ e^{s_j − m}·v_j, d_v entries. */
  readonly o: Float64Array;
}

/** One block of keys [start, end) read, and the state after it. */
export interface OnlineBlock extends OnlineState {
  readonly start: number;
  readonly end: number;
  /** The max before the block, and e^{m_old − m_new}, by which ℓ and o were multiplied. */
  readonly mOld: number;
  readonly rescale: number;
}

export interface OnlineRow {
  readonly blocks: readonly OnlineBlock[];
  /** o/ℓ after the last block (zero when ℓ = 0). */
  readonly output: Float64Array;
}

/** The state before any key is read. */
export const initialOnlineState = (dV: number): OnlineState => ({
  m: -Infinity,
  l: 0,
  o: new Float64Array(dV),
});

/** e^{m_old − m_new}, 0 when m_old is −∞ (nothing read yet: ℓ and o are 0 anyway). */
export const rescaleFactor = (mOld: number, mNew: number): number =>
  mOld === -Infinity ? 0 : Math.exp(mOld - mNew);

/**
 * One block: the scores s_j and value rows v_j (rows of `values`, [keys, d_v]) of keys start … end − 1.
 * m_new = max(m_old, max_j s_j); ℓ = ℓ·e^{m_old − m_new} + Σ_j e^{s_j − m_new};
 * o = o·e^{m_old − m_new} + Σ_j e^{s_j − m_new}·v_j.
 */
export function onlineSoftmaxBlock(
  state: OnlineState,
  scores: ArrayLike<number>,
  values: Matrix,
  start: number,
  end: number,
): OnlineBlock {
  const dV = values.cols;
  let mNew = state.m;
  for (let j = start; j < end; j++) mNew = Math.max(mNew, scores[j] as number);
  const rescale = rescaleFactor(state.m, mNew);
  // Taking m as 0 while it is −∞ makes every e^{s − m} of a −∞ score exactly 0, never NaN.
  const shift = mNew === -Infinity ? 0 : mNew;
  let l = state.l * rescale;
  const o = state.o.map((x) => x * rescale);
  for (let j = start; j < end; j++) {
    const p = Math.exp((scores[j] as number) - shift);
    if (p === 0) continue;
    l += p;
    for (let c = 0; c < dV; c++) o[c] = (o[c] as number) + p * (values.data[j * dV + c] as number);
  }
  return { start, end, mOld: state.m, rescale, m: mNew, l, o };
}

/** o/ℓ, or zeros when ℓ = 0 (every key masked). */
export function finishOnline(state: OnlineState): Float64Array {
  return state.o.map((x) => (state.l === 0 ? 0 : x / state.l));
}

/** The whole row read in blocks of B keys. */
export function onlineSoftmaxRow(scores: ArrayLike<number>, values: Matrix, blockSize: number): OnlineRow {
  const m = values.rows;
  const blocks: OnlineBlock[] = [];
  let state: OnlineState = initialOnlineState(values.cols);
  for (let start = 0; start < m; start += blockSize) {
    const block = onlineSoftmaxBlock(state, scores, values, start, Math.min(m, start + blockSize));
    blocks.push(block);
    state = block;
  }
  return { blocks, output: finishOnline(state) };
}

/**
 * The block size B, checked: a whole number, at least 1. One larger than the keys is one block of them all,
 * as a tile larger than the sequence is in FlashAttention: a one-token input said its block size of 2 was
 * wrong, a setting its reader had never touched.
 */
export function maybeBlockSize(blockSize: number, keys: number): Result<number> {
  if (!Number.isInteger(blockSize) || blockSize < 1) {
    return fail(message("error.online.blockSize", { value: String(blockSize), keys }), {
      code: "invalid",
      matrix: "block size",
      expected: "a whole number, at least 1",
    });
  }
  return ok(Math.min(blockSize, keys));
}

/**
 * Every query row of every head of a soft-attention trace, tiled in blocks of B, from the masked scores and
 * the values the head read. Stacks, row-major: m and ℓ [h, n, blocks]; o [h, n, blocks, d_v]; output
 * [h, n, d_v], equal to the trace's headOutputs.
 */
export interface OnlineTiling {
  readonly heads: number;
  readonly queries: number;
  readonly blocks: number;
  readonly blockSize: number;
  readonly dV: number;
  readonly m: Floats;
  readonly l: Floats;
  readonly o: Floats;
  readonly output: Floats;
}

/** The float64 tiling of a trace's soft attention. Throws AttentionInputError for a bad B. */
export function onlineTilingReference(trace: AttentionTrace, blockSize: number): OnlineTiling {
  const size = maybeBlockSize(blockSize, trace.keys);
  if (!size.ok) throw size.error;
  const { heads, queries: n, keys, dV } = trace;
  const count = Math.ceil(keys / blockSize);
  const m = new Float64Array(heads * n * count);
  const l = new Float64Array(heads * n * count);
  const o = new Float64Array(heads * n * count * dV);
  const output = new Float64Array(heads * n * dV);
  for (let h = 0; h < heads; h++) {
    const values = headValues(trace, h);
    const scores = layer(trace.masked, h).data;
    for (let i = 0; i < n; i++) {
      const row = onlineSoftmaxRow(scores.subarray(i * keys, (i + 1) * keys), values, blockSize);
      row.blocks.forEach((b, k) => {
        const at = (h * n + i) * count + k;
        m[at] = b.m;
        l[at] = b.l;
        o.set(b.o, at * dV);
      });
      output.set(row.output, (h * n + i) * dV);
    }
  }
  return { heads, queries: n, blocks: count, blockSize, dV, m, l, o, output };
}

/** V of the KV head that query head h read: [keys, d_v]. */
export function headValues(trace: AttentionTrace, h: number): Matrix {
  const kv = trace.kvHeadOf[h] ?? h;
  const { keys, dV } = trace;
  const width = trace.v.cols;
  const data = new Float64Array(keys * dV);
  for (let j = 0; j < keys; j++)
    for (let c = 0; c < dV; c++) data[j * dV + c] = trace.v.data[j * width + kv * dV + c] as number;
  return { rows: keys, cols: dV, data };
}
