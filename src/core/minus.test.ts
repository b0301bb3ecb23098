import { describe, expect, it } from "vitest";
import { MINUS, withMinus } from "./minus";

describe("withMinus", () => {
  it("writes every hyphen-minus of a number's text as U+2212, the mantissa's and the exponent's", () => {
    expect(MINUS).toBe("\u2212");
    expect(withMinus("-5")).toBe("\u22125");
    expect(withMinus("-1e-6")).toBe("\u22121e\u22126");
    expect(withMinus("1e12")).toBe("1e12");
    expect(withMinus("0.5")).toBe("0.5");
  });
});
