import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "./backends";

tf.enableProdMode();

beforeAll(async () => {
  // Loading tfjs-wasm puts registerHeapSlice's kernel in place of tfjs's (backends.ts).
  expect((await initBackend("wasm")).ok).toBe(true);
  expect((await initBackend("cpu")).ok).toBe(true);
});

/** x sliced on `backend`, as a flat list and a shape. */
async function sliceOn(
  backend: "wasm" | "cpu",
  values: number[],
  shape: number[],
  dtype: "float32" | "int32" | "bool",
  begin: number[],
  size: number[],
) {
  await tf.setBackend(backend);
  const x = tf.tensor(values, shape, dtype);
  const y = tf.slice(x, begin, size);
  const out = { shape: y.shape, values: Array.from(await y.data()) };
  tf.dispose([x, y]);
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i * 1.5 - 7);

describe("wasm's Slice, read through a view of the heap", () => {
  const cases: [string, number[], "float32" | "int32" | "bool", number[], number[]][] = [
    ["a run of a vector", [30], "float32", [7], [11]],
    ["a vector to its end (size −1)", [30], "float32", [25], [-1]],
    ["whole rows of a matrix (contiguous)", [6, 5], "float32", [2, 0], [3, 5]],
    ["a head's columns of Q: some columns of every row", [6, 8], "float32", [0, 4], [6, 2]],
    ["a block inside a matrix", [6, 8], "int32", [1, 3], [4, 3]],
    ["a single entry", [6, 8], "float32", [5, 7], [1, 1]],
    ["booleans", [4, 4], "bool", [1, 1], [2, 3]],
    ["rank 3 (tfjs's own kernel)", [2, 3, 4], "float32", [1, 0, 1], [1, 2, 3]],
  ];
  for (const [name, shape, dtype, begin, size] of cases) {
    it(`gives the cpu backend's numbers: ${name}`, async () => {
      const count = shape.reduce((a, b) => a * b, 1);
      const values = dtype === "bool" ? range(count).map((v) => Number(v > 0)) : range(count);
      const onWasm = await sliceOn("wasm", values, shape, dtype, begin, size);
      const onCpu = await sliceOn("cpu", values, shape, dtype, begin, size);
      expect(onWasm).toEqual(onCpu);
      expect(onWasm.values.length).toBeGreaterThan(0);
    });
  }

  it("a head's columns, worked by hand: columns 2–3 of [[0, 1, 2, 3], [4, 5, 6, 7]]", async () => {
    expect(await sliceOn("wasm", [0, 1, 2, 3, 4, 5, 6, 7], [2, 4], "float32", [0, 2], [2, 2])).toEqual({
      shape: [2, 2],
      values: [2, 3, 6, 7],
    });
  });
});
