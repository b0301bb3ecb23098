import { describe, expect, it } from "vitest";
import { DAMAGED_KEY, loadSaved, loadSavedWork, maybeExplorerState, save, SAVE_KEY } from "./persist";
import { createInitialState, reduce } from "./state";

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    items,
  };
}

describe("saving and loading the explorer's state", () => {
  it("round-trips a state exactly", () => {
    let s = reduce(createInitialState(), { type: "setText", text: "我爱猫" });
    s = reduce(s, { type: "setMatrix", name: "q", cells: [["1", "oops"]] });
    s = reduce(s, { type: "toggleMaskCell", query: 1, key: 0 });
    const storage = memoryStorage();
    save(s, storage);
    expect(loadSaved(storage)).toEqual(s);
  });

  it("round-trips a sequence of 4,096 tokens with its text (23,000 characters)", () => {
    const text = Array.from({ length: 4096 }, (_, i) => `w${i + 1}`).join(" ");
    // "w1"…"w9" 2 characters, …, "w1000"…"w4096" 5: 18 + 270 + 3,600 + 15,485, and 4,095 spaces.
    expect(text.length).toBe(23_468);
    const s = reduce(createInitialState(), { type: "setText", text });
    expect(s.sequence.tokens).toHaveLength(4096);
    const storage = memoryStorage();
    save(s, storage);
    const loaded = loadSaved(storage);
    expect(loaded?.sequence.text).toBe(text);
    expect(loaded?.sequence.tokens).toEqual(s.sequence.tokens);
  });

  it("keeps what was typed, even when it is not a number", () => {
    const s = reduce(createInitialState(), { type: "setMatrix", name: "v", cells: [["1", "2x"]] });
    expect(maybeExplorerState(JSON.parse(JSON.stringify(s))).matrices.v).toEqual([["1", "2x"]]);
  });

  it("keeps every value the explorer takes: a long token or cell, a wide window, a base near 1, a huge seed", () => {
    let s = reduce(createInitialState(), { type: "setText", text: `${"a".repeat(250)} cat sat` });
    s = reduce(s, { type: "setMatrix", name: "q", cells: [["1".repeat(70), "2"]] });
    s = reduce(s, { type: "setSeed", seed: 1e300 });
    s = { ...s, modern: { ...s.modern, window: 5000, ropeBase: 1.00005 } };
    const loaded = maybeExplorerState(JSON.parse(JSON.stringify(s)));
    expect(loaded.sequence.tokens).toEqual(["a".repeat(250), "cat", "sat"]);
    expect(loaded.matrices.q).toEqual([["1".repeat(70), "2"]]);
    expect(loaded.sequence.seed).toBe(1e300);
    expect(loaded.modern.window).toBe(5000);
    expect(loaded.modern.ropeBase).toBe(1.00005);
    expect(maybeExplorerState({ ...s, sequence: { ...s.sequence, seed: -3e9 } }).sequence.seed).toBe(-3e9);
    // What the core refuses still opens the default: a base of 1 turns nothing, a window of 0 hides all.
    const refused = maybeExplorerState({ ...s, modern: { ...s.modern, ropeBase: 1, window: 0 } });
    expect([refused.modern.ropeBase, refused.modern.window]).toEqual([
      createInitialState().modern.ropeBase,
      createInitialState().modern.window,
    ]);
  });

  it("a damaged save opens the default for each damaged field, never a crash", () => {
    const d = createInitialState();
    expect(maybeExplorerState(null)).toEqual(d);
    expect(maybeExplorerState("<script>")).toEqual(d);
    const s = maybeExplorerState({
      heads: -3,
      temperature: "hot",
      step: 42,
      score: "evil",
      matrices: { q: [["1"], ["1", "2"]] },
    });
    expect(s.heads).toBe(d.heads);
    expect(s.temperature).toBe(d.temperature);
    expect(s.step).toBe(d.step);
    expect(s.score).toBe(d.score);
    expect(s.matrices.q).toEqual(d.matrices.q);
    const storage = memoryStorage();
    storage.items.set(SAVE_KEY, "{not json");
    expect(loadSaved(storage)).toBeUndefined();
  });

  it("a damaged save is kept, as its text was, under its own key before anything replaces it", () => {
    for (const text of ["{not json", "null", "[1, 2]", '"a string"']) {
      const storage = memoryStorage();
      storage.items.set(SAVE_KEY, text);
      expect(loadSavedWork(storage)).toEqual({ damage: { kept: true } });
      expect(storage.items.get(DAMAGED_KEY)).toBe(text);
      expect(storage.items.get(SAVE_KEY)).toBe(text);
    }
    expect(DAMAGED_KEY).toBe("attention-playground:state:v1.damaged");
  });

  it("a save with settings it cannot use opens the rest, names those settings, and is kept too", () => {
    const text = '{"step": 3, "temperature": "hot", "extra": 1}';
    const storage = memoryStorage();
    storage.items.set(SAVE_KEY, text);
    const work = loadSavedWork(storage);
    expect(work.state).toEqual({ ...createInitialState(), step: 3 });
    expect(work.damage?.kept).toBe(true);
    expect(work.damage?.ignored?.map((f) => [f.path, f.value])).toEqual([
      ["temperature", "hot"],
      ["extra", 1],
    ]);
    expect(storage.items.get(DAMAGED_KEY)).toBe(text);
  });

  it("a save that reads in full is opened with no damage, and nothing is kept aside", () => {
    const storage = memoryStorage();
    const s = reduce(createInitialState(), { type: "setTemperature", temperature: 0.5 });
    save(s, storage);
    expect(loadSavedWork(storage)).toEqual({ state: s });
    expect(loadSavedWork(memoryStorage())).toEqual({});
    expect(storage.items.has(DAMAGED_KEY)).toBe(false);
  });

  it("a damaged save that cannot be kept (a full quota) says so", () => {
    const full = {
      getItem: () => "{not json",
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      },
    };
    expect(loadSavedWork(full)).toEqual({ damage: { kept: false } });
  });
});
