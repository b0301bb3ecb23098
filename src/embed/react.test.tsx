// @vitest-environment happy-dom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { readAttributes } from "./attributes";
import { AttentionPlayground } from "./react";
import { say } from "./say";
import { AttentionPlaygroundElement } from "./widget";

// A mounted widget loads the permalink module lazily (its links); loaded here first, so that no import of it is
// still in flight when the test environment is torn down (a cold CI clone once failed the run that way).
beforeAll(async () => {
  await import("../explorer/permalink");
});

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe("AttentionPlayground (React)", () => {
  it("renders <attention-playground> with the props as attributes, matrices as JSON", () => {
    const html = renderToString(
      <AttentionPlayground
        example="five-values"
        step={6}
        view="both"
        head="mean"
        lang="zh-CN"
        tokens={["a", "b"]}
        q={[
          [1, 0],
          [0, 1],
        ]}
        className="figure"
      />,
    );
    expect(html).toContain("<attention-playground");
    expect(html).toContain('example="five-values"');
    expect(html).toContain('step="6"');
    expect(html).toContain('view="both"');
    expect(html).toContain('head="mean"');
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('tokens="[&quot;a&quot;,&quot;b&quot;]"');
    expect(html).toContain('q="[[1,0],[0,1]]"');
    expect(html).toContain('class="figure"');
    expect(html).not.toContain("undefined");
  });

  it("a matrix prop holding NaN or ±Infinity reaches the widget as written, and its message names them", () => {
    const html = renderToString(
      <AttentionPlayground
        q={[
          [NaN, 1],
          [Infinity, -Infinity],
        ]}
        k={[[1e308, -0.5]]}
      />,
    );
    expect(html).toContain('q="[[NaN,1],[Infinity,-Infinity]]"');
    expect(html).toContain('k="[[1e+308,-0.5]]"');
    const errors = readAttributes({ q: "[[NaN,1],[Infinity,-Infinity]]", k: "[[1,0],[0,1]]" }).errors;
    expect(errors.map((e) => say("en", e))).toEqual([
      'Attribute q: Q row 1, column 1: "NaN" is not finite (expected a finite number)',
    ]);
  });

  it("mounts the registered custom element, and new props change its attributes", async () => {
    const container = document.createElement("div");
    document.body.append(container);
    const root = createRoot(container);
    await act(async () => root.render(<AttentionPlayground example="pronoun" step={3} ui="slider" />));
    const element = container.querySelector("attention-playground");
    expect(element).toBeInstanceOf(AttentionPlaygroundElement);
    expect(customElements.get("attention-playground")).toBe(AttentionPlaygroundElement);
    expect(element?.getAttribute("example")).toBe("pronoun");
    expect(element?.getAttribute("step")).toBe("3");
    expect(element?.getAttribute("ui")).toBe("slider");
    await act(async () => root.render(<AttentionPlayground example="pronoun" step={7} />));
    expect(container.querySelector("attention-playground")).toBe(element);
    expect(element?.getAttribute("step")).toBe("7");
    expect(element?.hasAttribute("ui")).toBe(false);
    await act(async () => root.unmount());
    container.remove();
  });
});
