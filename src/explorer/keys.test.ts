import { describe, expect, it } from "vitest";
import { exampleById } from "./examples";
import { commandOfKey, type KeyPress } from "./keys";
import { createInitialState } from "./state";
import { editKey, mergesWith, MERGE_MS } from "./undoSteps";

const press = (key: string, patch: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  inField: false,
  ...patch,
});
const state = { ...createInitialState(), step: 4 };

describe("commandOfKey", () => {
  it("Ctrl/⌘+Z undoes, with Shift redoes, Ctrl+Y redoes, even in a text field", () => {
    expect(commandOfKey(press("z", { ctrlKey: true, inField: true }), state, undefined)).toEqual({
      kind: "undo",
    });
    expect(commandOfKey(press("Z", { metaKey: true, shiftKey: true }), state, undefined)).toEqual({
      kind: "redo",
    });
    expect(commandOfKey(press("y", { ctrlKey: true }), state, undefined)).toEqual({ kind: "redo" });
  });

  it("arrows and PageUp/PageDown step, but not in a text field", () => {
    const step = (key: string) => commandOfKey(press(key), state, undefined);
    expect(step("ArrowRight")).toEqual({ kind: "action", action: { type: "setStep", step: 5 } });
    expect(step("PageUp")).toEqual({ kind: "action", action: { type: "setStep", step: 3 } });
    expect(commandOfKey(press("ArrowLeft", { inField: true }), state, undefined)).toBeUndefined();
    expect(step("a")).toBeUndefined();
    expect(step("Escape")).toEqual({ kind: "release" });
  });

  it("in a lesson the arrows move through its stops, and one past the last ends it", () => {
    const lesson = exampleById("five-values")!;
    const last = lesson.stops.length - 1;
    const at = (stop: number) => ({ ...state, lesson: { example: lesson.id, stop } });
    expect(commandOfKey(press("PageDown"), at(0), lesson)).toMatchObject({
      kind: "action",
      action: { type: "showStop", lesson: { example: lesson.id, stop: 1 }, step: lesson.stops[1]!.step },
    });
    expect(commandOfKey(press("ArrowRight"), at(last), lesson)).toEqual({
      kind: "action",
      action: { type: "setLesson", lesson: { example: lesson.id, stop: last + 1 } },
    });
    expect(commandOfKey(press("ArrowLeft"), at(0), lesson)).toEqual({ kind: "none" });
  });
});

describe("undo steps", () => {
  it("the same edit within MERGE_MS merges; another edit, or a later one, does not", () => {
    const key = editKey({ type: "setMatrix", name: "q", cells: [] });
    expect(key).toBe("setMatrix:q");
    expect(mergesWith({ key, at: 1000 }, key, 1000 + MERGE_MS - 1)).toBe(true);
    expect(mergesWith({ key, at: 1000 }, key, 1000 + MERGE_MS)).toBe(false);
    expect(mergesWith({ key, at: 1000 }, editKey({ type: "setMatrix", name: "k", cells: [] }), 1001)).toBe(
      false,
    );
  });
});
