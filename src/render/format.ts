import { MINUS, withMinus } from "../core/minus";

export { MINUS };

/**
 * A number as people read it in a cell or on an axis: at most `digits` decimals, trailing zeros trimmed,
 * a true minus sign, "∞" and "−∞" for infinities (masked scores), and a compact exponent ("4.2e−5")
 * for |x| ≥ 1e5 or 0 < |x| < 1e-3, where fixed decimals would print "0" or too many digits.
 * Examples (format.test.ts): 0.4287 → "0.43" (2 digits), "0.4287" (4 digits); −3 → "−3"; 2.345e-5 → "2.3e−5".
 */
export function formatNumber(x: number, digits = 2): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return `${MINUS}∞`;
  const magnitude = Math.abs(x);
  if (magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) {
    // One decimal fewer in the mantissa: "2.1e−5" fits a cell that "2.12e−5" overflows.
    const [mantissa = "", exponent = ""] = x.toExponential(Math.max(0, digits - 1)).split("e");
    return `${withMinus(trimZeros(mantissa))}e${withMinus(exponent.replace("+", ""))}`;
  }
  const fixed = trimZeros(x.toFixed(digits));
  // −0.001 with 2 digits rounds to "-0": a sign on zero says nothing.
  return fixed === "-0" ? "0" : withMinus(fixed);
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
