// @vitest-environment happy-dom
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EDIT_PAUSE_MS } from "../app/useSettledOffScreen";
import { testRoot } from "../test-helpers";
import { MIN_INTERVAL_MS, Tex } from "./Tex";

// KaTeX refuses the test document (quirks mode); what is typeset when is the question here, not how.
vi.mock("katex", () => ({
  default: {
    render: (tex: string, node: Element, options?: { displayMode?: boolean }) => {
      node.textContent = `typeset ${tex}`;
      node.setAttribute("data-display-mode", String(options?.displayMode === true));
    },
  },
}));

/** The formula's IntersectionObserver, driven by the test: whether it is near the screen. */
let observed: ((entries: { isIntersecting: boolean }[]) => void) | undefined;
let margin: string | undefined;
class FakeObserver {
  constructor(callback: (entries: { isIntersecting: boolean }[]) => void, options?: { rootMargin?: string }) {
    observed = callback;
    margin = options?.rootMargin;
  }
  observe() {}
  disconnect() {}
}

const mounted = testRoot();

beforeEach(() => {
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The TeX typeset last. */
const typeset = () =>
  mounted.container.querySelector('[data-testid="f"]')?.textContent?.replace("typeset ", "");

describe("Tex", () => {
  it("sets a worked computation a statement a line, with the TeX on the element as given", () => {
    const tex = "a = \\frac{1}{2},\\quad m = \\max_k s_k = 3;\\quad a = 0.5";
    act(() => mounted.root.render(<Tex tex={tex} layout="statements" testId="f" />));
    expect(typeset()).toBe(
      "\\displaystyle a = \\frac{1}{2},\\newline\\displaystyle m = \\max_k s_k = 3;\\newline\\displaystyle a = 0.5",
    );
    expect(mounted.container.querySelector('[data-testid="f"]')?.getAttribute("data-tex")).toBe(tex);
  });

  it("wraps a panel's formula only where it must: run on in display style, not display math, no line ended", () => {
    // Display math never breaks (RoPE's rotation ran 13 px past its panel at 1440 px); inline math breaks after
    // a top-level relation only where the line is full.
    const tex = "\\text{B}_1:\\; m = 3,\\quad \\ell = 2";
    act(() => mounted.root.render(<Tex tex={tex} layout="wrap" testId="f" />));
    expect(typeset()).toBe("\\displaystyle \\text{B}_1:\\; m = 3,\\quad \\ell = 2");
    const node = mounted.container.querySelector('[data-testid="f"]')!;
    expect(node.getAttribute("data-display-mode")).toBe("false");
    act(() => vi.advanceTimersByTime(MIN_INTERVAL_MS));
    act(() => mounted.root.render(<Tex tex={tex} layout="display" testId="f" />));
    expect(typeset()).toBe(tex);
    expect(node.getAttribute("data-display-mode")).toBe("true");
  });

  it("typesets at once on screen, and off screen when it comes on screen or the edits pause", () => {
    act(() => mounted.root.render(<Tex tex="x = 1" testId="f" />));
    expect(typeset()).toBe("x = 1");
    const node = mounted.container.querySelector('[data-testid="f"]')!;
    // Near means within a quarter of a screen.
    expect(margin).toBe("25% 0px");

    act(() => observed?.([{ isIntersecting: false }]));
    act(() => mounted.root.render(<Tex tex="x = 2" testId="f" />));
    // Off screen: the newest TeX is on the element, the typesetting waits for the edits to pause.
    expect(node.getAttribute("data-tex")).toBe("x = 2");
    act(() => vi.advanceTimersByTime(EDIT_PAUSE_MS - 10));
    act(() => mounted.root.render(<Tex tex="x = 2.5" testId="f" />));
    act(() => vi.advanceTimersByTime(EDIT_PAUSE_MS - 1));
    // Not paused yet: "x = 2" is never typeset.
    expect(typeset()).toBe("x = 1");
    // EDIT_PAUSE_MS after the last change: the newest.
    act(() => vi.advanceTimersByTime(1));
    expect(typeset()).toBe("x = 2.5");

    act(() => vi.advanceTimersByTime(MIN_INTERVAL_MS));
    act(() => mounted.root.render(<Tex tex="x = 3" testId="f" />));
    expect(typeset()).toBe("x = 2.5");
    act(() => observed?.([{ isIntersecting: true }]));
    expect(typeset()).toBe("x = 3");
    // Back on screen: typeset at once again, after a pause.
    act(() => vi.advanceTimersByTime(MIN_INTERVAL_MS));
    act(() => mounted.root.render(<Tex tex="x = 4" testId="f" />));
    expect(typeset()).toBe("x = 4");
  });

  it("on screen, typesets the first change at once and then at most every MIN_INTERVAL_MS, the newest", () => {
    expect(MIN_INTERVAL_MS).toBe(100);
    act(() => mounted.root.render(<Tex tex="a" testId="f" />));
    const node = mounted.container.querySelector('[data-testid="f"]')!;
    act(() => observed?.([{ isIntersecting: true }]));
    act(() => vi.advanceTimersByTime(500));
    // A scrub: a change every 16 ms, as at 60 Hz.
    act(() => mounted.root.render(<Tex tex="b" testId="f" />));
    expect(typeset()).toBe("b");
    act(() => vi.advanceTimersByTime(16));
    act(() => mounted.root.render(<Tex tex="c" testId="f" />));
    act(() => vi.advanceTimersByTime(16));
    act(() => mounted.root.render(<Tex tex="d" testId="f" />));
    expect(node.getAttribute("data-tex")).toBe("d");
    expect(typeset()).toBe("b");
    // 100 ms after "b": the newest, "d"; "c" is never typeset.
    act(() => vi.advanceTimersByTime(67));
    expect(typeset()).toBe("b");
    act(() => vi.advanceTimersByTime(1));
    expect(typeset()).toBe("d");
    // The scrub goes on: "e" waits until 100 ms after "d", and is then typeset on its own (the last edit).
    act(() => vi.advanceTimersByTime(50));
    act(() => mounted.root.render(<Tex tex="e" testId="f" />));
    expect(typeset()).toBe("d");
    act(() => vi.advanceTimersByTime(50));
    expect(typeset()).toBe("e");
    // A formula that goes off the screen while it waits gets what it had when it left ("f"), and then waits
    // for the edits to pause ("g").
    act(() => vi.advanceTimersByTime(10));
    act(() => mounted.root.render(<Tex tex="f" testId="f" />));
    act(() => observed?.([{ isIntersecting: false }]));
    act(() => mounted.root.render(<Tex tex="g" testId="f" />));
    act(() => vi.advanceTimersByTime(200));
    expect(typeset()).toBe("f");
    act(() => observed?.([{ isIntersecting: true }]));
    expect(typeset()).toBe("g");
  });
});
