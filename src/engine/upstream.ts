import type * as tf from "@tensorflow/tfjs-core";
import type { AttentionProblem } from "../core/problem";
import { sameValue } from "../core/same";

/**
 * The tensors of a computation up to the raw scores: Q, K, V, RoPE's rotations, and the scores stack (one
 * [h, n, m] tensor, or one [n, m] per head). Rows are queries, columns are keys.
 */
export interface UpstreamTensors {
  readonly q: tf.Tensor2D;
  readonly k: tf.Tensor2D;
  readonly v: tf.Tensor2D;
  readonly qRotated?: tf.Tensor2D | undefined;
  readonly kRotated?: tf.Tensor2D | undefined;
  readonly scores: readonly tf.Tensor[];
}

/**
 * The fields of a problem that act after the raw scores: τ and the divisor, ALiBi's bias, the mask, hard or
 * soft, W_O. Every other field is compared (sameUpstream), so a field added later invalidates by default.
 */
const AFTER_SCORES = new Set<string>([
  "temperature",
  "divisor",
  "alibiSlopes",
  "mask",
  "anyMasked",
  "emptyRows",
  "mode",
  "wo",
]);

/**
 * Whether two problems have the same Q, K, V and raw scores: equal in every field that comes before the
 * scores, numbers compared with ===.
 */
export function sameUpstream(a: AttentionProblem, b: AttentionProblem): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (AFTER_SCORES.has(key)) continue;
    if (!sameValue((a as never)[key], (b as never)[key])) return false;
  }
  return true;
}

interface Kept {
  /** The problem the tensors were computed for, without its mask (n·m bytes that the comparison skips). */
  readonly problem: AttentionProblem;
  readonly backend: tf.KernelBackend;
  readonly layout: string;
  readonly tensors: UpstreamTensors;
  /** Computations using the tensors now: they are freed only when none is (computations can overlap on a GPU). */
  users: number;
  /** Replaced: freed once its last user is done. */
  retired: boolean;
}

/**
 * One engine's last computation's upstream tensors, kept on its backend for the next computation. An edit of
 * τ, the mask, hard or soft, ALiBi or W_O (scrubbing τ is the explorer's commonest edit) then starts from
 * the scores: at 512 tokens, 4 heads, on wasm here, that skips the projections and Q·Kᵀ, and the worker's
 * time per edit of a τ scrub fell from 16–18.5 ms to 11–13 (bench-explorer). Holds at most one set: a
 * computation of other inputs frees it before it computes, so the most memory in use is what it was
 * without the cache. Measuring a backend keeps nothing (traceOnBackend without a cache).
 */
export interface UpstreamCache {
  /** The kept tensors for `problem` on `backend` (the instance: a backend made again has none), if they match; else frees them. */
  take(problem: AttentionProblem, backend: tf.KernelBackend, layout: string): UpstreamTensors | undefined;
  /** Keeps the tensors of a computation that found none to take, in place of any kept before. */
  keep(problem: AttentionProblem, backend: tf.KernelBackend, layout: string, tensors: UpstreamTensors): void;
  /** The computation that took or kept `tensors` is done with them (it must not free them itself). */
  release(tensors: UpstreamTensors): void;
}

export function createUpstreamCache(): UpstreamCache {
  let current: Kept | undefined;
  /** Every set still in use or kept, by its tensors. */
  const live = new Map<UpstreamTensors, Kept>();

  const free = (kept: Kept) => {
    live.delete(kept.tensors);
    for (const t of tensorsOf(kept.tensors)) {
      try {
        t.dispose();
      } catch {
        // A lost device can refuse to free; its memory went with it.
      }
    }
  };
  const retire = (kept: Kept) => {
    if (current === kept) current = undefined;
    kept.retired = true;
    if (kept.users === 0) free(kept);
  };

  return {
    take(problem, backend, layout) {
      const kept = current;
      if (!kept) return undefined;
      if (kept.backend === backend && kept.layout === layout && sameUpstream(kept.problem, problem)) {
        kept.users++;
        return kept.tensors;
      }
      retire(kept);
      return undefined;
    },
    keep(problem, backend, layout, tensors) {
      if (current) retire(current);
      current = {
        problem: { ...problem, mask: new Uint8Array(0) },
        backend,
        layout,
        tensors,
        users: 1,
        retired: false,
      };
      live.set(tensors, current);
    },
    release(tensors) {
      const kept = live.get(tensors);
      if (!kept) return;
      kept.users--;
      if (kept.retired && kept.users === 0) free(kept);
    },
  };
}

/** The distinct tensors of a set (a rotation can be the tensor it rotates). */
export function tensorsOf(t: UpstreamTensors): tf.Tensor[] {
  return [
    ...new Set([
      t.q,
      t.k,
      t.v,
      ...(t.qRotated ? [t.qRotated] : []),
      ...(t.kRotated ? [t.kRotated] : []),
      ...t.scores,
    ]),
  ];
}
