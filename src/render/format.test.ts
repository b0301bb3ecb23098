// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { formatNumber, MINUS } from "./format";

describe("formatNumber", () => {
  it("rounds to `digits` decimals: 0.4287 → 0.43 with 2, 0.4287 with 4", () => {
    expect(formatNumber(0.4287)).toBe("0.43");
    expect(formatNumber(0.4287, 4)).toBe("0.4287");
  });

  it("trims trailing zeros: 0.5 → 0.5, 1 → 1, 2.10 → 2.1", () => {
    expect(formatNumber(0.5)).toBe("0.5");
    expect(formatNumber(1)).toBe("1");
    expect(formatNumber(2.1, 3)).toBe("2.1");
  });

  it("writes negatives with a true minus sign (U+2212), never a hyphen", () => {
    expect(formatNumber(-3.14159)).toBe(`${MINUS}3.14`);
    expect(formatNumber(-3.14159)).not.toContain("-");
  });

  it("writes −∞ for masked scores and ∞ for +Infinity", () => {
    expect(formatNumber(-Infinity)).toBe("−∞");
    expect(formatNumber(Infinity)).toBe("∞");
  });

  it("prints zero as 0, and a negative that rounds to zero without a sign", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(-0.004)).toBe("0");
  });

  it("uses a compact exponent for |x| ≥ 1e5 and 0 < |x| < 1e-3", () => {
    expect(formatNumber(123456)).toBe("1.2e5");
    expect(formatNumber(0.00002345)).toBe("2.3e−5");
    expect(formatNumber(-0.00002345)).toBe("−2.3e−5");
    expect(formatNumber(1e-4)).toBe("1e−4");
    expect(formatNumber(99999)).toBe("99999");
    expect(formatNumber(0.001)).toBe("0");
  });
});
