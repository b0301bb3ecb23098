import "@tensorflow/tfjs"; // registers the cpu backend and the optimizers in node
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../engine/backends";
import { createRandom } from "../../core/random";
import { hostAdam, tfjsAdam } from "./adam";

tf.enableProdMode();

beforeAll(async () => {
  expect((await initBackend("cpu")).ok).toBe(true);
});

const SETTINGS = { learningRate: 0.1, beta1: 0.9, beta2: 0.98, epsilon: 1e-9 };
const START = { w: [1, -2, 3, 0.5, -0.25, 4], b: [0, 1] };
/** Three steps' gradients of a 2 × 3 weight and a bias of 2. */
const GRADIENTS = [
  { w: [2, -1, 0.5, 0, 3, -4], b: [1, -1] },
  { w: [-1, 1, 0.25, 2, -3, 1], b: [0.5, 2] },
  { w: [0.1, -0.2, 0.3, -0.4, 0.5, -0.6], b: [-3, 0] },
];

const weights = () => [tf.variable(tf.tensor2d(START.w, [2, 3])), tf.variable(tf.tensor1d(START.b))];

describe("hostAdam: Adam in JavaScript's own arithmetic", () => {
  it("takes the first step of size learning rate against the gradient's sign (m̂ = g, v̂ = g²)", () => {
    const [w, b] = weights() as [tf.Variable, tf.Variable];
    const adam = hostAdam([w, b], SETTINGS);
    adam.apply([tf.tensor2d(GRADIENTS[0]!.w, [2, 3]), tf.tensor1d(GRADIENTS[0]!.b)]);
    // value − 0.1 · g / (|g| + 1e-9); a zero gradient leaves its weight alone (0 / 1e-9 = 0).
    const expectedW = [0.9, -1.9, 2.9, 0.5, -0.35, 4.1];
    const expectedB = [-0.1, 1.1];
    Array.from(w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(expectedW[i]!, 6));
    Array.from(b.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(expectedB[i]!, 6));
    adam.dispose();
    tf.dispose([w, b]);
  });

  it.each(["cpu", "wasm"] as const)(
    "gives tfjs's AdamOptimizer's float32 numbers exactly on %s, step after step, with a changing rate",
    async (backend) => {
      expect((await initBackend(backend)).ok).toBe(true);
      const ours = weights();
      const theirs = weights();
      const adam = hostAdam(ours, SETTINGS);
      const reference = tf.train.adam(
        SETTINGS.learningRate,
        SETTINGS.beta1,
        SETTINGS.beta2,
        SETTINGS.epsilon,
      );
      for (const [step, g] of GRADIENTS.entries()) {
        const rate = SETTINGS.learningRate / (step + 1);
        adam.learningRate = rate;
        (reference as unknown as { learningRate: number }).learningRate = rate;
        const grads = () => [tf.tensor2d(g.w, [2, 3]), tf.tensor1d(g.b)];
        adam.apply(grads());
        const [gw, gb] = grads();
        reference.applyGradients([
          { name: theirs[0]!.name, tensor: gw! },
          { name: theirs[1]!.name, tensor: gb! },
        ]);
        for (const i of [0, 1]) expect(ours[i]!.dataSync()).toEqual(theirs[i]!.dataSync());
      }
      // And the weights did move: three steps of about the rate each.
      expect(Array.from(ours[1]!.dataSync())).not.toEqual(START.b);
      adam.dispose();
      reference.dispose();
      tf.dispose([...ours, ...theirs]);
      expect((await initBackend("cpu")).ok).toBe(true);
    },
  );

  it.each(["cpu", "wasm"] as const)(
    "agrees with tfjs's AdamOptimizer bit for bit on %s over a thousand weights and five drawn steps",
    async (backend) => {
      expect((await initBackend(backend)).ok).toBe(true);
      const random = createRandom(7);
      const draw = (scale: number) => Array.from({ length: 1000 }, () => random.normal() * scale);
      const start = draw(1);
      const [ours, theirs] = [
        tf.variable(tf.tensor2d(start, [10, 100])),
        tf.variable(tf.tensor2d(start, [10, 100])),
      ];
      const adam = hostAdam([ours], SETTINGS);
      const reference = tf.train.adam(0.01, SETTINGS.beta1, SETTINGS.beta2, SETTINGS.epsilon);
      adam.learningRate = 0.01;
      for (let step = 0; step < 5; step++) {
        // Gradients of every size, tiny ones included, where ε and the roundings matter most.
        const g = draw(10 ** (step - 3));
        adam.apply([tf.tensor2d(g, [10, 100])]);
        reference.applyGradients([{ name: theirs.name, tensor: tf.tensor2d(g, [10, 100]) }]);
        expect(ours.dataSync()).toEqual(theirs.dataSync());
      }
      expect(Array.from(ours.dataSync())).not.toEqual(start);
      adam.dispose();
      reference.dispose();
      tf.dispose([ours, theirs]);
      expect((await initBackend("cpu")).ok).toBe(true);
    },
  );

  it("tfjsAdam, tfjs's optimizer behind the same interface, minimises to the same numbers", () => {
    const ours = weights();
    const theirs = weights();
    const [flat, plain] = [hostAdam(ours, SETTINGS), tfjsAdam(theirs, SETTINGS)];
    // Loss Σ w² + Σ (b − 3)², three steps, the rate halved after the first.
    const loss =
      ([w, b]: tf.Variable[]) =>
      () =>
        tf.add(tf.sum(tf.square(w!)), tf.sum(tf.square(tf.sub(b!, 3)))) as tf.Scalar;
    for (let step = 0; step < 3; step++) {
      if (step === 1) flat.learningRate = plain.learningRate = SETTINGS.learningRate / 2;
      const values = [flat.minimize(loss(ours)), plain.minimize(loss(theirs))];
      expect(values[0]!.dataSync()).toEqual(values[1]!.dataSync());
      tf.dispose(values);
      for (const i of [0, 1]) expect(ours[i]!.dataSync()).toEqual(theirs[i]!.dataSync());
    }
    // b moved towards 3 by about the rate per step: 0 → 0.1 + 0.05 + 0.05.
    expect(ours[1]!.dataSync()[0]).toBeCloseTo(0.2, 2);
    flat.dispose();
    plain.dispose();
    tf.dispose([...ours, ...theirs]);
  });

  it("tfjsAdam applies given gradients as hostAdam does (the training step's path on WebGL and WebGPU)", () => {
    const ours = weights();
    const theirs = weights();
    const [flat, plain] = [hostAdam(ours, SETTINGS), tfjsAdam(theirs, SETTINGS)];
    for (const g of GRADIENTS) {
      const grads = () => [tf.tensor2d(g.w, [2, 3]), tf.tensor1d(g.b)];
      flat.apply(grads());
      plain.apply(grads());
      for (const i of [0, 1]) expect(theirs[i]!.dataSync()).toEqual(ours[i]!.dataSync());
    }
    // The first step alone moves w[0] from 1 to 0.9 (above): three steps later it has moved further.
    expect(theirs[0]!.dataSync()[0]).toBeLessThan(0.9);
    expect(() => plain.apply([tf.zeros([2, 3])])).toThrow("1 gradients for 2 weights");
    flat.dispose();
    plain.dispose();
    tf.dispose([...ours, ...theirs]);
  });

  it("refuses a gradient list of the wrong length", () => {
    const [w, b] = weights() as [tf.Variable, tf.Variable];
    const adam = hostAdam([w, b], SETTINGS);
    expect(() => adam.apply([tf.zeros([2, 3])])).toThrow("1 gradients for 2 weights");
    adam.dispose();
    tf.dispose([w, b]);
  });
});
