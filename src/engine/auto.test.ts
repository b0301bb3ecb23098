import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { FLOAT32_TOLERANCE, PARITY_CASES, compareTraces } from "../core/parity";
import { attentionReference } from "../core/reference";
import type { CostModel } from "./choose";
import { createEngine } from "./engine";

tf.enableProdMode();

const spec = PARITY_CASES[0]!.spec;
const cost = (name: CostModel["name"], fixedMs: number): CostModel => ({
  name,
  fixedMs,
  msPerWork: 0,
  samples: [],
});

// Node has neither WebGPU nor WebGL: auto mode chooses between wasm and cpu here.
describe("auto mode in node", () => {
  it("answers first on the likely-fastest backend (wasm), then measures every backend that starts", async () => {
    const engine = createEngine({ calibrations: {} });
    const first = await engine.compute(spec);
    expect(first.backend).toBe("wasm");
    expect(engine.report().attempts.map((a) => a.name)).toEqual(["wasm"]);
    expect(compareTraces(first.trace, attentionReference(spec), FLOAT32_TOLERANCE)).toEqual([]);
    const report = await engine.calibrated();
    expect(report.calibration).toBe("measured");
    expect(report.costs.map((c) => c.name).sort()).toEqual(["cpu", "wasm"]);
    for (const c of report.costs)
      expect(c.samples.map((s) => s.work)).toEqual([19_456, 17_563_648, 281_018_368]);
    expect(report.device).toContain("webgpu: none");
  });

  it("chooses by what was measured, not by name: a device whose cpu measured faster computes on cpu", async () => {
    const probe = createEngine({ calibrations: {} });
    await probe.ready();
    const device = probe.report().device!;
    const engine = createEngine({ calibrations: { [device]: [cost("wasm", 5), cost("cpu", 1)] } });
    const result = await engine.compute(spec);
    expect(result.backend).toBe("cpu");
    expect(engine.report().calibration).toBe("stored");
    expect(engine.report().costs.map((c) => c.name)).toEqual(["wasm", "cpu"]);
  });
});
