// @vitest-environment happy-dom
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// KaTeX refuses the test document (quirks mode); what is typeset when is the question here, not how.
vi.mock("katex", () => ({
  default: {
    render: (tex: string, node: Element) => {
      node.textContent = `typeset ${tex}`;
    },
  },
}));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The page's one IntersectionObserver, driven by the test: which formulas are near the screen. */
let observed: ((entries: { target: Element; isIntersecting: boolean }[]) => void) | undefined;
class FakeObserver {
  constructor(callback: (entries: { target: Element; isIntersecting: boolean }[]) => void) {
    observed = callback;
  }
  observe() {}
  unobserve() {}
  disconnect() {}
}

let container: HTMLDivElement;
let root: Root;
let idle: (() => void) | undefined;

beforeEach(() => {
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  vi.stubGlobal("requestIdleCallback", (run: () => void) => {
    idle = run;
    return 1;
  });
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
  idle = undefined;
});

/** The TeX typeset last. */
const typeset = () => container.querySelector('[data-testid="f"]')?.textContent?.replace("typeset ", "");

describe("Tex", () => {
  it("typesets at once on screen, and off screen when it comes near or the page is idle", async () => {
    // Imported after the stubs: the module makes its observer on first use.
    const { Tex } = await import("./Tex");
    act(() => root.render(<Tex tex="x = 1" testId="f" />));
    expect(typeset()).toBe("x = 1");
    const node = container.querySelector('[data-testid="f"]')!;

    act(() => observed?.([{ target: node, isIntersecting: false }]));
    act(() => root.render(<Tex tex="x = 2" testId="f" />));
    // Off screen: the newest TeX is on the element, the typesetting waits.
    expect(node.getAttribute("data-tex")).toBe("x = 2");
    expect(typeset()).toBe("x = 1");
    act(() => idle?.());
    expect(typeset()).toBe("x = 2");

    act(() => root.render(<Tex tex="x = 3" testId="f" />));
    expect(typeset()).toBe("x = 2");
    act(() => observed?.([{ target: node, isIntersecting: true }]));
    expect(typeset()).toBe("x = 3");
    // Back on screen: typeset at once again.
    act(() => root.render(<Tex tex="x = 4" testId="f" />));
    expect(typeset()).toBe("x = 4");
  });
});
