// @vitest-environment happy-dom
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStartState } from "../../explorer/examples";
import { loadSaved, SAVE_KEY } from "../../explorer/persist";
import type { ExplorerState } from "../../explorer/state";
import { testRoot } from "../test-helpers";
import { useAutosave } from "./useAutosave";

const mounted = testRoot();

function Saver({ state }: { state: ExplorerState }) {
  useAutosave(state);
  return null;
}

const render = (state: ExplorerState) => act(() => mounted.root.render(<Saver state={state} />));
const saved = () => loadSaved()?.temperature;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  localStorage.removeItem(SAVE_KEY);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("useAutosave", () => {
  const start = createStartState();
  const at = (temperature: number): ExplorerState => ({ ...start, temperature });

  it("saves once, 300 ms after the last of a run of edits", () => {
    render(at(1.5));
    vi.advanceTimersByTime(200);
    render(at(2));
    vi.advanceTimersByTime(200);
    expect(saved()).toBeUndefined();
    vi.advanceTimersByTime(100);
    expect(saved()).toBe(2);
  });

  it("saves the latest state when the page is left before the pause ends", () => {
    render(at(1.5));
    render(at(2.5));
    window.dispatchEvent(new Event("pagehide"));
    expect(saved()).toBe(2.5);
  });

  it("stops saving once the page's explorer is gone", () => {
    render(at(3));
    act(() => mounted.root.render(null));
    vi.advanceTimersByTime(1000);
    window.dispatchEvent(new Event("pagehide"));
    expect(saved()).toBeUndefined();
  });
});
