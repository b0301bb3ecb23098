import katex from "katex";
import "katex/dist/katex.min.css";
import { useLayoutEffect, useRef } from "react";
import { EDIT_PAUSE_MS } from "../app/useSettledOffScreen";

/**
 * TeX typeset by KaTeX. Only numbers and indices are ever put into the TeX (never token text), and KaTeX
 * escapes what it renders, so nothing a person types can become markup. katex.render builds DOM nodes and
 * sets their styles through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' allows; the
 * HTML of renderToString carries style="…" attributes, which such a policy refuses.
 *
 * A formula off the screen is typeset when it comes near it (NEAR_MARGIN), or once the edits pause and the
 * page is idle: while τ is scrubbed a formula below the views (the online softmax's, at step 6) cost 5 ms of every
 * edit's frame here. Its `data-tex` is always the newest.
 *
 * A formula on the screen is typeset at most every MIN_INTERVAL_MS: while τ is scrubbed at 60 edits a second,
 * each new typesetting replaced about 600 nodes and cost the frame that showed the edit's views about 5 ms
 * (KaTeX, then style, layout and paint: trace at 512 tokens). Numbers that change 60 times a second cannot
 * be read; ten times a second they still follow the hand. The first change after a pause is typeset at once,
 * and the last one of a scrub always is.
 */
export function Tex({ tex, display = false, testId }: { tex: string; display?: boolean; testId?: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    const typeset = () => {
      typesetAt.set(node, performance.now());
      katex.render(tex, node, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
    };
    // Only the newest typesetting waits, whichever way it waits.
    if (onScreen.get(node) === false) {
      unthrottle(node);
      later(node, typeset);
    } else {
      waiting.delete(node);
      soon(node, typeset);
    }
  }, [tex, display]);
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    watch(node);
    return () => forget(node);
  }, []);
  return <span ref={ref} className="ap-tex" data-testid={testId} data-tex={tex} />;
}

/** Whether a formula is on the screen (or within NEAR_MARGIN of it), as last observed; unknown until then. */
const onScreen = new WeakMap<Element, boolean>();
/**
 * The screen and a quarter of one beyond each edge. Typesetting is slow (17 ms for the online softmax's
 * formula), so a formula a short scroll away is typeset before it is seen. With a whole screen of margin,
 * that formula below the views was typeset ten times a second while τ was scrubbed, seen by nobody (at 512
 * tokens, 3 ms of every edit of the page's main thread here).
 */
const NEAR_MARGIN = "25% 0px";
/** Typesetting put off until the formula comes on the screen, or the edits pause. */
const waiting = new Map<Element, () => void>();
/**
 * Off-screen formulas are typeset once no formula has changed for EDIT_PAUSE_MS, when the page is next idle
 * (at the latest IDLE_TIMEOUT_MS later). Idle alone is not a pause: at 512 tokens the page is idle between
 * the edits of a scrub, and a formula below the views was typeset at nearly every edit.
 */
const IDLE_TIMEOUT_MS = 1000;
let pause: ReturnType<typeof setTimeout> | undefined;
let idle: number | undefined;
let observer: IntersectionObserver | undefined;

function watch(node: Element): void {
  if (typeof IntersectionObserver !== "function") return;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        onScreen.set(entry.target, entry.isIntersecting);
        if (entry.isIntersecting) runWaiting(entry.target);
      }
    },
    { rootMargin: NEAR_MARGIN },
  );
  observer.observe(node);
}

function forget(node: Element): void {
  observer?.unobserve(node);
  waiting.delete(node);
  unthrottle(node);
}

/** A formula on the screen is typeset at most this often (see Tex). */
export const MIN_INTERVAL_MS = 100;
/** When each formula was last typeset (performance.now()). */
const typesetAt = new WeakMap<Element, number>();
/** The newest typesetting of a formula typeset too recently, and the timer that will run it. */
const throttled = new Map<Element, { typeset: () => void; timer: ReturnType<typeof setTimeout> }>();

function unthrottle(node: Element): void {
  clearTimeout(throttled.get(node)?.timer);
  throttled.delete(node);
}

/** Typesets now, or, within MIN_INTERVAL_MS of the last typesetting, once that interval is over. */
function soon(node: Element, typeset: () => void): void {
  const since = performance.now() - (typesetAt.get(node) ?? -Infinity);
  const pending = throttled.get(node);
  if (since >= MIN_INTERVAL_MS && !pending) return typeset();
  if (pending) {
    pending.typeset = typeset;
    return;
  }
  const timer = setTimeout(() => {
    const newest = throttled.get(node);
    throttled.delete(node);
    newest?.typeset();
  }, MIN_INTERVAL_MS - since);
  throttled.set(node, { typeset, timer });
}

function runWaiting(node: Element): void {
  const typeset = waiting.get(node);
  waiting.delete(node);
  typeset?.();
}

function later(node: Element, typeset: () => void): void {
  waiting.set(node, typeset);
  clearTimeout(pause);
  if (idle !== undefined) cancelIdleCallback(idle);
  idle = undefined;
  pause = setTimeout(() => {
    // Safari has no requestIdleCallback: the pause is enough there.
    if (typeof requestIdleCallback !== "function") return runAll();
    idle = requestIdleCallback(
      () => {
        idle = undefined;
        runAll();
      },
      { timeout: IDLE_TIMEOUT_MS },
    );
  }, EDIT_PAUSE_MS);
}

function runAll(): void {
  for (const node of [...waiting.keys()]) runWaiting(node);
}
