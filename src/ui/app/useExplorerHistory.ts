import { useCallback, useLayoutEffect, useReducer, useRef, useState } from "react";
import {
  isViewAction,
  reduceHistory,
  sideEffectOf,
  type Action,
  type History,
  type SideEffect,
} from "../../explorer/state";
import { editKey, mergesWith } from "../../explorer/undoSteps";
import { createStartState } from "../../explorer/examples";
import type { Lang } from "../../i18n/lang";

export interface ExplorerHistory {
  readonly history: History;
  /** An edit (one undo step, or merged into the last: undoSteps.ts) or a change of view (no undo step). */
  readonly dispatch: (action: Action) => void;
  readonly travel: (type: "undo" | "redo" | "reset") => void;
  /** A drag's start and end: everything between is one undo step. */
  readonly gesture: (phase: "begin" | "end") => void;
  /** What the last edit changed besides what it names (switching to Q, K, V by hand sets 1 head), to be said. */
  readonly sideEffect?: SideEffect;
  readonly dismissSideEffect: () => void;
}

/** The explorer's state with its undo history, starting from `initial`; a reset opens the start page in `lang`. */
export function useExplorerHistory(initial: History, lang: Lang = "en"): ExplorerHistory {
  const [history, dispatchHistory] = useReducer(reduceHistory, initial);
  const lastEdit = useRef({ key: "", at: 0 });
  const present = useRef(history.present);
  // The state an edit applies to, for sideEffectOf: the one on screen once it has been committed.
  useLayoutEffect(() => {
    present.current = history.present;
  }, [history.present]);
  const [sideEffect, setSideEffect] = useState<SideEffect>();

  const dispatch = useCallback((action: Action) => {
    if (isViewAction(action)) return dispatchHistory(action);
    setSideEffect(sideEffectOf(present.current, action));
    // The start of an edit, for the edit → repaint measurement (npm run bench).
    performance.mark("ap:edit");
    const key = editKey(action);
    const now = performance.now();
    const merge = mergesWith(lastEdit.current, key, now);
    lastEdit.current = { key, at: now };
    dispatchHistory(merge ? { type: "merge", action } : action);
  }, []);
  // After undo, redo or reset, the next edit starts a new undo step even if it repeats the last one.
  const travel = useCallback(
    (type: "undo" | "redo" | "reset") => {
      lastEdit.current = { key: "", at: 0 };
      setSideEffect(undefined);
      dispatchHistory(type === "reset" ? { type, to: createStartState(undefined, lang) } : { type });
    },
    [lang],
  );
  const gesture = useCallback((phase: "begin" | "end") => {
    lastEdit.current = { key: "", at: 0 };
    dispatchHistory({ type: phase === "begin" ? "beginGesture" : "endGesture" });
  }, []);
  const dismissSideEffect = useCallback(() => setSideEffect(undefined), []);
  return { history, dispatch, travel, gesture, sideEffect, dismissSideEffect };
}
