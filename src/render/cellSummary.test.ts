import { describe, expect, it } from "vitest";
import { cellSummary } from "./cellSummary";

const mask = (...bits: number[]) => Uint8Array.from(bits);

describe("cellSummary", () => {
  it("a causal 2 × 2 of weights: extent of the visible cells, masked ones print 0", () => {
    // Row 0 sees key 0 only; the masked weight is 0 and prints "0".
    expect(cellSummary([1, 0, 0.25, 0.75], mask(0, 1, 0, 0))).toEqual({
      extent: [0.25, 1],
      hasHidden: true,
      maskedLabel: "0",
    });
  });

  it("masked scores are −∞: the label is −∞, and −∞ never enters the extent", () => {
    expect(cellSummary([0.5, -Infinity, -2, 3], mask(0, 1, 0, 0))).toEqual({
      extent: [-2, 3],
      hasHidden: true,
      maskedLabel: "−∞",
    });
  });

  it("hidden cells that print differently have no common label", () => {
    // The masked cells hold 0.5 and 0.25: the swatch cannot say one number for both.
    expect(cellSummary([0.5, 0.25, 1], mask(1, 1, 0)).maskedLabel).toBeUndefined();
    // 0.501 and 0.499 both print 0.5 at two digits: one label.
    expect(cellSummary([0.501, 0.499, 1], mask(1, 1, 0), 2).maskedLabel).toBe("0.5");
  });

  it("without a mask: NaN and −∞ are hidden, +∞ is neither hidden nor in the extent", () => {
    expect(cellSummary([Number.NaN, 2, Infinity, -1], undefined)).toEqual({
      extent: [-1, 2],
      hasHidden: true,
      maskedLabel: "NaN",
    });
    expect(cellSummary([0.2, 0.7], undefined)).toEqual({
      extent: [0.2, 0.7],
      hasHidden: false,
      maskedLabel: undefined,
    });
  });

  it("nothing finite and visible: no extent", () => {
    expect(cellSummary([-Infinity, 5], mask(0, 1)).extent).toBeUndefined();
    expect(cellSummary([], undefined)).toEqual({
      extent: undefined,
      hasHidden: false,
      maskedLabel: undefined,
    });
  });
});
