import katex from "katex";
import "katex/dist/katex.min.css";
import { useLayoutEffect, useRef } from "react";

/**
 * TeX typeset by KaTeX. Only numbers and indices are ever put into the TeX (never token text), and KaTeX
 * escapes what it renders, so nothing a person types can become markup. katex.render builds DOM nodes and
 * sets their styles through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' allows; the
 * HTML of renderToString carries style="…" attributes, which such a policy refuses.
 */
export function Tex({ tex, display = false, testId }: { tex: string; display?: boolean; testId?: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (ref.current)
      katex.render(tex, ref.current, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
  }, [tex, display]);
  return <span ref={ref} className="ap-tex" data-testid={testId} data-tex={tex} />;
}
