import { describe, expect, it } from "vitest";
import type { TrainEvent } from "../../models/tf/trainClient";
import { IDLE, MAX_SNAPSHOTS, reduceTraining, type TrainingAction } from "./useTraining";

const run = (...actions: TrainingAction[]) => actions.reduce(reduceTraining, IDLE);
const ok = { type: "backend", attempt: { name: "wasm", ok: true } } as const;
const step = (n: number): TrainEvent => ({ type: "step", step: n, loss: 1 / n, stepsPerSecond: 10 });
const snapshot = (n: number): TrainEvent => ({ type: "snapshot", step: n, output: [], blocks: [] });

describe("the training view's state", () => {
  it("follows the worker: starting, running with every step's loss, paused, and reset to idle", () => {
    const running = run(
      { type: "starting", backend: "wasm" },
      ok,
      { type: "running", running: true },
      step(1),
      step(2),
    );
    expect(running).toMatchObject({
      phase: "running",
      backend: "wasm",
      step: 2,
      loss: [
        [1, 1],
        [2, 0.5],
      ],
    });
    expect(reduceTraining(running, { type: "running", running: false }).phase).toBe("paused");
    expect(reduceTraining(running, { type: "reset" })).toBe(IDLE);
  });

  it("applies a frame's batch of events as if one by one", () => {
    const events = [ok, { type: "running", running: true } as const, step(1), snapshot(1), step(2)];
    expect(run({ type: "starting", backend: "wasm" }, { type: "events", events })).toEqual(
      run({ type: "starting", backend: "wasm" }, ...events),
    );
  });

  it("a backend that did not start stays failed, with its reason", () => {
    const failed = run(
      { type: "starting", backend: "webgpu" },
      { type: "backend", attempt: { name: "webgpu", ok: false, reason: "this browser has no WebGPU" } },
      { type: "running", running: false },
    );
    expect(failed).toMatchObject({ phase: "failed", failure: "this browser has no WebGPU" });
  });

  it("keeps at most MAX_SNAPSHOTS probe snapshots, thinning the old ones and keeping the first and the latest", () => {
    let state = run({ type: "starting", backend: "wasm" });
    for (let n = 0; n <= 1000; n++) state = reduceTraining(state, snapshot(n * 25));
    expect(state.snapshots.length).toBeLessThanOrEqual(MAX_SNAPSHOTS);
    expect(state.snapshots[0]!.step).toBe(0);
    expect(state.snapshots.at(-1)!.step).toBe(25_000);
    const steps = state.snapshots.map((s) => s.step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });
});
