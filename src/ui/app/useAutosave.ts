import { useEffect } from "react";
import { save } from "../../explorer/persist";
import type { ExplorerState } from "../../explorer/state";

/** Saves the work a moment after the last edit (a drag saves once), and when the page is being left. */
export function useAutosave(state: ExplorerState): void {
  useEffect(() => {
    const timer = setTimeout(() => save(state), 300);
    const leaving = () => save(state);
    window.addEventListener("pagehide", leaving);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("pagehide", leaving);
    };
  }, [state]);
}
