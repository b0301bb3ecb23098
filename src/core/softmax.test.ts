import { describe, it, expect } from "vitest";
import { hardmaxRows, softmaxRows } from "./softmax";
import { expectClose, expectNoNaN } from "./test-helpers";

const softmax = (rows: number, cols: number, logits: number[]): Float64Array => {
  const out = new Float64Array(rows * cols);
  softmaxRows(Float64Array.from(logits), rows, cols, out);
  return out;
};

const hardmax = (rows: number, cols: number, logits: number[]): Float64Array => {
  const out = new Float64Array(rows * cols);
  hardmaxRows(Float64Array.from(logits), rows, cols, out);
  return out;
};

describe("softmaxRows", () => {
  it("softmaxRows([0, ln 2, ln 3]) is [1/6, 2/6, 3/6]", () => {
    // exp: 1, 2, 3; sum 6.
    expectClose(softmax(1, 3, [0, Math.log(2), Math.log(3)]), [1 / 6, 2 / 6, 3 / 6], 1e-12);
  });

  it("softmaxRows([1, 2, 3]) matches the textbook values 0.0900, 0.2447, 0.6652", () => {
    // e^1, e^2, e^3 = 2.71828, 7.38906, 20.08554; sum 30.19288.
    expectClose(softmax(1, 3, [1, 2, 3]), [0.09003057, 0.24472847, 0.66524096], 1e-8);
  });

  it("treats each row on its own: rows of a [2, 2] input are independent", () => {
    // Row 1: equal logits → 1/2 each. Row 2: [0, ln 3] → exp 1, 3 → [1/4, 3/4].
    expectClose(softmax(2, 2, [5, 5, 0, Math.log(3)]), [0.5, 0.5, 0.25, 0.75], 1e-12);
  });

  it("gives weight 1 to a single column", () => {
    expectClose(softmax(3, 1, [-7, 0, 1e6]), [1, 1, 1]);
  });

  it("overflow: logits of ±1e4 give finite weights summing to 1 ([1e4, -1e4, 0] → [1, 0, 0])", () => {
    const out = softmax(1, 3, [1e4, -1e4, 0]);
    for (const w of out) expect(Number.isFinite(w)).toBe(true);
    expectClose(out, [1, 0, 0], 1e-12);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("overflow: two equal huge logits share the weight evenly", () => {
    expectClose(softmax(1, 3, [1e4, 1e4, -1e4]), [0.5, 0.5, 0], 1e-12);
    expectClose(softmax(1, 2, [-1e4, -1e4]), [0.5, 0.5], 1e-12);
  });

  it("gives −∞ entries a weight of exactly 0", () => {
    const out = softmax(1, 3, [-Infinity, 0, 0]);
    expect(out[0]).toBe(0);
    expectClose(out, [0, 0.5, 0.5], 1e-12);
  });

  it("gives an all −∞ row all-zero weights, not NaN, and leaves other rows alone", () => {
    const out = softmax(2, 3, [-Infinity, -Infinity, -Infinity, 0, 0, 0]);
    expectNoNaN(out);
    expect(Array.from(out.subarray(0, 3))).toEqual([0, 0, 0]);
    expectClose(out.subarray(3), [1 / 3, 1 / 3, 1 / 3], 1e-12);
  });

  it("writes float32 output when given a Float32Array", () => {
    const out = new Float32Array(2);
    softmaxRows(Float64Array.from([0, Math.log(3)]), 1, 2, out);
    expectClose(out, [0.25, 0.75], 1e-7);
  });
});

describe("hardmaxRows", () => {
  it("puts 1 at the maximum of each row and 0 elsewhere", () => {
    expect(Array.from(hardmax(2, 3, [1, 5, 2, -3, -1, -2]))).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it("picks the FIRST maximum on ties", () => {
    expect(Array.from(hardmax(1, 4, [0, 3, 3, 3]))).toEqual([0, 1, 0, 0]);
    expect(Array.from(hardmax(1, 3, [2, 2, 2]))).toEqual([1, 0, 0]);
  });

  it("skips −∞ entries", () => {
    expect(Array.from(hardmax(1, 3, [-Infinity, -1e300, -Infinity]))).toEqual([0, 1, 0]);
  });

  it("gives an all −∞ row all zeros", () => {
    expect(Array.from(hardmax(2, 2, [-Infinity, -Infinity, 4, 1]))).toEqual([0, 0, 1, 0]);
  });

  it("overwrites whatever the output held before", () => {
    const out = Float64Array.from([9, 9, 9]);
    hardmaxRows(Float64Array.from([0, 1, 0]), 1, 3, out);
    expect(Array.from(out)).toEqual([0, 1, 0]);
  });
});
