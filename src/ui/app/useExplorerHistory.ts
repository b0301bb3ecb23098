import { useCallback, useReducer, useRef } from "react";
import { isViewAction, reduceHistory, type Action, type History } from "../../explorer/state";
import { editKey, mergesWith } from "../../explorer/undoSteps";

export interface ExplorerHistory {
  readonly history: History;
  /** An edit (one undo step, or merged into the last: undoSteps.ts) or a change of view (no undo step). */
  readonly dispatch: (action: Action) => void;
  readonly travel: (type: "undo" | "redo" | "reset") => void;
  /** A drag's start and end: everything between is one undo step. */
  readonly gesture: (phase: "begin" | "end") => void;
}

/** The explorer's state with its undo history, starting from `initial`. */
export function useExplorerHistory(initial: History): ExplorerHistory {
  const [history, dispatchHistory] = useReducer(reduceHistory, initial);
  const lastEdit = useRef({ key: "", at: 0 });

  const dispatch = useCallback((action: Action) => {
    if (isViewAction(action)) return dispatchHistory(action);
    // The start of an edit, for the edit → repaint measurement (npm run bench).
    performance.mark("ap:edit");
    const key = editKey(action);
    const now = performance.now();
    const merge = mergesWith(lastEdit.current, key, now);
    lastEdit.current = { key, at: now };
    dispatchHistory(merge ? { type: "merge", action } : action);
  }, []);
  // After undo, redo or reset, the next edit starts a new undo step even if it repeats the last one.
  const travel = useCallback((type: "undo" | "redo" | "reset") => {
    lastEdit.current = { key: "", at: 0 };
    dispatchHistory({ type });
  }, []);
  const gesture = useCallback((phase: "begin" | "end") => {
    lastEdit.current = { key: "", at: 0 };
    dispatchHistory({ type: phase === "begin" ? "beginGesture" : "endGesture" });
  }, []);
  return { history, dispatch, travel, gesture };
}
