import type { Floats } from "./types";

/**
 * A float32 as the shortest decimal that reads back to the same float32: 1.1 typed in a grid is stored by
 * the engine as 1.100000023841858 (float32's nearest), and is written "1.1", with
 * Math.fround(Number(text)) === x. Exact, for files that a program reads back, unlike the formula panel's
 * digits (formula.ts `isNumber`: within a millionth of the value, for reading). The text is String() of
 * the double nearest that decimal: the same form as a float64's ("1.5e-7", "123456790"). A number that is
 * not a float32 (a float64 value such as 0.1) is String(x) itself; NaN and ±Infinity are "NaN",
 * "Infinity", "-Infinity".
 */
export function float32Text(x: number): string {
  return String(float32Decimal(x));
}

const bits = new Float32Array(1);
const mantissa = new Uint32Array(bits.buffer);

/**
 * The double nearest float32Text(x): what String() and JSON.stringify write as the short decimal.
 * The fewest significant digits p (1 to 9: nine always suffice for a float32, ⌈24·log₁₀2⌉ + 1) for which
 * x.toPrecision(p) reads back as x. Found by bisection, about 3 toPrecision calls instead of up to 9 (an
 * export of 4,096² weights makes 16 million): sound because where p digits read back, p + 1 do too, the
 * nearest (p + 1)-digit decimal being at least as near. Not so at a power of two, whose gap below is half
 * the gap above: those are searched from p = 1 (float32Text.test.ts "agrees with the search from p = 1").
 */
export function float32Decimal(x: number): number {
  if (!Number.isFinite(x) || Math.fround(x) !== x) return x;
  const reads = (p: number) => {
    const decimal = Number(x.toPrecision(p));
    return Math.fround(decimal) === x ? decimal : undefined;
  };
  bits[0] = x;
  if (((mantissa[0] as number) & 0x7fffff) === 0) {
    for (let p = 1; p < 9; p++) {
      const decimal = reads(p);
      if (decimal !== undefined) return decimal;
    }
    return Number(x.toPrecision(9));
  }
  let best = Number(x.toPrecision(9));
  let [lo, hi] = [1, 9];
  while (lo < hi) {
    const p = (lo + hi) >> 1;
    const decimal = reads(p);
    if (decimal === undefined) lo = p + 1;
    else [best, hi] = [decimal, p];
  }
  return best;
}

/**
 * Numbers to write into a file: a float32 array (the engine's) as the doubles nearest each entry's shortest
 * float32 decimal (float32Decimal), so that String() and JSON.stringify write "1.1", not 1.100000023841858;
 * a float64 array (the reference's) as it is, whose String() is already its shortest form.
 */
export function float32Decimals(data: Floats): Floats {
  return data instanceof Float32Array ? Float64Array.from(data, float32Decimal) : data;
}
