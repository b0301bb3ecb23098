import { fail, ok, type Result } from "./errors";
import { message } from "./messages";

/**
 * Grouped-query attention: query head i (0-based) of h_q reads key/value head ⌊i·h_kv/h_q⌋ of h_kv.
 * h_kv = h_q is multi-head attention, h_kv = 1 multi-query attention.
 */
export function kvHeadsOf(queryHeads: number, kvHeads: number): number[] {
  return Array.from({ length: queryHeads }, (_, i) => Math.floor((i * kvHeads) / queryHeads));
}

/** h_kv, checked: a whole number from 1 to h_q that divides h_q. */
export function maybeKvHeads(kvHeads: number | undefined, queryHeads: number): Result<number> {
  const value = kvHeads ?? queryHeads;
  if (!Number.isInteger(value) || value < 1 || value > queryHeads) {
    return fail(message("error.kvHeads.range", { value: String(value), heads: queryHeads }), {
      code: "heads",
      matrix: "kvHeads",
      expected: `a whole number from 1 to ${queryHeads}`,
    });
  }
  if (queryHeads % value !== 0) {
    return fail(message("error.kvHeads.divide", { value, heads: queryHeads }), {
      code: "heads",
      matrix: "kvHeads",
      expected: `a divisor of ${queryHeads}`,
    });
  }
  return ok(value);
}
