/**
 * Training a small transformer on its task with Adam, one seeded batch at a time. The same trainer runs in
 * node (`npm run train`) and in the browser's training worker; every tensor it makes is freed each step.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig, WeightEntry } from "../modelFile";
import { createRandom } from "../../core/random";
import { trainingBatch } from "../sequences";
import { createAdam } from "./adam";
import { TASKS } from "../tasks";
import {
  createParams,
  disposeParams,
  initialWeights,
  lossAndGradients,
  readWeights,
  type Params,
} from "./transformer";

export interface TrainerOptions {
  readonly seed: number;
  readonly learningRate: number;
  readonly batchSize: number;
  /** Steps of linear warm-up from 0 to the learning rate: a young model's first updates are its wildest. */
  readonly warmupSteps?: number;
  /** Then a linear decay to a tenth of the rate at this step, so that a long run settles (none if absent). */
  readonly decaySteps?: number;
}

export interface Trainer {
  readonly config: ModelConfig;
  readonly params: Params;
  /** Steps taken so far. */
  readonly steps: number;
  /** One batch: returns its loss (waits for the backend). */
  step(): Promise<number>;
  setLearningRate(rate: number): void;
  weights(): Promise<Record<string, WeightEntry>>;
  dispose(): void;
}

export function createTrainer(
  config: ModelConfig,
  { seed, learningRate, batchSize, warmupSteps = 100, decaySteps }: TrainerOptions,
  start?: Readonly<Record<string, WeightEntry>>,
): Trainer {
  const task = TASKS[config.task];
  const params = createParams(start ?? initialWeights(config, seed), config);
  const variables = Object.values(params);
  // Batches are drawn from a stream of their own, so that the same seed gives the same run.
  const random = createRandom(seed ^ 0x5eed);
  let rate = learningRate;
  const optimizer = createAdam(variables, { learningRate: rate, beta1: 0.9, beta2: 0.98, epsilon: 1e-9 });
  let steps = 0;

  return {
    config,
    params,
    get steps() {
      return steps;
    },
    async step() {
      const batch = trainingBatch(task, random, batchSize);
      const warm = Math.min(1, (steps + 1) / Math.max(1, warmupSteps));
      const decay = decaySteps ? Math.max(0.1, 1 - (0.9 * steps) / decaySteps) : 1;
      optimizer.learningRate = rate * warm * decay;
      const loss = tf.tidy(() => {
        const tokens = tf.tensor2d(batch.tokens, [batchSize, batch.tokens[0]!.length], "int32");
        const targets = tf.tensor2d(batch.targets, [batchSize, batch.targets[0]!.length], "int32");
        const source = batch.source
          ? tf.tensor2d(batch.source, [batchSize, batch.length], "int32")
          : undefined;
        const { loss, gradients } = lossAndGradients(
          params,
          config,
          { tokens, targets, source, lossWeights: batch.lossWeights },
          variables,
        );
        optimizer.apply(gradients);
        return loss;
      });
      const value = (await loss.data())[0]!;
      loss.dispose();
      steps++;
      return value;
    },
    setLearningRate(next) {
      rate = next;
    },
    weights: () => readWeights(params),
    dispose() {
      optimizer.dispose();
      disposeParams(params);
    },
  };
}
