import { float32Decimals } from "../../core/float32Text";
import type { AttentionTrace, Floats } from "../../core/types";

/**
 * A matrix or stack as an export writes its numbers: the engine's float32 values as the shortest decimal
 * that reads back to the same float32 (a typed 1.1 is written 1.1, not 1.100000023841858), the float64
 * reference's as they are (String(x), already their shortest form). −∞ (a masked score) stays −∞: the CSV
 * writes "-Infinity" and the JSON null, with a note saying so (render/jsonRows.ts).
 */
export function exported<T extends { readonly data: Floats }>(m: T): T {
  const data = float32Decimals(m.data);
  return data === m.data ? m : { ...m, data };
}

/** Every matrix and stack of a trace as exported() writes them; the rest (settings, the mask) as it is. */
export function exportedTrace(trace: AttentionTrace): AttentionTrace {
  const entries = Object.entries(trace).map(([key, value]: [string, unknown]) => [
    key,
    isNumbers(value) ? exported(value) : value,
  ]);
  return Object.fromEntries(entries) as AttentionTrace;
}

const isNumbers = (value: unknown): value is { readonly data: Floats } =>
  typeof value === "object" &&
  value !== null &&
  "data" in value &&
  (value.data instanceof Float32Array || value.data instanceof Float64Array);
