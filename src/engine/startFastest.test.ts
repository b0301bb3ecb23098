import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { PARITY_CASES } from "../core/parity";
import { deviceKey, type CostModel } from "./choose";
import { createEngine } from "./engine";

tf.enableProdMode();

// Its own file: no backend of this module's page has started before these lines.
describe("auto mode and start-up costs", () => {
  it("answers on the backend that is ready soonest, then starts the fastest one for the next problems", async () => {
    const device = deviceKey(typeof navigator === "undefined" ? "node" : navigator.userAgent, undefined);
    const model = (name: CostModel["name"], fixedMs: number, startMs: number): CostModel => ({
      name,
      fixedMs,
      msPerWork: 0,
      samples: [],
      startMs,
    });
    // wasm computes 10× faster once started, but starts 1 s later than cpu (remembered costs).
    const engine = createEngine({
      calibrations: { [device]: [model("wasm", 0.5, 1000), model("cpu", 5, 0)] },
    });
    const spec = PARITY_CASES[0]!.spec;
    expect((await engine.compute(spec)).backend).toBe("cpu");
    const started = () => engine.report().attempts.some((a) => a.name === "wasm" && a.ok);
    for (let waited = 0; !started() && waited < 20_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(started()).toBe(true);
    expect((await engine.compute(spec)).backend).toBe("wasm");
    expect(engine.report().calibration).toBe("stored");
  });
});
