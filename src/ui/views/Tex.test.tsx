// @vitest-environment happy-dom
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { testRoot } from "../test-helpers";

// KaTeX refuses the test document (quirks mode); what is typeset when is the question here, not how.
vi.mock("katex", () => ({
  default: {
    render: (tex: string, node: Element) => {
      node.textContent = `typeset ${tex}`;
    },
  },
}));

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

const mounted = testRoot();
let idle: (() => void) | undefined;

beforeEach(() => {
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  vi.stubGlobal("requestIdleCallback", (run: () => void) => {
    idle = run;
    return 1;
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  idle = undefined;
});

/** The TeX typeset last. */
const typeset = () =>
  mounted.container.querySelector('[data-testid="f"]')?.textContent?.replace("typeset ", "");

describe("Tex", () => {
  it("typesets at once on screen, and off screen when it comes near or the page is idle", async () => {
    // Imported after the stubs: the module makes its observer on first use.
    const { Tex } = await import("./Tex");
    act(() => mounted.root.render(<Tex tex="x = 1" testId="f" />));
    expect(typeset()).toBe("x = 1");
    const node = mounted.container.querySelector('[data-testid="f"]')!;

    act(() => observed?.([{ target: node, isIntersecting: false }]));
    act(() => mounted.root.render(<Tex tex="x = 2" testId="f" />));
    // Off screen: the newest TeX is on the element, the typesetting waits.
    expect(node.getAttribute("data-tex")).toBe("x = 2");
    expect(typeset()).toBe("x = 1");
    act(() => idle?.());
    expect(typeset()).toBe("x = 2");

    act(() => mounted.root.render(<Tex tex="x = 3" testId="f" />));
    expect(typeset()).toBe("x = 2");
    act(() => observed?.([{ target: node, isIntersecting: true }]));
    expect(typeset()).toBe("x = 3");
    // Back on screen: typeset at once again.
    act(() => mounted.root.render(<Tex tex="x = 4" testId="f" />));
    expect(typeset()).toBe("x = 4");
  });
});
