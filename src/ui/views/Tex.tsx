import katex from "katex";
import "katex/dist/katex.min.css";
import { useLayoutEffect, useRef } from "react";

/**
 * TeX typeset by KaTeX. Only numbers and indices are ever put into the TeX (never token text), and KaTeX
 * escapes what it renders, so nothing a person types can become markup. katex.render builds DOM nodes and
 * sets their styles through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' allows; the
 * HTML of renderToString carries style="…" attributes, which such a policy refuses.
 *
 * A formula off the screen is typeset when it comes near it, or when the page is idle: while τ is scrubbed
 * a formula two screens down (the online softmax's, at step 6) cost 5 ms of every edit's frame here. Its
 * `data-tex` is always the newest.
 */
export function Tex({ tex, display = false, testId }: { tex: string; display?: boolean; testId?: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    const typeset = () =>
      katex.render(tex, node, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
    if (nearScreen.get(node) === false) later(node, typeset);
    else typeset();
  }, [tex, display]);
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    watch(node);
    return () => forget(node);
  }, []);
  return <span ref={ref} className="ap-tex" data-testid={testId} data-tex={tex} />;
}

/** Whether a formula is within a screen of the viewport, as last observed; unknown until then (typeset). */
const nearScreen = new WeakMap<Element, boolean>();
/** Typesetting put off until the formula comes near the screen, or the page is idle. */
const waiting = new Map<Element, () => void>();
/** At the latest this long after an edit, an off-screen formula is typeset anyway. */
const IDLE_TIMEOUT_MS = 1000;
let scheduled = false;
let observer: IntersectionObserver | undefined;

function watch(node: Element): void {
  if (typeof IntersectionObserver !== "function") return;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        nearScreen.set(entry.target, entry.isIntersecting);
        if (entry.isIntersecting) runWaiting(entry.target);
      }
    },
    { rootMargin: "100% 0px" },
  );
  observer.observe(node);
}

function forget(node: Element): void {
  observer?.unobserve(node);
  waiting.delete(node);
}

function runWaiting(node: Element): void {
  const typeset = waiting.get(node);
  waiting.delete(node);
  typeset?.();
}

function later(node: Element, typeset: () => void): void {
  waiting.set(node, typeset);
  if (scheduled) return;
  scheduled = true;
  const runAll = () => {
    scheduled = false;
    for (const node of [...waiting.keys()]) runWaiting(node);
  };
  // Safari has no requestIdleCallback: a timer then.
  if (typeof requestIdleCallback === "function") requestIdleCallback(runAll, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(runAll, IDLE_TIMEOUT_MS / 4);
}
