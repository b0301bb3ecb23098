import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { FLOAT32_TOLERANCE, PARITY_CASES, compareTraces } from "../core/parity";
import { attentionReference } from "../core/reference";
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
