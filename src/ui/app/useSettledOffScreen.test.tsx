// @vitest-environment happy-dom
import { act, useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { testRoot } from "../test-helpers";
import { EDIT_PAUSE_MS, useSettledOffScreen } from "./useSettledOffScreen";

/** The observer of the element, driven by the test: whether it is on the screen. */
let seen: ((entries: { isIntersecting: boolean }[]) => void) | undefined;
class FakeObserver {
  constructor(callback: typeof seen) {
    seen = callback;
  }
  observe() {}
  disconnect() {}
}

const mounted = testRoot();
/** Every value the panel rendered, in order. */
let renders: number[] = [];

beforeEach(() => {
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  renders = [];
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function Panel({ value, follow = false }: { value: number; follow?: boolean }) {
  const [node, setNode] = useState<Element | null>(null);
  const shown = useSettledOffScreen(value, node, undefined, follow);
  renders.push(shown);
  return (
    <p ref={setNode}>
      {shown}
      <input data-testid="own" />
    </p>
  );
}

const render = (value: number, follow = false) =>
  act(() => mounted.root.render(<Panel value={value} follow={follow} />));
const text = () => mounted.container.textContent;

describe("useSettledOffScreen", () => {
  it("follows every value on the screen, and off it only once the values pause", () => {
    render(1);
    render(2);
    expect(text()).toBe("2");
    act(() => seen?.([{ isIntersecting: false }]));
    // A scrub: a new value every 30 ms. The element keeps what it showed when it left the screen.
    for (const value of [3, 4, 5]) {
      render(value);
      act(() => vi.advanceTimersByTime(30));
    }
    expect(text()).toBe("2");
    act(() => vi.advanceTimersByTime(EDIT_PAUSE_MS - 31));
    expect(text()).toBe("2");
    // EDIT_PAUSE_MS after the last value: the newest; 3 and 4 were never shown.
    act(() => vi.advanceTimersByTime(1));
    expect(text()).toBe("5");
    expect(renders).not.toContain(3);
    expect(renders).not.toContain(4);
    // Back on the screen, at once.
    render(6);
    expect(text()).toBe("5");
    act(() => seen?.([{ isIntersecting: true }]));
    expect(text()).toBe("6");
    render(7);
    expect(text()).toBe("7");
  });

  it("follows every value while it holds the focus, off the screen too, and holds what it showed after", () => {
    render(1);
    act(() => seen?.([{ isIntersecting: false }]));
    const own = mounted.container.querySelector("input")!;
    // A key pressed on the panel's own input, scrolled away: each press must show at once.
    act(() => own.focus());
    render(2);
    expect(text()).toBe("2");
    render(3);
    expect(text()).toBe("3");
    act(() => own.blur());
    render(4);
    expect(text()).toBe("3");
    act(() => vi.advanceTimersByTime(EDIT_PAUSE_MS));
    expect(text()).toBe("4");
  });

  it("takes a new object at every render without rendering again and again", () => {
    function Boxed({ value }: { value: number }) {
      const [node, setNode] = useState<Element | null>(null);
      const shown = useSettledOffScreen({ value }, node);
      return <p ref={setNode}>{shown.value}</p>;
    }
    act(() => mounted.root.render(<Boxed value={1} />));
    act(() => mounted.root.render(<Boxed value={2} />));
    expect(text()).toBe("2");
    act(() => seen?.([{ isIntersecting: false }]));
    act(() => mounted.root.render(<Boxed value={3} />));
    expect(text()).toBe("2");
    act(() => vi.advanceTimersByTime(EDIT_PAUSE_MS));
    expect(text()).toBe("3");
  });

  it("follows every value off the screen too when told to, and lags again, from the newest, when not", () => {
    render(1);
    act(() => seen?.([{ isIntersecting: false }]));
    render(2);
    expect(text()).toBe("1");
    // A value too large to hold an old one of: each is shown at once, off the screen too.
    render(3, true);
    expect(text()).toBe("3");
    render(4, true);
    expect(text()).toBe("4");
    expect(renders).not.toContain(2);
    // Not followed any more, still off the screen: the newest value stays (not 1, which it held before),
    // and the next ones wait for a pause.
    render(5);
    expect(text()).toBe("5");
    act(() => seen?.([{ isIntersecting: false }]));
    expect(text()).toBe("5");
    render(6);
    expect(text()).toBe("5");
    act(() => vi.advanceTimersByTime(EDIT_PAUSE_MS));
    expect(text()).toBe("6");
  });
});
