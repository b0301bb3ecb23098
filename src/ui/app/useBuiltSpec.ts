import { useMemo } from "react";
import { buildSpec, type BuiltSpec } from "../../explorer/spec";
import type { ExplorerState } from "../../explorer/state";

/**
 * The engine's spec for the inputs of `state` (with `patch` applied: a side-by-side variant), built again
 * only when an input changes: pointing, stepping and theming never recompute.
 */
export function useBuiltSpec(state: ExplorerState, patch?: Partial<ExplorerState>): BuiltSpec {
  const s = patch ? { ...state, ...patch } : state;
  return useMemo(
    () => buildSpec(s),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      s.input,
      s.sequence,
      s.matrices,
      s.score,
      s.temperature,
      s.mask,
      s.heads,
      s.mode,
      // Modern attention's settings that change the spec (not the steppers' block size and decoding step).
      s.modern.rope,
      s.modern.ropeBase,
      s.modern.ropeOffset,
      s.modern.alibi,
      s.modern.kvHeads,
      s.modern.window,
      s.modern.bidirectional,
    ],
  );
}
