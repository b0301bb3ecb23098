import { useEffect } from "react";
import type { Example } from "../../explorer/examples";
import { commandOfKey } from "../../explorer/keys";
import type { Action, ExplorerState } from "../../explorer/state";

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** What the page's keys act on. */
export interface KeyTargets {
  readonly state: ExplorerState;
  readonly lesson: Example | undefined;
  readonly dispatch: (action: Action) => void;
  readonly travel: (type: "undo" | "redo") => void;
  /** Escape: release the locked cell and what is pointed at (and leave presenter mode if nothing was locked). */
  readonly release: () => void;
}

/** The page's keys (keys.ts says which do what), anywhere on the page. */
export function useKeyboard({ state, lesson, dispatch, travel, release }: KeyTargets): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      // Arrows inside a text field or a focused view move the caret or the cell, not the step. PageUp and
      // PageDown (what a presentation clicker sends) move the lesson from anywhere but a text field.
      const page = event.key === "PageDown" || event.key === "PageUp";
      const inField = isTextField(target) || Boolean(target?.closest?.(page ? "dialog" : ".ap-view, dialog"));
      const command = commandOfKey({ ...pick(event), inField }, state, lesson);
      if (!command) return;
      if (command.kind === "release") return release();
      event.preventDefault();
      if (command.kind === "undo" || command.kind === "redo") travel(command.kind);
      else if (command.kind === "action") dispatch(command.action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [state, lesson, dispatch, travel, release]);
}

const pick = ({ key, ctrlKey, metaKey, shiftKey }: KeyboardEvent) => ({ key, ctrlKey, metaKey, shiftKey });
