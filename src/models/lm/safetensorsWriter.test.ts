import { describe, expect, it } from "vitest";
import { halfToFloat, maybeSafetensors } from "../checkpoint/safetensors";
import { encodeSafetensors, floatToHalf } from "./safetensorsWriter";

describe("writing safetensors", () => {
  it("floatToHalf rounds to the nearest binary16 (ties to even) and halfToFloat reads it back", () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(1e6)).toBe(0x7c00);
    expect(floatToHalf(2 ** -24)).toBe(1);
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa, 1.
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00);
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    for (const x of [0.1, -0.333, 3.14159, 1e-5, 123.456]) {
      expect(Math.abs(halfToFloat(floatToHalf(x)) - x)).toBeLessThanOrEqual(
        Math.abs(x) * 2 ** -11 + 2 ** -25,
      );
    }
  });

  it("a written file is read back by the app's reader: names, shapes and values", () => {
    const a = Float32Array.from([1, -0.5, 0.25, 2, 3, 4]);
    const b = Float32Array.from([0.1, 0.2]);
    for (const dtype of ["F32", "F16"] as const) {
      const bytes = encodeSafetensors(
        [
          { name: "a", shape: [2, 3], data: a },
          { name: "b", shape: [2], data: b },
        ],
        dtype,
      );
      const read = maybeSafetensors(bytes);
      if (!read.ok) throw read.error;
      expect(read.value.get("a")!.shape).toEqual([2, 3]);
      expect(read.value.get("a")!.dtype).toBe(dtype);
      expect([...read.value.get("a")!.data]).toEqual([...a]);
      const tol = dtype === "F16" ? 1e-3 : 1e-7;
      read.value.get("b")!.data.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(tol));
    }
  });
});
