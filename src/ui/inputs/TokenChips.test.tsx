// @vitest-environment happy-dom
import { act, useLayoutEffect, useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { testRoot } from "../test-helpers";
import { TokenChips } from "./TokenChips";

const mounted = testRoot();

/** Called after each commit of the host, while it is set (a layout effect: before the commit's passive effects). */
let onCommit: (() => void) | undefined;
/** Draws the host again, with the same tokens: a render that the chips take part in. */
let redraw: () => void = () => {};

/** The chips over tokens of their own, as the explorer keeps them. */
function Host({ initial }: { initial: string[] }) {
  const [tokens, setTokens] = useState(initial);
  const [, setTick] = useState(0);
  useLayoutEffect(() => {
    redraw = () => setTick((t) => t + 1);
    onCommit?.();
  });
  return <TokenChips tokens={tokens} onChange={setTokens} label="Tokens" />;
}

const chipText = (i: number) =>
  mounted.container.querySelector<HTMLButtonElement>(`.ap-chip-text[data-index="${i}"]`)!;
const editor = () => mounted.container.querySelector<HTMLInputElement>(".ap-chip-input");
const texts = () => [...mounted.container.querySelectorAll(".ap-chip-text")].map((b) => b.textContent);
const key = (target: Element, name: string) =>
  target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true }));
/** Waits for the tasks React schedules (a render outside act, its passive effects). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

afterEach(() => {
  onCommit = undefined;
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

describe("TokenChips from the keyboard", () => {
  it("Enter in the editor commits the word and gives focus to its chip; × from the keyboard to the next chip", () => {
    act(() => mounted.root.render(<Host initial={["the", "cat", "sat"]} />));
    act(() => chipText(1).click());
    expect(document.activeElement).toBe(editor());
    editor()!.value = "dog";
    act(() => {
      key(editor()!, "Enter");
    });
    expect(editor()).toBeNull();
    expect(texts()).toEqual(["1 the", "2 dog", "3 sat"]);
    expect(document.activeElement).toBe(chipText(1));
    // × pressed from the keyboard (a click of detail 0): the chip after it takes its place, and focus.
    const remove = mounted.container.querySelectorAll<HTMLButtonElement>(
      '[aria-label="Delete token dog"]',
    )[0]!;
    act(() => {
      remove.dispatchEvent(new MouseEvent("click", { bubbles: true, detail: 0 }));
    });
    expect(texts()).toEqual(["1 the", "2 sat"]);
    expect(document.activeElement).toBe(chipText(1));
    // The last chip deleted: focus goes to the one before it.
    const last = mounted.container.querySelector<HTMLButtonElement>('[aria-label="Delete token sat"]')!;
    act(() => {
      last.dispatchEvent(new MouseEvent("click", { bubbles: true, detail: 0 }));
    });
    expect(texts()).toEqual(["1 the"]);
    expect(document.activeElement).toBe(chipText(0));
    // A later render, with nothing asked of the keyboard, leaves focus where it is.
    act(() => document.body.focus());
    act(() => redraw());
    expect(document.activeElement).not.toBe(chipText(0));
  });

  it("on a busy page, Enter pressed while an earlier render's effects wait still gives focus to the chip", async () => {
    act(() => mounted.root.render(<Host initial={["the", "cat", "sat"]} />));
    act(() => chipText(1).click());
    expect(document.activeElement).toBe(editor());
    editor()!.value = "dog";
    // Outside act, as in the browser: a render of the chips (new numbers measured, a result arriving) is
    // committed, and Enter comes before that commit's passive effects have run. In CI the page was busy enough
    // for this to happen, and focus went to the page.
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    let pressed = false;
    onCommit = () =>
      queueMicrotask(() => {
        if (pressed || !editor()) return;
        pressed = true;
        key(editor()!, "Enter");
      });
    setTimeout(() => redraw(), 0);
    await settle();
    expect(pressed).toBe(true);
    expect(editor()).toBeNull();
    expect(texts()).toEqual(["1 the", "2 dog", "3 sat"]);
    expect(document.activeElement).toBe(chipText(1));
  });
});
