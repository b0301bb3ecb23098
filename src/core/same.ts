/**
 * Deep equality of plain data (objects, arrays, typed arrays, numbers, strings…): the same keys with the
 * same values, typed arrays element by element, numbers with === (NaN differs from itself; a spec or
 * problem that holds one is never taken for another). A field that is undefined on one side and missing on
 * the other counts as the same. Identical references answer at once, so comparing two specs that share
 * their matrices costs little.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!sameValue((a as never)[key], (b as never)[key])) return false;
  return true;
}
