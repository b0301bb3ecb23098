import type { Example } from "./examples";
import { stopAction } from "./examples";
import type { Action, ExplorerState } from "./state";

/** A key press as the explorer reads it. */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  /** The key went to a text field, or a view or dialog that uses the arrows itself. */
  readonly inField: boolean;
}

/** What a key asks of the explorer: travel in history, let go (Escape), nothing, or an action. */
export type KeyCommand =
  | { readonly kind: "undo" | "redo" | "release" }
  /** The key is the explorer's but has nothing to do (← at a lesson's first stop). */
  | { readonly kind: "none" }
  | { readonly kind: "action"; readonly action: Action };

/**
 * Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z and Ctrl/⌘+Y redo, Escape lets go, ← → (and PageUp/PageDown, which a
 * presentation clicker sends) step; in a lesson they move through its stops, one past the last ends it.
 * Undefined: the key is not the explorer's (arrows in a text field move the caret).
 */
export function commandOfKey(
  press: KeyPress,
  state: ExplorerState,
  lesson: Example | undefined,
): KeyCommand | undefined {
  const mod = press.ctrlKey || press.metaKey;
  const key = press.key.toLowerCase();
  if (mod && key === "z") return { kind: press.shiftKey ? "redo" : "undo" };
  if (mod && key === "y") return { kind: "redo" };
  if (press.key === "Escape") return { kind: "release" };
  if (press.inField) return undefined;
  const forward = press.key === "ArrowRight" || press.key === "PageDown";
  const back = press.key === "ArrowLeft" || press.key === "PageUp";
  if (!forward && !back) return undefined;
  if (lesson && state.lesson) {
    const to = state.lesson.stop + (forward ? 1 : -1);
    if (to >= 0 && to < lesson.stops.length) return { kind: "action", action: stopAction(state, lesson, to) };
    if (to === lesson.stops.length)
      return { kind: "action", action: { type: "setLesson", lesson: { example: lesson.id, stop: to } } };
    return { kind: "none" };
  }
  return { kind: "action", action: { type: "setStep", step: state.step + (forward ? 1 : -1) } };
}
