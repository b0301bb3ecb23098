import { describe, expect, it } from "vitest";
import type { AttentionSpec } from "../core/types";
import { likelyNextSpec, nextTemperature } from "./temperature";

// The slider's values, 10^x to three significant digits at x = k / 100 (numpy-checked:
// float('%.3g' % 10**x)): x = 0 → 1, 0.01 → 1.02, 0.02 → 1.05, −0.01 → 0.977, 0.05 → 1.12, 0.1 → 1.26,
// 1.99 → 97.7, 2 → 100, −1.99 → 0.0102, −2 → 0.01.
describe("the τ slider's next value", () => {
  it("moves on by as many steps as it last moved, either way", () => {
    expect(nextTemperature(1, 1.02)).toBe(1.05);
    expect(nextTemperature(1.02, 1)).toBe(0.977);
    expect(nextTemperature(1, 1.12)).toBe(1.26);
  });

  it("is none where the slider did not make the last value, did not move, or would leave its range", () => {
    // 1.5 was typed into the field: the slider's nearest value is 10^0.18 = 1.51.
    expect(nextTemperature(1, 1.5)).toBeUndefined();
    expect(nextTemperature(1.02, 1.02)).toBeUndefined();
    expect(nextTemperature(97.7, 100)).toBeUndefined();
    expect(nextTemperature(0.0102, 0.01)).toBeUndefined();
  });
});

describe("the spec a person likely asks for next", () => {
  const matrix = { rows: 2, cols: 2, data: new Float64Array([1, 2, 3, 4]) };
  const spec: AttentionSpec = {
    source: { kind: "qkv", q: matrix, k: matrix, v: matrix },
    heads: 1,
    temperature: 1,
    mask: { kind: "causal" },
  };

  it("is the same spec with τ moved on, after an edit of τ alone", () => {
    // Equal, not the same objects: the page builds each spec anew.
    const copy = { rows: 2, cols: 2, data: new Float64Array([1, 2, 3, 4]) };
    const moved: AttentionSpec = {
      ...spec,
      source: { kind: "qkv", q: copy, k: copy, v: copy },
      mask: { kind: "causal" },
      temperature: 1.02,
    };
    expect(likelyNextSpec(spec, moved)).toEqual({ ...moved, temperature: 1.05 });
  });

  it("is none after any other edit, or one of τ together with another", () => {
    expect(likelyNextSpec(spec, { ...spec, heads: 2 })).toBeUndefined();
    expect(likelyNextSpec(spec, { ...spec, temperature: 1.02, mask: { kind: "none" } })).toBeUndefined();
    const changed = { rows: 2, cols: 2, data: new Float64Array([1, 2, 3, 5]) };
    const source = { kind: "qkv" as const, q: matrix, k: changed, v: matrix };
    expect(likelyNextSpec(spec, { ...spec, source, temperature: 1.02 })).toBeUndefined();
    // τ left out means 1.
    const { temperature: _, ...implicit } = spec;
    expect(likelyNextSpec(implicit, { ...spec, temperature: 1.02 })).toEqual({ ...spec, temperature: 1.05 });
  });
});
