import { describe, expect, it } from "vitest";
import { attentionReference } from "../core/reference";
import { tokenize } from "../core/tokenize";
import { buildSpec, projections } from "./spec";
import {
  type Action,
  createHistory,
  createInitialState,
  DEFAULT_KEY_TEXT,
  DEFAULT_TEXT,
  reduce,
  reduceHistory,
  sequenceSizes,
  sideEffectOf,
} from "./state";

describe("the explorer's reducer", () => {
  it("starts on the default texts split into words, as the word tokenizer splits them", () => {
    const { sequence } = createInitialState();
    expect(sequence.text).toBe(DEFAULT_TEXT);
    expect(sequence.tokens).toEqual(tokenize(DEFAULT_TEXT, "words"));
    expect(sequence.keyText).toBe(DEFAULT_KEY_TEXT);
    expect(sequence.keyTokens).toEqual(tokenize(DEFAULT_KEY_TEXT, "words"));
    expect(sequence.keyTokens).toContain("马路");
  });

  it("setText tokenizes with the current tokenizer, and Chinese is split into words", () => {
    let s = reduce(createInitialState(), { type: "setText", text: "我爱猫" });
    expect(s.sequence.tokens).toEqual(["我", "爱", "猫"]);
    s = reduce(s, { type: "setTokenizer", tokenizer: "characters" });
    expect(s.sequence.tokens).toEqual(["我", "爱", "猫"]);
    s = reduce(s, { type: "setText", text: "a cat" });
    expect(s.sequence.tokens).toEqual(["a", "c", "a", "t"]);
  });

  it("edited chips become the text, read back exactly by the whitespace tokenizer", () => {
    const s = reduce(createInitialState(), { type: "setTokens", tokens: ["The", "cat ", "", "sat"] });
    expect(s.sequence.tokens).toEqual(["The", "cat", "sat"]);
    expect(s.sequence.text).toBe("The cat sat");
    expect(s.sequence.tokenizer).toBe("whitespace");
  });

  it("keeps painted mask cells that are still inside the sequence, and a second click unpaints", () => {
    let s = reduce(createInitialState(), { type: "setText", text: "a b c" });
    s = reduce(s, { type: "toggleMaskCell", query: 0, key: 2 });
    expect(s.mask.kind).toBe("custom");
    expect(s.mask.painted).toEqual([[0, 2]]);
    s = reduce(s, { type: "setText", text: "a b c d" });
    expect(s.mask.painted).toEqual([[0, 2]]);
    expect(sequenceSizes(s)).toEqual({ queries: 4, keys: 4 });
    s = reduce(s, { type: "setText", text: "a b" });
    expect(s.mask.painted).toEqual([]);
    s = reduce(reduce(s, { type: "toggleMaskCell", query: 1, key: 0 }), {
      type: "toggleMaskCell",
      query: 1,
      key: 0,
    });
    expect(s.mask.painted).toEqual([]);
  });

  it("resizes hand-edited weights with d_model, keeping the typed cells", () => {
    let s = reduce(createInitialState(), {
      type: "setCustomWeight",
      name: "wq",
      cells: [
        ["7", "x"],
        ["1", "2"],
      ],
    });
    s = reduce(s, { type: "setModelSize", dModel: 3 });
    expect(s.sequence.custom.wq).toEqual([
      ["7", "x", "0"],
      ["1", "2", "0"],
      ["0", "0", "1"],
    ]);
  });

  it("leaves hand-edited weights alone for a d_model the explorer refuses, and the spec says why", () => {
    const before = createInitialState().sequence.custom;
    for (const dModel of [20_000, 513, 0, -4, 7.5]) {
      const s = reduce(createInitialState(), { type: "setModelSize", dModel });
      expect(s.sequence.dModel).toBe(dModel);
      expect(s.sequence.custom).toEqual(before);
      expect(buildSpec(s).errors.map((e) => e.field)).toContain("dModel");
      // Switching to hand-set weights then starts from none (InputPanel): not from 20,000² seeded ones.
      expect(projections(s.sequence)).toBeUndefined();
    }
  });

  it("keeps the step within 1…8", () => {
    expect(reduce(createInitialState(), { type: "setStep", step: 0 }).step).toBe(1);
    expect(reduce(createInitialState(), { type: "setStep", step: 99 }).step).toBe(8);
  });
});

