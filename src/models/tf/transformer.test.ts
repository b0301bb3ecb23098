import "@tensorflow/tfjs"; // registers the cpu backend, and tfjs's gradients: the check on the written-out ones
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { ModelConfig } from "../modelFile";
import { FLOAT32_TOLERANCE } from "../../core/parity";
import { attentionReference } from "../../core/reference";
import { TASKS } from "../tasks";
import { expectClose } from "../../core/test-helpers";
import { initBackend } from "../../engine/backends";
import { accuracy, predict } from "./predict";
import { createTrainer } from "./trainer";
import { createRandom } from "../../core/random";
import { trainingBatch } from "../sequences";
import {
  createParams,
  disposeParams,
  forward,
  initialWeights,
  lossAndGradients,
  maskedCrossEntropy,
  paramShapes,
} from "./transformer";

tf.enableProdMode();

const small = (task: ModelConfig["task"], layers = 2): ModelConfig => ({
  task,
  dModel: 16,
  heads: 2,
  layers,
  ffn: 32,
  maxPositions: 18,
});

beforeAll(async () => {
  expect((await initBackend("cpu")).ok).toBe(true);
});

describe("the transformer's attention", () => {
  it.each(["reverse", "induction", "translate"] as const)(
    "%s: every block's weights are the float64 reference's, recomputed from the block's own Q, K and V",
    async (task) => {
      const config = small(task);
      const params = createParams(initialWeights(config, 4), config);
      const input = TASKS[task].sample.split(TASKS[task].split === "words" ? " " : "");
      const { blocks, output } = await predict(params, config, input);
      disposeParams(params);
      expect(output).toHaveLength(input.length);
      // Decoder layers self-attend; an encoder–decoder adds its encoder and one cross-attention per layer.
      expect(blocks.map((b) => b.name)).toEqual(
        task === "translate"
          ? [
              "encoder 1",
              "encoder 2",
              "decoder 1 self",
              "decoder 1 cross",
              "decoder 2 self",
              "decoder 2 cross",
            ]
          : ["layer 1", "layer 2"],
      );
      for (const block of blocks) {
        expect(block.q.rows).toBe(block.queryTokens.length);
        expect(block.k.rows).toBe(block.keyTokens.length);
        const reference = attentionReference({
          source: { kind: "qkv", q: block.q, k: block.k, v: block.v },
          heads: config.heads,
          score: "scaled-dot",
          mask: { kind: block.causal ? "causal" : "none" },
        });
        expectClose(block.weights.data, reference.weights.data, FLOAT32_TOLERANCE);
      }
    },
  );

  it("has one weight of each named shape, drawn the same from the same seed", () => {
    const config = small("translate", 1);
    const a = initialWeights(config, 9);
    expect(Object.keys(a)).toEqual(Object.keys(paramShapes(config)));
    expect(Array.from(initialWeights(config, 9)["dec0.self.wq"]!.data)).toEqual(
      Array.from(a["dec0.self.wq"]!.data),
    );
    expect(Array.from(initialWeights(config, 10)["dec0.self.wq"]!.data)).not.toEqual(
      Array.from(a["dec0.self.wq"]!.data),
    );
  });

  it("refuses weights of the wrong shape, naming the weight", () => {
    const config = small("sort");
    const weights = { ...initialWeights(config, 1), "out.b": { shape: [3], data: new Float32Array(3) } };
    expect(() => createParams(weights, config)).toThrow("weight out.b is [3]: this model needs [12]");
  });
});

