/**
 * Writing a safetensors file (the format models/checkpoint/safetensors.ts reads): 8 bytes of little-endian
 * header length, the JSON header padded with spaces to a multiple of 8, then each tensor's little-endian bytes
 * in the order given. Used by the training script for the shipped checkpoints.
 */

export interface TensorToWrite {
  readonly name: string;
  readonly shape: readonly number[];
  /** Row-major values. */
  readonly data: Float32Array;
}

/** number → IEEE 754 binary16 bits, rounded to nearest, ties to even; overflow gives ±∞, NaN stays NaN. */
export function floatToHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const x = new Uint32Array(f32.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    // Subnormal: the implicit 1 joins the mantissa, shifted right by 1 − e more places.
    const m = mantissa | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let h = m >>> shift;
    if (rest > half || (rest === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and reaches ∞ at the top).
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return sign | h;
}

/** The file's bytes; F16 rounds each value with floatToHalf. */
export function encodeSafetensors(
  tensors: readonly TensorToWrite[],
  dtype: "F16" | "F32",
  metadata: Readonly<Record<string, string>> = { format: "pt" },
): Uint8Array {
  const size = dtype === "F16" ? 2 : 4;
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(`${t.name}: shape ${t.shape.join("×")} for ${t.data.length} values`);
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + count * size] };
    offset += count * size;
  }
  let json = JSON.stringify(header);
  while ((8 + json.length) % 8 !== 0) json += " ";
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes.length, true);
  view.setUint32(4, 0, true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    for (const v of t.data) {
      if (dtype === "F16") view.setUint16(at, floatToHalf(v), true);
      else view.setFloat32(at, v, true);
      at += size;
    }
  }
  return out;
}
