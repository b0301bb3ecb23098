import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { FLOAT32_TOLERANCE, PARITY_CASES, compareTraces } from "../core/parity";
import { attentionReference } from "../core/reference";
import { NUMPY_3X4 } from "../core/knownAnswers";
import { expectClose } from "../core/test-helpers";
import { createEngine } from "./engine";

tf.enableProdMode();

describe.each(["cpu", "wasm"] as const)("the %s backend", (backend) => {
  const engine = createEngine({ backend });
  beforeAll(async () => {
    await engine.ready();
  });

  it.each(PARITY_CASES.map((c) => [c.name, c] as const))(
    "matches the float64 reference: %s",
    async (_, c) => {
      const result = await engine.compute(c.spec);
      expect(result.backend).toBe(backend);
      expect(result.notices).toEqual([]);
      expect(compareTraces(result.trace, attentionReference(c.spec), FLOAT32_TOLERANCE)).toEqual([]);
    },
  );

  it("frees every tensor: after 1,000 computations the live tensor count is back where it started", async () => {
    const spec = PARITY_CASES.find((c) => c.name.startsWith("tokens with sinusoidal"))!.spec;
    await engine.compute(spec);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) await engine.compute(spec);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("a 3 × 4 problem worked in numpy (float64), to 1e-6", () => {
  it.each(["reference", "cpu", "wasm"] as const)("on %s", async (backend) => {
    const trace =
      backend === "reference"
        ? attentionReference(NUMPY_3X4.spec)
        : (await createEngine({ backend }).compute(NUMPY_3X4.spec)).trace;
    expect(trace.backend).toBe(backend);
    expectClose(trace.scaled.data, NUMPY_3X4.scaled.flat(), 1e-6);
    expectClose(trace.weights.data, NUMPY_3X4.weights.flat(), 1e-6);
    expectClose(trace.output.data, NUMPY_3X4.output.flat(), 1e-6);
  });
});

describe("float32 overflow", () => {
  it("is reported as a located too-large error, never as NaN weights, and no backend is dropped for it", async () => {
    const d = 2048;
    const filled = (rows: number, cols: number) => ({
      rows,
      cols,
      data: new Float64Array(rows * cols).fill(1e6),
    });
    const w = filled(d, d);
    // Q entries are 2048·1e12 = 2e15, scores 8e33, divided by τ = 1e-6: 8e39, past float32's 3.4e38.
    const spec = {
      source: { kind: "embeddings", x: filled(1, d), wq: w, wk: w, wv: w },
      score: "dot",
      temperature: 1e-6,
    } as const;
    const engine = createEngine({ backend: "cpu" });
    await expect(engine.compute(spec)).rejects.toMatchObject({
      name: "AttentionInputError",
      code: "too-large",
      matrix: "scores",
    });
    expect(engine.report().lost).toEqual([]);
  });

  it.each(["cpu", "wasm"] as const)(
    "to −∞ is a located error too on %s, never NaN weights (embeddings of 1e6, general score, τ = 1e-6)",
    async (backend) => {
      const d = 64;
      const filled = (value: number) => Array.from({ length: d }, () => new Array<number>(d).fill(value));
      // Q = K = X·W (entries 64e12); q·W·k = −64²·1e6·(64e12)² ≈ −1.7e37, finite in float32; divided by
      // τ = 1e-6 it is −1.7e43, past −3.4e38: every score of the row is −∞ and its softmax NaN.
      const spec = {
        source: {
          kind: "embeddings",
          x: [new Array<number>(d).fill(1e6)],
          wq: filled(1e6),
          wk: filled(1e6),
          wv: filled(1e6),
        },
        score: "general",
        scoreParams: { general: [filled(-1e6)] },
        temperature: 1e-6,
      } as const;
      // In float64 the same scores are finite: the reference computes them.
      expect(attentionReference(spec).scaled.data[0]).toBeCloseTo(
        (-(64 ** 2) * 1e6 * 64e12 ** 2) / 1e-6,
        -38,
      );
      const engine = createEngine({ backend });
      await expect(engine.compute(spec)).rejects.toMatchObject({
        name: "AttentionInputError",
        code: "too-large",
        matrix: "scores",
        row: 0,
        col: 0,
        message:
          "head 1, query 1, key 1: the scaled score is -Infinity (float32 overflow): expected a finite number; make the inputs smaller or the temperature larger",
      });
      expect(engine.report().lost).toEqual([]);
    },
  );
});
