// @vitest-environment happy-dom
import { act, useEffect } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { testRoot } from "../test-helpers";
import type { Action } from "../../explorer/state";
import { PLAY_MS, usePlay } from "./usePlay";

const mounted = testRoot();
let controls: [boolean, (on: boolean) => void];

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function Player({ step, dispatch }: { step: number; dispatch: (action: Action) => void }) {
  const played = usePlay(step, dispatch);
  // Handed to the test after each render, as a page's buttons would read them.
  useEffect(() => {
    controls = played;
  });
  return null;
}

/** The hook at `step`: the test renders it again at the step play dispatched, as the page does. */
const render = (step: number, dispatch: (action: Action) => void) =>
  act(() => mounted.root.render(<Player step={step} dispatch={dispatch} />));

describe("usePlay", () => {
  it("steps once per PLAY_MS while playing, and not at all once paused", () => {
    const steps: number[] = [];
    let step = 1;
    const dispatch = (action: Action) => {
      if (action.type === "setStep") steps.push((step = action.step));
    };
    render(step, dispatch);
    act(() => controls[1](true));
    act(() => vi.advanceTimersByTime(PLAY_MS - 1));
    expect(steps).toEqual([]);
    act(() => vi.advanceTimersByTime(1));
    expect(steps).toEqual([2]);
    render(step, dispatch);
    act(() => vi.advanceTimersByTime(PLAY_MS));
    expect(steps).toEqual([2, 3]);
    render(step, dispatch);
    act(() => controls[1](false));
    act(() => vi.advanceTimersByTime(10 * PLAY_MS));
    expect(steps).toEqual([2, 3]);
    expect(controls[0]).toBe(false);
  });

  it("stops by itself at the last step", () => {
    const dispatch = vi.fn<(action: Action) => void>();
    render(8, dispatch);
    act(() => controls[1](true));
    act(() => vi.advanceTimersByTime(PLAY_MS));
    expect(dispatch).not.toHaveBeenCalled();
    expect(controls[0]).toBe(false);
  });
});