describe("training", () => {
  it("lowers the loss, repeats itself exactly from the same seed, and frees every tensor", async () => {
    const config = small("sort", 1);
    const run = async () => {
      const trainer = createTrainer(config, { seed: 5, learningRate: 1e-2, batchSize: 32, warmupSteps: 10 });
      const losses: number[] = [];
      for (let i = 0; i < 120; i++) losses.push(await trainer.step());
      trainer.dispose();
      return losses;
    };
    const before = tf.memory().numTensors;
    const losses = await run();
    expect(tf.memory().numTensors).toBe(before);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-20))).toBeLessThan(0.7 * mean(losses.slice(0, 20)));
    expect(await run()).toEqual(losses);
  });

  it("a model's weights, read back and loaded again, predict the same", async () => {
    const config = small("reverse", 1);
    const trainer = createTrainer(config, { seed: 2, learningRate: 1e-2, batchSize: 16 });
    for (let i = 0; i < 5; i++) await trainer.step();
    const copy = createParams(await trainer.weights(), config);
    const input = [..."abcdef"];
    const a = await predict(trainer.params, config, input);
    const b = await predict(copy, config, input);
    expect(b.output).toEqual(a.output);
    expectClose(b.blocks[0]!.weights.data, a.blocks[0]!.weights.data, 0);
    const examples = [{ input, output: [...input].reverse() }];
    expect(await accuracy(copy, config, examples)).toEqual(await accuracy(trainer.params, config, examples));
    trainer.dispose();
    disposeParams(copy);
  });
});

// A training step's gradients are written out layer by layer (transformer.ts, Tape). They are checked here
// against tfjs's own autodiff of the same forward pass on the cpu backend: a path that shares none of that
// code. On wasm, attention's products run as XNNPACK's depthwise convolutions (channelProduct), which the
// cpu backend computes in plain JavaScript: the written-out gradients on wasm are checked against the
// same cpu autodiff.
describe("the gradients written out", () => {
  it.each([
    ["reverse", 2, 32, "cpu"],
    ["induction", 2, 0, "cpu"], // no feed-forward blocks
    ["translate", 1, 32, "cpu"], // encoder, decoder and cross-attention
    ["reverse", 2, 32, "wasm"],
    ["translate", 1, 32, "wasm"],
  ] as const)(
    "%s (%s layers, ffn %s) on %s: the loss and every weight's gradient are tfjs autodiff's",
    async (task, layers, ffn, backend) => {
      const config = { ...small(task, layers), ffn };
      const batch = trainingBatch(TASKS[task], createRandom(11), 8);
      const tensors = () => ({
        tokens: tf.tensor2d(batch.tokens, [8, batch.tokens[0]!.length], "int32"),
        targets: tf.tensor2d(batch.targets, [8, batch.targets[0]!.length], "int32"),
        source: batch.source ? tf.tensor2d(batch.source, [8, batch.length], "int32") : undefined,
      });
      const read = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));
      const params = createParams(initialWeights(config, 3), config);
      const variables = Object.values(params);
      const autodiff = tf.tidy(() => {
        const { tokens, targets, source } = tensors();
        const theirs = tf.variableGrads(
          () => maskedCrossEntropy(forward(params, config, tokens, source), targets, batch.lossWeights),
          variables,
        );
        return read([theirs.value, ...variables.map((v) => theirs.grads[v.name]!)]);
      });
      disposeParams(params);
      expect((await initBackend(backend)).ok).toBe(true);
      expect(tf.getBackend()).toBe(backend);
      const own = createParams(initialWeights(config, 3), config);
      const written = tf.tidy(() => {
        const { loss, gradients } = lossAndGradients(
          own,
          config,
          { ...tensors(), lossWeights: batch.lossWeights },
          Object.values(own),
        );
        return read([loss, ...gradients]);
      });
      disposeParams(own);
      expect((await initBackend("cpu")).ok).toBe(true);
      const names = ["loss", ...Object.keys(own)];
      expect(written).toHaveLength(names.length);
      written.forEach((values, i) => {
        const expected = autodiff[i]!;
        // float32 sums in another order: within 1e-5 times the largest entry (at least 1e-5).
        const scale = Math.max(1, ...expected.map(Math.abs));
        try {
          expectClose(values, expected, FLOAT32_TOLERANCE * scale);
        } catch (error) {
          throw new Error(`${names[i]}: ${(error as Error).message.slice(0, 200)}`, { cause: error });
        }
      });
      // Not a vacuous agreement: every weight's gradient moves it.
      for (const [i, expected] of autodiff.slice(1).entries())
        expect(Math.max(...expected.map(Math.abs)), names[i + 1]).toBeGreaterThan(1e-4);
    },
  );
});
