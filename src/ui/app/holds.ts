import { useEffect, useMemo } from "react";
import type { AttentionTrace, Matrix } from "../../core/types";
import { traceBuffers } from "../../engine/pool";

/**
 * Buffers that views on the page read, each with how many views read it. A view that lags behind the screen
 * (useSettledOffScreen: a panel off the screen shows what it showed when it left until the edits pause)
 * reads a trace that was replaced on the screen. Its engine must not take those buffers back meanwhile
 * (useTrace's recycle): moved to the worker they are empty, and a render of the lagging view threw on a
 * detached buffer; the page's engine writes its next trace into them.
 */
const held = new Map<ArrayBufferLike, number>();
/** Replaced traces some of whose buffers are held, each with what gives them back to its engine. */
const waiting = new Map<AttentionTrace, () => void>();

/**
 * The buffers a trace gives back to its engine: its own float32 ones (engine/pool.ts). Its float64 fields
 * may be shared with the next trace (cached embeddings) and never go back: held, they would hold every
 * trace that shares them.
 */
const buffersOf = (trace: AttentionTrace): ArrayBufferLike[] =>
  Object.values(traceBuffers(trace)).map(({ data }) => data.buffer);

const isHeld = (trace: AttentionTrace) => buffersOf(trace).some((buffer) => held.has(buffer));

/**
 * From this many cells a stack (heads × queries × keys: 1,024 tokens in 4 heads), a view off the screen does
 * not lag (useSettledOffScreen's `follow`) and so holds no replaced trace. Its buffers are then given back to
 * the engine as soon as the screen shows the next one, for the engine's next computation: at 4,096 tokens an
 * edit's result came more than EDIT_PAUSE_MS after the last, so the online softmax's panel below the views
 * caught up with each one, holding the trace it replaced until then. The worker, computing the next edit
 * meanwhile, found no buffers to take (engine/pool.ts) and made 4 × 128 MiB anew: 2–9 s an edit instead of
 * 0.3–0.5, since new memory is slow to touch here. Drawing such a view again at every edit costs
 * milliseconds; edits at these sizes come hundreds of milliseconds apart.
 */
export const FOLLOW_CELLS = 2 ** 22;

/** Whether views of `cells` cells a stack follow the screen's values off it too (FOLLOW_CELLS). */
export const followsOffScreen = (cells: number): boolean => cells >= FOLLOW_CELLS;

/** Calls `giveBack` now, or once no view reads any of the trace's buffers. */
export function whenUnread(trace: AttentionTrace, giveBack: () => void): void {
  if (isHeld(trace)) waiting.set(trace, giveBack);
  else giveBack();
}

/** Holds `buffers` while the calling component shows them: until they change, or it unmounts. */
function useHeld(buffers: readonly ArrayBufferLike[]): void {
  useEffect(() => {
    for (const buffer of buffers) held.set(buffer, (held.get(buffer) ?? 0) + 1);
    return () => {
      for (const buffer of buffers) {
        const count = (held.get(buffer) ?? 1) - 1;
        if (count > 0) held.set(buffer, count);
        else held.delete(buffer);
      }
      for (const [trace, giveBack] of waiting)
        if (!isHeld(trace)) {
          waiting.delete(trace);
          giveBack();
        }
    };
  }, [buffers]);
}

/** Holds the buffers of the trace the calling component shows. */
export function useHeldTrace(trace: AttentionTrace): void {
  useHeld(useMemo(() => buffersOf(trace), [trace]));
}

/** Holds the buffers under the matrices the calling component shows (views into a trace's stacks). */
export function useHeldMatrices(matrices: readonly Matrix[]): void {
  useHeld(useMemo(() => [...new Set(matrices.map((m) => m.data.buffer))], [matrices]));
}
