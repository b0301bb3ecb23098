import { describe, expect, it } from "vitest";
import { maybeMask } from "./mask";
import { maybeProblem } from "./problem";

const rows = (mask: Uint8Array, keys: number) =>
  Array.from({ length: mask.length / keys }, (_, i) => Array.from(mask.subarray(i * keys, (i + 1) * keys)));

describe("sliding-window mask", () => {
  it("shows query i the keys j with 0 ≤ i − j < w: w = 2 over 4 tokens", () => {
    const r = maybeMask({ kind: "sliding", window: 2 }, 4, 4);
    expect(r.ok && rows(r.value, 4)).toEqual([
      [0, 1, 1, 1],
      [0, 0, 1, 1],
      [1, 0, 0, 1],
      [1, 1, 0, 0],
    ]);
  });

  it("bidirectional: |i − j| < w", () => {
    const r = maybeMask({ kind: "sliding", window: 2, bidirectional: true }, 4, 4);
    expect(r.ok && rows(r.value, 4)).toEqual([
      [0, 0, 1, 1],
      [0, 0, 0, 1],
      [1, 0, 0, 0],
      [1, 1, 0, 0],
    ]);
  });

  it("is the causal mask when w covers the sequence", () => {
    const a = maybeMask({ kind: "sliding", window: 5 }, 5, 5);
    const b = maybeMask({ kind: "causal" }, 5, 5);
    expect(a.ok && b.ok && Array.from(a.value)).toEqual(b.ok && Array.from(b.value));
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a window of %s as a typed, located error", (window) => {
    const r = maybeProblem({
      source: { kind: "qkv", q: [[1]], k: [[1]], v: [[1]] },
      mask: { kind: "sliding", window },
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({ code: "mask", matrix: "mask window", key: "error.mask.window" });
  });
});
