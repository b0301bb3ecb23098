import "@tensorflow/tfjs"; // registers the cpu backend and tfjs's gradients (the Llama trainer uses its autodiff) in node
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, describe, expect, it } from "vitest";
import { createRandom } from "../../core/random";
import { initBackend } from "../../engine/backends";
import type { LlamaShapeSpec } from "../lm/shape";
import { createLlamaTrainer, initialLlamaWeights } from "./llamaTrainer";

tf.enableProdMode();

// The shipped models' recipe in miniature: RoPE, grouped-query heads (2 query heads on 1 KV head), SwiGLU.
const SHAPE: LlamaShapeSpec = {
  vocab: 12,
  dModel: 16,
  layers: 2,
  heads: 2,
  kvHeads: 1,
  ffn: 24,
  context: 8,
  ropeTheta: 10_000,
  normEps: 1e-5,
};

/** `steps` Adam steps on seeded random batches of 4 windows, as scripts/train-lm.ts draws them. */
async function train(seed: number, steps: number) {
  const random = createRandom(seed ^ 0x5eed);
  const trainer = createLlamaTrainer(SHAPE, initialLlamaWeights(SHAPE, seed));
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = Array.from({ length: 4 }, () =>
      Array.from({ length: SHAPE.context + 1 }, () => Math.floor(random.uniform() * SHAPE.vocab)),
    );
    losses.push(await trainer.step(batch, 0.01));
  }
  const weights = await trainer.weights();
  trainer.dispose();
  return { losses, weights };
}

/** Every weight's bits, tensor by tensor, in a form whose equality means bit-identical. */
const bits = (weights: Map<string, Float32Array>) =>
  [...weights].map(([name, w]) => [name, Array.from(new Uint32Array(w.buffer, w.byteOffset, w.length))]);

afterAll(async () => {
  await initBackend("cpu");
});

describe.each(["cpu", "wasm"] as const)("training a Llama-style model on %s", (backend) => {
  it("is reproducible: the same seed gives bit-identical weights and losses; another seed does not", async () => {
    expect((await initBackend(backend)).ok).toBe(true);
    const first = await train(15, 5);
    const again = await train(15, 5);
    const other = await train(16, 5);
    expect(again.losses).toEqual(first.losses);
    expect(bits(again.weights)).toEqual(bits(first.weights));
    expect(bits(other.weights)).not.toEqual(bits(first.weights));
    // The steps did train: the weights moved from their seeded start.
    const start = initialLlamaWeights(SHAPE, 15);
    expect(bits(first.weights)).not.toEqual(bits(start));
    expect(tf.memory().numTensors).toBeLessThan(200);
  });
});
