/** JSON has no infinities: −∞ (a masked score) is written as null, and the file's `note` says so. */
export const NULL_NOTE = "null stands for -Infinity: a masked score (its key is hidden from that query)";

export type JsonNumber = number | null | "Infinity" | "NaN";

/** A number for JSON: −∞ as null; +∞ and NaN, which the engine never produces, as text. */
export function jsonNumber(x: number): JsonNumber {
  if (x === -Infinity) return null;
  // Never produced by the engine; written as text rather than as null, which would read as masked.
  if (x === Infinity) return "Infinity";
  if (Number.isNaN(x)) return "NaN";
  return x;
}

/** Matrix `offset / (rows · cols)` of row-major `data` as rows of JSON numbers. */
export function jsonRows(
  data: ArrayLike<number>,
  offset: number,
  rows: number,
  cols: number,
): JsonNumber[][] {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => jsonNumber(data[offset + i * cols + j] as number)),
  );
}

/** Whether a file needs NULL_NOTE. */
export const hasNegativeInfinity = (data: ArrayLike<number>) =>
  Array.prototype.some.call(data, (x) => x === -Infinity);
