import katex from "katex";
import "katex/dist/katex.min.css";
import { useLayoutEffect, useState } from "react";
import { useSettledOffScreen } from "../app/useSettledOffScreen";

/**
 * TeX typeset by KaTeX. Only numbers and indices are ever put into the TeX (never token text), and KaTeX
 * escapes what it renders, so nothing a person types can become markup. katex.render builds DOM nodes and
 * sets their styles through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' allows; the
 * HTML of renderToString carries style="…" attributes, which such a policy refuses.
 *
 * A formula off the screen is typeset when it comes near it (NEAR_MARGIN), or once its TeX has not changed
 * for EDIT_PAUSE_MS (useSettledOffScreen): while τ is scrubbed a formula below the views (the online
 * softmax's, at step 6) cost 5 ms of every edit's frame here. Its `data-tex` is always the newest.
 *
 * A formula on the screen is typeset at most every MIN_INTERVAL_MS: while τ is scrubbed at 60 edits a second,
 * each new typesetting replaced about 600 nodes and cost the frame that showed the edit's views about 5 ms
 * (KaTeX, then style, layout and paint: trace at 512 tokens). Numbers that change 60 times a second cannot
 * be read; ten times a second they still follow the hand. The first change after a pause is typeset at once,
 * and the last one of a scrub always is.
 */
export function Tex({
  tex,
  layout = "inline",
  testId,
}: {
  tex: string;
  /**
   * - "inline": KaTeX's inline math, in text style.
   * - "display": display math, centred, on one line (a step's formula in its card).
   * - "statements": display style, a statement a line (after ",\quad" or ";\quad", formula.ts's separators),
   *   each broken again after a top-level = or + where it is wider than its box (KaTeX breaks inline math
   *   only): a worked computation is read whole on a phone or a projector, not scrolled sideways past its
   *   result. Run on, "m = max ŝ =" ended one line and its value began the next.
   * - "wrap": display style as inline math, which the browser breaks after a top-level =, + or arrow: one
   *   line where it fits, broken only where it is wider than its box. A modern panel's formula stays one
   *   line on a projector, whose panel is short of height, and wraps on a phone instead of running past the
   *   panel's edge (display math never breaks).
   */
  layout?: "inline" | "display" | "statements" | "wrap";
  testId?: string;
}) {
  const [node, setNode] = useState<HTMLSpanElement | null>(null);
  const settled = useSettledOffScreen(tex, node, NEAR_MARGIN);
  useLayoutEffect(() => {
    if (!node) return;
    soon(node, () => {
      typesetAt.set(node, performance.now());
      const shown =
        layout === "statements"
          ? `\\displaystyle ${settled.replace(STATEMENT_END, "$1\\newline\\displaystyle ")}`
          : layout === "wrap"
            ? `\\displaystyle ${settled}`
            : settled;
      katex.render(shown, node, {
        displayMode: layout === "display",
        throwOnError: false,
        output: "htmlAndMathml",
      });
    });
  }, [node, settled, layout]);
  useLayoutEffect(() => {
    if (node) return () => unthrottle(node);
  }, [node]);
  return <span ref={setNode} className="ap-tex" data-testid={testId} data-tex={tex} />;
}

/** Where one statement of a worked computation ends and the next begins (formula.ts). */
const STATEMENT_END = /([,;])\\quad /g;

/**
 * Near the screen: within a quarter of one beyond each edge. Typesetting is slow (17 ms for the online
 * softmax's formula), so a formula a short scroll away is typeset before it is seen. With a whole screen of
 * margin, that formula below the views was typeset ten times a second while τ was scrubbed, seen by nobody
 * (at 512 tokens, 3 ms of every edit of the page's main thread here).
 */
const NEAR_MARGIN = "25% 0px";

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
