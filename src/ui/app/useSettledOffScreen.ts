import { useEffect, useState } from "react";

/**
 * How long no edit must come before what is off the screen catches up: a scrub's edits come every 16–40 ms,
 * a person's separate edits much further apart.
 */
export const EDIT_PAUSE_MS = 250;

/**
 * What an element shows of `value`: `value` itself while the element is on the screen (or not yet observed,
 * or not there); off it, the value it had when it was last on the screen, until `value` has not changed for
 * EDIT_PAUSE_MS. While τ is scrubbed at step 6, the online softmax's panel below the views was rendered,
 * laid out and painted again at every edit, seen by nobody: 3–4 ms of the page's main thread an edit here.
 */
export function useSettledOffScreen<T>(value: T, node: Element | null): T {
  const [onScreen, setOnScreen] = useState(true);
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (!node || typeof IntersectionObserver !== "function") return;
    const observer = new IntersectionObserver((entries) => {
      setOnScreen(entries[entries.length - 1]?.isIntersecting ?? true);
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [node]);
  const live = onScreen || node === null;
  // On the screen, what is shown follows at once (set during the render: React renders again before it
  // commits).
  if (live && shown !== value) setShown(value);
  useEffect(() => {
    if (live || shown === value) return;
    const timer = setTimeout(() => setShown(value), EDIT_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [live, shown, value]);
  return live ? value : shown;
}
