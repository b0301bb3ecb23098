import { useEffect, useRef, useState } from "react";

/**
 * How long no edit must come before what is off the screen catches up: a scrub's edits come every 16–40 ms,
 * a person's separate edits much further apart.
 */
export const EDIT_PAUSE_MS = 250;

/**
 * What an element shows of `value`: `value` itself while the element is on the screen, holds the focus, or is
 * not there or not yet observed; off the screen, the value it showed when it left, until `value` has not
 * changed for EDIT_PAUSE_MS. While τ is scrubbed at step 6, the online softmax's panel below the views was
 * rendered, laid out and painted again at every edit, seen by nobody: 3–4 ms of the page's main thread an
 * edit here. An element with the focus follows at once: a key pressed on its own slider must move it.
 *
 * On the screen means within `margin` of it (an IntersectionObserver rootMargin). With none, an element
 * scrolled in right after a scrub shows its old value for the one frame before its observer says so: a
 * margin spares that for what is slow to draw (formulas), at the cost of drawing what lies within it at
 * every edit. With a quarter screen the online panel, 70 px below the fold at 512 tokens here, was drawn
 * again at every edit.
 *
 * A value that reads a trace's arrays lags with them: hold them (holds.ts, useHeldTrace or useHeldMatrices),
 * or the trace replaced on screen gives them back to its engine while this element still shows them.
 */
export function useSettledOffScreen<T>(value: T, node: Element | null, margin = "0px"): T {
  /** Whether `node` is on the screen, as its observer last said; a node not yet observed counts as on it. */
  const [seen, setSeen] = useState<{ readonly node: Element; readonly on: boolean }>();
  /** The element, of those `node` has been, that holds the focus. */
  const [focused, setFocused] = useState<Element | null>(null);
  const [shown, setShown] = useState(value);
  /** The value last shown while live: what stays shown when the element leaves the screen. */
  const last = useRef(value);
  const live = node === null || focused === node || seen?.node !== node || seen.on;
  useEffect(() => {
    if (live) last.current = value;
  });
  useEffect(() => {
    if (!node) return;
    const leave = () => setShown(last.current);
    const observer =
      typeof IntersectionObserver === "function"
        ? new IntersectionObserver(
            (entries) => {
              const on = entries[entries.length - 1]?.isIntersecting ?? true;
              if (!on) leave();
              setSeen({ node, on });
            },
            { rootMargin: margin },
          )
        : undefined;
    observer?.observe(node);
    const focusIn = () => setFocused(node);
    const focusOut = (event: Event) => {
      if (node.contains((event as FocusEvent).relatedTarget as Node | null)) return;
      leave();
      setFocused(null);
    };
    node.addEventListener("focusin", focusIn);
    node.addEventListener("focusout", focusOut);
    return () => {
      observer?.disconnect();
      node.removeEventListener("focusin", focusIn);
      node.removeEventListener("focusout", focusOut);
    };
  }, [node, margin]);
  useEffect(() => {
    if (live || shown === value) return;
    const timer = setTimeout(() => setShown(value), EDIT_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [live, shown, value]);
  return live ? value : shown;
}
