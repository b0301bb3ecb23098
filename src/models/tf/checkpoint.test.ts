import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { forward64 } from "../checkpoint/forward64";
import { FIXTURES, loadFixture } from "../checkpoint/test-fixtures";
import { initBackend } from "../../engine/backends";
import { createCheckpointModel, disposeCheckpointModel, runCheckpoint } from "./checkpoint";

tf.enableProdMode();

/**
 * The project's float32 parity tolerance (core/parity.ts): 1e-5, relative above 1. Through two transformer
 * layers the errors seen here are at most 6e-6 (logits up to about 5 in size), and any wrong formula gives
 * errors of 1e-2 or more (checked by breaking RoPE's sign and gelu's constant).
 */
const TOLERANCE = 1e-5;

describe.each(["cpu", "wasm"] as const)("a checkpoint run by tfjs on %s", (backend) => {
  it.each(FIXTURES)("%s: logits and every head's attention equal the float64 forward pass", async (name) => {
    expect((await initBackend(backend)).ok).toBe(true);
    const { config, weights, expected } = loadFixture(name);
    const want = forward64(config, weights, expected.tokens);
    const before = tf.memory().numTensors;
    const model = createCheckpointModel(config, weights);
    const got = await runCheckpoint(model, expected.tokens);
    disposeCheckpointModel(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(got.kvHeadOf).toEqual(want.kvHeadOf);
    let worst = 0;
    const error = (got: number, want: number) => Math.abs(got - want) / Math.max(1, Math.abs(want));
    got.logits.forEach((v, i) => (worst = Math.max(worst, error(v, want.logits[i]!))));
    got.attention.forEach((layer, l) =>
      layer.forEach((head, h) =>
        head.forEach((v, i) => (worst = Math.max(worst, error(v, want.attention[l]![h]![i]!)))),
      ),
    );
    expect(worst).toBeLessThan(TOLERANCE);
  });
});
