/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of
 * JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {...}}, then the tensors' bytes,
 * offsets counted from the end of the header. Read here for F32, F16 and BF16 into float32, checking every
 * offset and shape against the bytes there are, so that a damaged file is a located error and never a crash.
 */
import { fail, ok, type Result } from "../../core/errors";
import { counted, message } from "../../core/messages";

export const SAFETENSORS_DTYPES = ["F32", "F16", "BF16"] as const;
export type SafetensorsDtype = (typeof SAFETENSORS_DTYPES)[number];

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };

/** A tensor as stored: its dtype, its shape (row-major) and its values widened to float32. */
export interface StoredTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A header says where each tensor is; reading it needs only the first 8 + N bytes of the file. */
export interface SafetensorsHeader {
  readonly headerBytes: number;
  readonly entries: ReadonlyMap<
    string,
    { dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }
  >;
}

/** Headers past this are not a model's (GPT-2 small's is 14 kB); the format's own limit is 100 MB. */
export const MAX_HEADER_BYTES = 100_000_000;

/** The 8 + N bytes a header needs, from the first 8 bytes of a file (undefined when too short). */
export function headerLength(first8: Uint8Array): number | undefined {
  if (first8.length < 8) return undefined;
  const view = new DataView(first8.buffer, first8.byteOffset, 8);
  const n = view.getBigUint64(0, true);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

const bytesCount = (n: number) => counted(n, "count.byte", "count.bytes");

/** The header, from the file's first bytes (at least 8 + N of them) and the file's whole size. */
export function maybeSafetensorsHeader(bytes: Uint8Array, fileSize: number): Result<SafetensorsHeader> {
  const n = headerLength(bytes);
  if (n === undefined)
    return fail(message("error.checkpoint.truncated", { size: bytesCount(fileSize) }), { code: "syntax" });
  if (n > MAX_HEADER_BYTES || 8 + n > fileSize) {
    return fail(message("error.checkpoint.headerLength", { n: bytesCount(n), size: fileSize }), {
      code: "syntax",
    });
  }
  if (bytes.length < 8 + n)
    return fail(message("error.checkpoint.truncated", { size: bytesCount(bytes.length) }), {
      code: "syntax",
    });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (error) {
    return fail(message("error.checkpoint.headerJson", { reason: String((error as Error).message) }), {
      code: "syntax",
    });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return fail(message("error.checkpoint.headerJson", { reason: "not an object" }), { code: "syntax" });
  }
  const dataBytes = fileSize - 8 - n;
  const entries = new Map<string, { dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }>();
  for (const [name, raw] of Object.entries(json)) {
    if (name === "__metadata__") continue;
    const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = entry?.dtype;
    if (typeof dtype !== "string" || !(SAFETENSORS_DTYPES as readonly string[]).includes(dtype)) {
      return fail(
        message("error.checkpoint.dtype", {
          tensor: name,
          dtype: String(dtype),
          dtypes: SAFETENSORS_DTYPES.join(", "),
        }),
        { code: "invalid", matrix: name },
      );
    }
    const shape = entry.shape;
    const offsets = entry.data_offsets;
    const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
    if (
      !Array.isArray(shape) ||
      !shape.every(isCount) ||
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every(isCount)
    ) {
      return fail(message("error.checkpoint.entry", { tensor: name }), { code: "syntax", matrix: name });
    }
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const d = dtype as SafetensorsDtype;
    if (end < begin || end > dataBytes || end - begin !== count * BYTES[d]) {
      return fail(
        message("error.checkpoint.offsets", { tensor: name, begin, end, want: count * BYTES[d], dataBytes }),
        { code: "shape", matrix: name },
      );
    }
    entries.set(name, { dtype: d, shape: shape as number[], begin, end });
  }
  return ok({ headerBytes: 8 + n, entries });
}

/** Every tensor of a whole safetensors file, widened to float32. */
export function maybeSafetensors(bytes: Uint8Array): Result<Map<string, StoredTensor>> {
  const header = maybeSafetensorsHeader(bytes, bytes.length);
  if (!header.ok) return header;
  const tensors = new Map<string, StoredTensor>();
  for (const [name, e] of header.value.entries) {
    const at = header.value.headerBytes + e.begin;
    tensors.set(name, {
      dtype: e.dtype,
      shape: e.shape,
      data: widen(e.dtype, bytes.subarray(at, header.value.headerBytes + e.end)),
    });
  }
  return ok(tensors);
}

/** Little-endian F32, F16 or BF16 bytes as float32 values. */
export function widen(dtype: SafetensorsDtype, bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / BYTES[dtype]);
  if (dtype === "F32") {
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  } else if (dtype === "BF16") {
    // bfloat16 is the top half of a float32.
    const word = new DataView(new ArrayBuffer(4));
    for (let i = 0; i < out.length; i++) {
      word.setUint32(0, view.getUint16(2 * i, true) << 16);
      out[i] = word.getFloat32(0);
    }
  } else {
    for (let i = 0; i < out.length; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
  }
  return out;
}

/** IEEE 754 binary16 → number: sign, 5 exponent bits (bias 15), 10 fraction bits; subnormals, ±∞ and NaN. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
