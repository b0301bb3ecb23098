import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { float32Decimal, float32Decimals, float32Text } from "./float32Text";

// Texts compare with toEqual: the point is the exact digits, and that they read back to the exact float32.

/** The definition, searched from p = 1: the first toPrecision(p), p = 1…9, that reads back as x. */
function searchedFromOne(x: number): string {
  for (let p = 1; p <= 9; p++) {
    const text = x.toPrecision(p);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  throw new Error(`${x} needs more than 9 digits: not a float32`);
}

describe("float32Text: the shortest decimal that reads back to the same float32", () => {
  // numpy 2.4: str(np.float32(v)) is the shortest decimal of the float32 (the middle column),
  // float(np.float32(v)) the double the engine's Float32Array hands over (the input here).
  it.each([
    [1.100000023841858, "1.1"],
    [-1.2000000476837158, "-1.2"],
    [0.10000000149011612, "0.1"],
    [0.3333333432674408, "0.33333334"],
    [1.0000000116860974e-7, "1e-7"],
    [3.3999999521443642e38, "3.4e+38"],
    [16777216, "16777216"],
    [123456792, "123456790"],
    [-0.699999988079071, "-0.7"],
    [0.30000001192092896, "0.3"],
    [9.5367431640625e-7, "9.536743e-7"],
    [1.401298464324817e-45, "1e-45"],
    [5.605193857299268e-45, "6e-45"],
    [0.25, "0.25"],
    [2, "2"],
  ])("float32 %s is written %s", (x, text) => {
    expect(float32Text(x)).toEqual(text);
    expect(Math.fround(Number(text))).toBe(x);
  });

  it("a double that is not a float32 keeps its own shortest form, String(x)", () => {
    expect(float32Text(0.1)).toEqual("0.1");
    expect(float32Text(1 / 3)).toEqual("0.3333333333333333");
    expect(float32Text(1.6500000000000001)).toEqual("1.6500000000000001");
  });

  it("−∞ (a masked score), +∞ and NaN are written as String() writes them", () => {
    expect(float32Text(-Infinity)).toEqual("-Infinity");
    expect(float32Text(Infinity)).toEqual("Infinity");
    expect(float32Text(NaN)).toEqual("NaN");
    expect(float32Text(-0)).toEqual("0");
  });

  it("agrees with the search from p = 1 on every float32 tried, powers of two included", () => {
    const powers = Array.from({ length: 277 }, (_, e) => Math.fround(2 ** (e - 149)));
    for (const x of powers) expect(float32Text(x)).toEqual(searchedFromOne(x));
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(float32Text(x)).toEqual(searchedFromOne(x));
        expect(Math.fround(Number(float32Text(x))) === x).toBe(true); // -0 reads back as 0, as String(-0) is "0"
      }),
      { numRuns: 20000 },
    );
  });
});

describe("float32Decimals", () => {
  it("turns the engine's float32 numbers into the doubles String() and JSON write short", () => {
    const data = float32Decimals(Float32Array.of(1.1, -0.7, -Infinity, 0.5));
    expect(data).toBeInstanceOf(Float64Array);
    expect(JSON.stringify(Array.from(data))).toEqual("[1.1,-0.7,null,0.5]");
    expect(Array.from(data, String)).toEqual(["1.1", "-0.7", "-Infinity", "0.5"]);
    expect(float32Decimal(Math.fround(1.1))).toBe(1.1);
  });

  it("keeps the reference's float64 numbers as they are", () => {
    const exact = Float64Array.of(1.1 * 1.5, 0.1 + 0.2);
    expect(float32Decimals(exact)).toBe(exact);
    expect(Array.from(exact, String)).toEqual(["1.6500000000000001", "0.30000000000000004"]);
  });
});
