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

describe("a checkpoint's blocks, as the models page and the explorer take them", () => {
  it.each(["gpt2-f32", "llama-f32-untied"])(
    "%s: each head's softmax(q·kᵀ/√d_h), causal, recomputed from the block's own Q and K, is its weights",
    async (name) => {
      expect((await initBackend("cpu")).ok).toBe(true);
      const { config, weights, expected } = loadFixture(name);
      const model = createCheckpointModel(config, weights);
      const run = await runCheckpoint(model, expected.tokens);
      disposeCheckpointModel(model);
      const n = expected.tokens.length;
      const hd = config.headDim;
      expect(run.blocks).toHaveLength(config.layers);
      for (const block of run.blocks) {
        expect(block.q.cols).toBe(config.heads * hd);
        for (let h = 0; h < config.heads; h++) {
          for (let i = 0; i < n; i++) {
            const scores = Array.from({ length: i + 1 }, (_, j) => {
              let s = 0;
              for (let c = 0; c < hd; c++)
                s +=
                  block.q.data[i * block.q.cols + h * hd + c]! * block.k.data[j * block.k.cols + h * hd + c]!;
              return s / Math.sqrt(hd);
            });
            const max = Math.max(...scores);
            const sum = scores.reduce((a, s) => a + Math.exp(s - max), 0);
            scores.forEach((s, j) =>
              expect(
                Math.abs(block.weights.data[h * n * n + i * n + j]! - Math.exp(s - max) / sum),
              ).toBeLessThan(TOLERANCE),
            );
            for (let j = i + 1; j < n; j++) expect(block.weights.data[h * n * n + i * n + j]).toBe(0);
          }
        }
      }
    },
  );
});
