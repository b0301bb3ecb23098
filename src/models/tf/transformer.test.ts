import "@tensorflow/tfjs"; // registers the gradients in node (see gradients.ts)
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
import {
  attendFused,
  createParams,
  disposeParams,
  initialWeights,
  layerNormFused,
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

/** A tensor of N(0, 1) numbers from a seed. */
function seeded(shape: number[], seed: number, scale = 1): tf.Tensor {
  const random = createRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: size }, () => random.normal() * scale),
    shape,
  );
}

/**
 * f's value and its gradients with respect to xs, under the upstream gradient `upstream` (the gradient of
 * sum(f(xs) · upstream)), read back as arrays.
 */
function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[], upstream?: tf.Tensor) {
  return tf.tidy(() => {
    const value = f(...xs);
    const grads = tf.grads((...a: tf.Tensor[]) => {
      const y = f(...a);
      return upstream ? tf.sum(tf.mul(y, upstream)) : (y as tf.Scalar);
    })(xs);
    return [value, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

/** Each array of `actual` is within FLOAT32_TOLERANCE of the same array of `expected`. */
function expectAllClose(actual: number[][], expected: number[][]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expectClose(a, expected[i]!, FLOAT32_TOLERANCE));
}

// The training step's LayerNorm, attention and loss have their gradients written out (transformer.ts). Each is
// checked against tfjs's own autodiff of the plain ops they replace: a path that shares none of their code.
describe("the gradients written out", () => {
  it("LayerNorm: the values and the gradients of x, gain and bias are those of the plain ops", () => {
    const [x, g, b, up] = [seeded([3, 4, 8], 1, 3), seeded([8], 2), seeded([8], 3), seeded([3, 4, 8], 4)];
    const plain = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(x, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
    };
    const expected = valueAndGrads(plain, [x!, g!, b!], up);
    expectAllClose(valueAndGrads(layerNormFused, [x!, g!, b!], up), expected);
    // Not a vacuous agreement: the gradients are not zero.
    for (const grad of expected.slice(1)) expect(Math.max(...grad.map(Math.abs))).toBeGreaterThan(0.05);
  });

  it.each([
    ["without a mask", false],
    ["with a causal mask", true],
  ])("attention %s: the mix and the gradients of Q, K and V are those of the plain ops", (_, causal) => {
    const [q, k, v, up] = [
      seeded([2, 2, 5, 4], 5),
      seeded([2, 2, 5, 4], 6),
      seeded([2, 2, 5, 4], 7),
      seeded([2, 2, 5, 4], 8),
    ];
    const mask = causal
      ? tf.tensor2d(
          Array.from({ length: 25 }, (_, i) => (i % 5 > Math.floor(i / 5) ? -1e9 : 0)),
          [5, 5],
        )
      : undefined;
    const plain = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => {
      let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(4));
      if (mask) scores = tf.add(scores, mask);
      return tf.matMul(tf.softmax(scores), v);
    };
    const expected = valueAndGrads(plain, [q!, k!, v!], up);
    expectAllClose(
      valueAndGrads(attendFused(mask) as (...xs: tf.Tensor[]) => tf.Tensor, [q!, k!, v!], up),
      expected,
    );
    for (const grad of expected.slice(1)) expect(Math.max(...grad.map(Math.abs))).toBeGreaterThan(0.05);
    mask?.dispose();
  });

  it("masked cross-entropy: the loss and the logits' gradient are those of the plain ops", () => {
    const logits = seeded([3, 4, 6], 9, 2);
    const targets = tf.tensor2d([0, 5, 2, 1, 3, 3, 4, 0, 1, 2, 5, 5], [3, 4], "int32");
    const weights = [0, 1, 1, 0.5];
    const plain = (logits: tf.Tensor) => {
      const picked = tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(targets, 6)), -1);
      return tf.div(tf.neg(tf.sum(tf.mul(picked, tf.tensor1d(weights)))), 3 * 2.5);
    };
    const expected = valueAndGrads(plain, [logits]);
    expectAllClose(
      valueAndGrads((l) => maskedCrossEntropy(l as tf.Tensor3D, targets, weights), [logits]),
      expected,
    );
    // The first position weighs nothing: its logits get no gradient; the others do.
    const grad = expected[1]!;
    expect(grad.slice(0, 6).every((x) => x === 0)).toBe(true);
    expect(Math.max(...grad.map(Math.abs))).toBeGreaterThan(0.01);
    targets.dispose();
  });
});
