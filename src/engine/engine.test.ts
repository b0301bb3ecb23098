import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { afterEach, describe, expect, it } from "vitest";
import { maybeProblem } from "../core/problem";
import { traceOnBackend } from "./attention";
import { lossOf, SWITCH_ATTEMPTS, switchBackend } from "./backends";
import { createEngine } from "./engine";

tf.enableProdMode();

/** Two keys in hard mode: the weights are tf.oneHot of the argmax, so a OneHot kernel that throws refuses it. */
const HARD = {
  source: {
    kind: "qkv",
    q: [[1, 0]],
    k: [
      [1, 0],
      [0, 1],
    ],
    v: [[5], [7]],
  },
  mode: "hard",
} as const;
const SOFT = { source: { kind: "qkv", q: [[1]], k: [[1], [2]], v: [[1], [2]] } } as const;

/** Makes `backend`'s OneHot kernel throw, as a kernel that refuses an input does; undone after each test. */
const refused: (() => void)[] = [];
function refuseOneHot(backend: "cpu" | "wasm"): void {
  const kernel = tf.getKernel("OneHot", backend);
  if (!kernel) throw new Error(`no OneHot kernel on ${backend}`);
  tf.unregisterKernel("OneHot", backend);
  tf.registerKernel({
    ...kernel,
    kernelFunc: () => {
      throw new Error("OneHot refused this input");
    },
  });
  refused.push(() => {
    tf.unregisterKernel("OneHot", backend);
    tf.registerKernel(kernel);
  });
}
afterEach(() => {
  for (const undo of refused.splice(0)) undo();
});

describe("making a backend current", () => {
  it("is bounded: when another party switches the backend back every time, the computation fails after SWITCH_ATTEMPTS tries", async () => {
    const problem = maybeProblem(SOFT);
    if (!problem.ok) throw problem.error;
    await tf.setBackend("cpu");
    await tf.setBackend("wasm");
    // Another engine on the same page that wants cpu, and gets it back whenever this one switched away.
    let stop = false;
    const rival = (async () => {
      while (!stop) await tf.setBackend("cpu");
    })();
    try {
      await expect(traceOnBackend(problem.value, "wasm")).rejects.toThrow(
        `wasm could not be made the current backend in ${SWITCH_ATTEMPTS} attempts`,
      );
    } finally {
      stop = true;
      await rival;
    }
    // Alone, it gets there at once.
    const trace = await traceOnBackend(problem.value, "wasm");
    expect(trace.backend).toBe("wasm");
  });

  it("gives up on a setBackend that never answers, with a message that says which backend and how long", async () => {
    tf.registerBackend("webgl", () => new Promise<tf.KernelBackend>(() => undefined));
    try {
      await expect(switchBackend("webgl", 0, 50)).rejects.toThrow(
        "making webgl the current backend did not finish within 50 ms",
      );
    } finally {
      tf.removeBackend("webgl");
    }
  });

  it("says so when tfjs cannot make the backend current", async () => {
    tf.registerBackend("webgl", () => {
      throw new Error("no GL here");
    });
    try {
      await expect(switchBackend("webgl", 0)).rejects.toThrow("tfjs could not initialise webgl");
    } finally {
      tf.removeBackend("webgl");
    }
  });
});

describe("a problem that a kernel refuses", () => {
  it("on every backend retires none of them: the float64 reference answers, and the next problem runs as asked", async () => {
    refuseOneHot("cpu");
    refuseOneHot("wasm");
    const engine = createEngine({ backend: "cpu" });
    const refusedEverywhere = await engine.compute(HARD);
    expect(refusedEverywhere.backend).toBe("reference");
    expect([...refusedEverywhere.trace.output.data]).toEqual([5]);
    expect(refusedEverywhere.notices.filter((n) => n.key === "engine.failed").map((n) => n.backend)).toEqual([
      "cpu",
      "wasm",
    ]);
    expect(refusedEverywhere.notices.every((n) => n.kind === "backend-failed")).toBe(true);
    expect(engine.report().lost).toEqual([]);

    for (const undo of refused.splice(0)) undo();
    const next = await engine.compute(HARD);
    expect(next.backend).toBe("cpu");
    expect(next.notices).toEqual([]);
    expect([...next.trace.output.data]).toEqual([5]);
    const wasm = await createEngine({ backend: "wasm" }).compute(SOFT);
    expect(wasm.backend).toBe("wasm");
  });

  it("on one backend only retires that one, since another computed the same problem", async () => {
    refuseOneHot("wasm");
    const engine = createEngine({ backend: "wasm" });
    const result = await engine.compute(HARD);
    expect(result.backend).toBe("cpu");
    expect([...result.trace.output.data]).toEqual([5]);
    expect(result.notices.map((n) => [n.kind, n.backend])).toContainEqual(["backend-failed", "wasm"]);
    expect(engine.report().lost).toEqual([{ name: "wasm", reason: "OneHot refused this input" }]);
  });
});

describe("lossOf", () => {
  it("cpu and wasm are never lost", async () => {
    expect(await lossOf("cpu")).toBeUndefined();
    expect(await lossOf("wasm")).toBeUndefined();
  });

  it("a WebGPU device that was destroyed is lost, with the reason translated", async () => {
    tf.registerBackend(
      "webgpu",
      () =>
        ({
          device: { lost: Promise.resolve({ reason: "destroyed", message: "" }) },
          dispose: () => undefined,
        }) as unknown as tf.KernelBackend,
    );
    try {
      expect(await lossOf("webgpu")).toEqual({
        key: "engine.deviceLost",
        params: {
          reason: { key: "word.destroyed", params: {} },
          message: { key: "word.noMessage", params: {} },
        },
      });
    } finally {
      tf.removeBackend("webgpu");
    }
  });
});
