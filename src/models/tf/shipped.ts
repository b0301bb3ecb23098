/**
 * The shipped models: each task's size and training recipe (`npm run train` follows it), and where the page
 * finds the trained files. Sizes are the smallest that reached their accuracy in a few minutes on one core.
 */
import type { ModelConfig } from "../modelFile";
import { TASKS, type Task, type TaskName } from "../tasks";
import type { TrainerOptions } from "./trainer";

export interface Recipe {
  readonly task: Task;
  readonly config: ModelConfig;
  readonly training: TrainerOptions;
  /** Training stops at this many steps, or once the held-out check reaches `stopAt`. */
  readonly maxSteps: number;
  readonly checkEvery: number;
  readonly stopAt: number;
  /** The exact-sequence accuracy the shipped model must reach on fresh held-out examples (shipped.test.ts). */
  readonly required: number;
}

/** Held-out examples are drawn from this seed: training batches come from another stream (trainer.ts). */
export const HELD_OUT_SEED = 20_240_601;

const recipe = (
  task: TaskName,
  size: Omit<ModelConfig, "task" | "maxPositions">,
  rest: { learningRate: number; maxSteps: number; stopAt?: number; required: number },
): Recipe => ({
  task: TASKS[task],
  config: { task, ...size, maxPositions: 18 },
  training: {
    seed: 1,
    learningRate: rest.learningRate,
    batchSize: 64,
    warmupSteps: 100,
    decaySteps: rest.maxSteps,
  },
  maxSteps: rest.maxSteps,
  checkEvery: 250,
  stopAt: rest.stopAt ?? 1,
  required: rest.required,
});

export const SHIPPED: Record<TaskName, Recipe> = {
  reverse: recipe(
    "reverse",
    { dModel: 32, heads: 2, layers: 2, ffn: 64 },
    { learningRate: 3e-3, maxSteps: 4000, required: 0.99 },
  ),
  sort: recipe(
    "sort",
    { dModel: 32, heads: 2, layers: 2, ffn: 64 },
    { learningRate: 3e-3, maxSteps: 5000, required: 0.99 },
  ),
  // Attention only, two layers: the smallest model in which an induction head can form.
  induction: recipe(
    "induction",
    { dModel: 32, heads: 2, layers: 2, ffn: 0 },
    { learningRate: 3e-3, maxSteps: 3000, required: 0.99 },
  ),
  translate: recipe(
    "translate",
    { dModel: 32, heads: 2, layers: 1, ffn: 64 },
    { learningRate: 3e-3, maxSteps: 2000, required: 0.99 },
  ),
};

/** Where the page fetches a shipped model: public/models/NAME.json, served under the app's base path. */
export const modelUrl = (task: TaskName, base = import.meta.env?.BASE_URL ?? "/"): string =>
  `${base}models/${task}.json`;