describe("undo and redo", () => {
  it("undo restores an edit and redo reapplies it; stepping is not an undo step", () => {
    let h = createHistory(createInitialState());
    h = reduceHistory(h, { type: "setTemperature", temperature: 2 });
    h = reduceHistory(h, { type: "setStep", step: 3 });
    expect(h.past).toHaveLength(1);
    h = reduceHistory(h, { type: "undo" });
    expect(h.present.temperature).toBe(1);
    expect(h.present.step).toBe(3);
    h = reduceHistory(h, { type: "redo" });
    expect(h.present.temperature).toBe(2);
  });

  it("a gesture (a drag) is one undo step, and merged edits add none", () => {
    let h = createHistory(createInitialState());
    h = reduceHistory(h, { type: "beginGesture" });
    for (const temperature of [1.1, 1.2, 1.3]) h = reduceHistory(h, { type: "setTemperature", temperature });
    h = reduceHistory(h, { type: "endGesture" });
    h = reduceHistory(h, { type: "merge", action: { type: "setTemperature", temperature: 1.4 } });
    expect(h.past).toHaveLength(1);
    expect(reduceHistory(h, { type: "undo" }).present.temperature).toBe(1);
  });

  it("an action that sets a value to what it is already is no edit: the history is the same object", () => {
    // A slider's change event repeats the value its input event set: no undo step, and no render for it.
    const h = reduceHistory(createHistory(createInitialState()), { type: "setTemperature", temperature: 2 });
    expect(reduceHistory(h, { type: "setTemperature", temperature: 2 })).toBe(h);
    expect(reduceHistory(h, { type: "merge", action: { type: "setTemperature", temperature: 2 } })).toBe(h);
    expect(reduceHistory(h, { type: "setStep", step: h.present.step })).toBe(h);
    const moved = reduceHistory(h, { type: "merge", action: { type: "setTemperature", temperature: 3 } });
    expect(moved.present.temperature).toBe(3);
    expect(moved.past).toHaveLength(1);
  });

  it("an edit merged into the last undo step still drops the redo stack", () => {
    let h = createHistory(createInitialState());
    h = reduceHistory(h, { type: "setTemperature", temperature: 2 });
    h = reduceHistory(h, { type: "undo" });
    h = reduceHistory(h, { type: "merge", action: { type: "setTemperature", temperature: 3 } });
    expect(h.future).toEqual([]);
    expect(reduceHistory(h, { type: "redo" }).present.temperature).toBe(3);
  });

  it("reset goes back to the built-in example and can be undone", () => {
    let h = createHistory(reduce(createInitialState(), { type: "setText", text: "x y" }));
    h = reduceHistory(h, { type: "reset" });
    expect(h.present.sequence.text).toBe(createInitialState().sequence.text);
    expect(reduceHistory(h, { type: "undo" }).present.sequence.text).toBe("x y");
  });
});

