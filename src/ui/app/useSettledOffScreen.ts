import { useEffect, useMemo, useRef, useState } from "react";

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
 *
 * `follow`: show `value` wherever the element is, as if it were on the screen. For a value so large that
 * holding an old one costs more than drawing the new (holds.ts FOLLOW_CELLS). Turned off again, the element
 * shows the newest value until its observer says where it is.
 */
export function useSettledOffScreen<T>(value: T, element: Element | null, margin = "0px", follow = false): T {
  // An element not observed is live (below): followed, it is not observed.
  const node = follow ? null : element;
  /**
   * One time of observing `node`, from when it is given (or stops being followed): where it was before is
   * not where it is, so that an element followed for a while shows the newest value, not one it held before.
   */
  const watch = useMemo(() => node && { node }, [node]);
  /** Whether the element is on the screen, as its observer last said; one not yet observed counts as on it. */
  const [seen, setSeen] = useState<{ readonly watch: { readonly node: Element }; readonly on: boolean }>();
  /** The element, of those `node` has been, that holds the focus. */
  const [focused, setFocused] = useState<Element | null>(null);
  const [shown, setShown] = useState(value);
  /** The value last shown while live: what stays shown when the element leaves the screen. */
  const last = useRef(value);
  const live = watch === null || focused === watch.node || seen?.watch !== watch || seen.on;
  useEffect(() => {
    if (live) last.current = value;
  });
  useEffect(() => {
    if (!watch) return;
    const { node } = watch;
    const leave = () => setShown(last.current);
    const observer =
      typeof IntersectionObserver === "function"
        ? new IntersectionObserver(
            (entries) => {
              const on = entries[entries.length - 1]?.isIntersecting ?? true;
              if (!on) leave();
              setSeen({ watch, on });
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
  }, [watch, margin]);
  useEffect(() => {
    if (live || shown === value) return;
    const timer = setTimeout(() => setShown(value), EDIT_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [live, shown, value]);
  return live ? value : shown;
}
