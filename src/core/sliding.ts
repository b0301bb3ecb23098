import { fail, ok, type Result } from "./errors";
import { message } from "./messages";
import type { SlidingWindowMask } from "./types";

/**
 * [queries, keys] bytes, 1 = hidden: key j is visible to query i iff 0 ≤ i − j < w (the causal window),
 * or iff |i − j| < w when bidirectional.
 */
export function maybeSlidingMask(spec: SlidingWindowMask, queries: number, keys: number): Result<Uint8Array> {
  const w = spec.window;
  if (!Number.isInteger(w) || w < 1) {
    return fail(message("error.mask.window", { value: String(w) }), {
      code: "mask",
      matrix: "mask window",
      expected: "a whole number ≥ 1",
    });
  }
  const both = spec.bidirectional === true;
  const mask = new Uint8Array(queries * keys);
  for (let i = 0; i < queries; i++) {
    for (let j = 0; j < keys; j++) {
      const d = i - j;
      const visible = both ? Math.abs(d) < w : d >= 0 && d < w;
      if (!visible) mask[i * keys + j] = 1;
    }
  }
  return ok(mask);
}
