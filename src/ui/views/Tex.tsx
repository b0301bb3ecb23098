import katex from "katex";
import "katex/dist/katex.min.css";
import { useMemo } from "react";

/**
 * TeX typeset by KaTeX. Only numbers and indices are ever put into the TeX (never token text), and KaTeX
 * escapes what it renders, so nothing a person types can become markup.
 */
export function Tex({ tex, display = false, testId }: { tex: string; display?: boolean; testId?: string }) {
  const html = useMemo(
    () => katex.renderToString(tex, { displayMode: display, throwOnError: false, output: "htmlAndMathml" }),
    [tex, display],
  );
  return (
    <span className="ap-tex" data-testid={testId} data-tex={tex} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
