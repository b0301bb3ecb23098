import { expect } from "vitest";
import { layer, toRows } from "./matrix";
import type { AttentionTrace, Matrix, Stack } from "./types";

/**
 * Asserts two arrays of numbers have the same length and agree entry by entry within `tol`
 * (absolute). ±Infinity must match exactly; NaN never matches. The failure names the first differing index.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): void {
  expect(actual.length, "length").toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const same = a === e || Math.abs(a - e) <= tol;
    if (!same) {
      throw new Error(
        `index ${i}: got ${a}, expected ${e} (±${tol}); actual [${Array.from(actual).join(", ")}]`,
      );
    }
  }
}

/** Rows of a matrix as plain arrays: rows are queries. */
export function rowsOf(m: Matrix): number[][] {
  return toRows(m);
}

/** Rows of head h's [queries, keys] matrix in a stack. */
export function headRows(stack: Stack, h = 0): number[][] {
  return toRows(layer(stack, h));
}

/** Every entry of the array is a number that is not NaN (±Infinity allowed: masked scores). */
export function expectNoNaN(values: ArrayLike<number>, what = "values"): void {
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) throw new Error(`${what}: NaN at index ${i}`);
  }
}

/** No NaN in any intermediate a trace computes: masked entries are −∞ and empty rows are 0, never NaN. */
export function expectNoNaNInTrace(t: AttentionTrace): void {
  for (const [name, data] of [
    ["scores", t.scores.data],
    ["scaled", t.scaled.data],
    ["masked", t.masked.data],
    ["weights", t.weights.data],
    ["headOutputs", t.headOutputs.data],
    ["concat", t.concat.data],
    ["output", t.output.data],
  ] as const) {
    expectNoNaN(data, name);
  }
}