describe("switching to Q, K, V by hand", () => {
  const X = [
    ["1", "2", "3"],
    ["4", "5", "6"],
    ["7", "8", "9"],
  ];

  it("starts with one head, and says so, so that the textbook's 3 × 3 example computes", () => {
    const sequence = createInitialState();
    expect(sequence.heads).toBe(2);
    const action = { type: "setInput", input: "matrices" } as const;
    expect(sideEffectOf(sequence, action)).toEqual({
      key: "heads.setForMatrices",
      params: { from: 2, to: 1 },
    });
    let s = reduce(sequence, action);
    expect(s.heads).toBe(1);
    expect(s.head).toBe(0);
    for (const name of ["q", "k", "v"] as const) s = reduce(s, { type: "setMatrix", name, cells: X });
    const built = buildSpec(s);
    expect(built.errors).toEqual([]);
    // softmax(X·Xᵀ/√3), row 1, by numpy: 9.4047094683e-10, 3.0666628521e-05, 0.99996933243.
    const w = attentionReference(built.spec!).weights.data;
    expect(w[0]).toBeCloseTo(9.4047094683e-10, 15);
    expect(w[1]).toBeCloseTo(3.0666628521e-5, 12);
    expect(w[2]).toBeCloseTo(0.99996933243, 10);
  });

  it("keeps the heads set by hand once in matrices, and switching back to a sequence keeps them", () => {
    let s = reduce(createInitialState(), { type: "setInput", input: "matrices" });
    s = reduce(s, { type: "setHeads", heads: 2 });
    expect(sideEffectOf(s, { type: "setInput", input: "matrices" })).toBeUndefined();
    expect(reduce(s, { type: "setInput", input: "matrices" }).heads).toBe(2);
    expect(sideEffectOf(s, { type: "setInput", input: "sequence" })).toBeUndefined();
    expect(reduce(s, { type: "setInput", input: "sequence" }).heads).toBe(2);
  });

  it("with one head already, nothing changes and there is nothing to say", () => {
    const one = reduce(createInitialState(), { type: "setHeads", heads: 1 });
    expect(sideEffectOf(one, { type: "setInput", input: "matrices" })).toBeUndefined();
  });
});

describe("a lesson and edits of the input", () => {
  const inLesson = { ...createInitialState(), lesson: { example: "pronoun", stop: 1 } };

  it("an edit of the input ends the lesson, and says so: its words and numbers are of its own example", () => {
    const edits: Action[] = [
      { type: "setText", text: "the cat sat" },
      { type: "setInput", input: "matrices" },
      { type: "setMatrix", name: "q", cells: [["1"]] },
      { type: "setTokens", tokens: ["a", "b"] },
      { type: "setSeed", seed: 2 },
      { type: "setModelSize", dModel: 16 },
      { type: "setHeads", heads: 1 },
    ];
    for (const edit of edits) {
      expect(reduce(inLesson, edit).lesson, edit.type).toBeNull();
      expect(sideEffectOf(inLesson, edit), edit.type).toEqual({ key: "lesson.endedByEdit" });
    }
  });

  it("what a lesson invites one to try (τ, scaling, hard attention), the mask and the view keep it", () => {
    const settings: Action[] = [
      { type: "setTemperature", temperature: 10 },
      { type: "setScaled", scaled: false },
      { type: "setMode", mode: "hard" },
      { type: "setMaskKind", kind: "causal" },
      { type: "setStep", step: 3 },
      { type: "lock", query: 1, key: 1 },
    ];
    for (const setting of settings) {
      expect(reduce(inLesson, setting).lesson, setting.type).toEqual(inLesson.lesson);
      expect(sideEffectOf(inLesson, setting), setting.type).toBeUndefined();
    }
    // Without a lesson, an edit has nothing to say about one.
    expect(sideEffectOf(createInitialState(), { type: "setText", text: "x" })).toBeUndefined();
  });
});

describe("undoing an edit that ended a lesson", () => {
  const inLesson = { ...createInitialState(), lesson: { example: "pronoun", stop: 1 } };

  it("brings the lesson back with its input, and redoing it ends it; a setting's undo keeps the lesson as it is", () => {
    let h = reduceHistory(createHistory(inLesson), { type: "setText", text: "the cat sat" });
    expect(h.present.lesson).toBeNull();
    h = reduceHistory(h, { type: "undo" });
    expect(h.present.lesson).toEqual(inLesson.lesson);
    expect(h.present.sequence).toBe(inLesson.sequence);
    // Redone, the edit ends it again.
    expect(reduceHistory(h, { type: "redo" }).present.lesson).toBeNull();
    // τ set during the lesson, then the lesson left: undoing τ leaves it left.
    let t = reduceHistory(createHistory(inLesson), { type: "setTemperature", temperature: 10 });
    t = reduceHistory(t, { type: "setLesson", lesson: null });
    t = reduceHistory(t, { type: "undo" });
    expect(t.present.temperature).toBe(inLesson.temperature);
    expect(t.present.lesson).toBeNull();
  });
});
