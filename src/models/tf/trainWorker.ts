// Training in a Web Worker: tfjs's synchronous work (wasm, cpu) and every step's wait for the GPU happen
// here, so the page stays responsive while a model trains. The loop yields to the message queue after each
// step, so pause, resume and a new learning rate take effect at once; reset ends the worker.
import type { ModelConfig } from "../modelFile";
import { examples, TASKS, type Example } from "../tasks";
import { initBackend, type BackendAttempt, type BackendName } from "../../engine/backends";
import { accuracy, predict, type BlockAttention } from "./predict";
import { createTrainer, type Trainer } from "./trainer";

export interface TrainSettings {
  readonly config: ModelConfig;
  readonly backend: BackendName;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly seed: number;
}

export type TrainRequest =
  | { readonly type: "start"; readonly settings: TrainSettings }
  | { readonly type: "pause" }
  | { readonly type: "resume" }
  | { readonly type: "setLearningRate"; readonly learningRate: number };

export type TrainEvent =
  | { readonly type: "backend"; readonly attempt: BackendAttempt }
  | { readonly type: "step"; readonly step: number; readonly loss: number; readonly stepsPerSecond: number }
  | { readonly type: "accuracy"; readonly step: number; readonly exact: number; readonly tokens: number }
  | {
      readonly type: "snapshot";
      readonly step: number;
      readonly output: readonly string[];
      readonly blocks: readonly BlockAttention[];
    }
  | { readonly type: "running"; readonly running: boolean }
  | { readonly type: "error"; readonly message: string };

/** How often the probe's attention is captured and the held-out accuracy measured, in steps. */
export const SNAPSHOT_EVERY = 25;
export const ACCURACY_EVERY = 50;
/** Held-out examples for the live accuracy: few, so that measuring costs a fraction of training. */
const ACCURACY_EXAMPLES = 96;
/** Their seed: the trainer draws its batches from a stream of its own (trainer.ts). */
const HELD_OUT = 99;

let trainer: Trainer | undefined;
/** The held-out examples, drawn once when the run starts and measured on after every ACCURACY_EVERY steps. */
let heldOut: readonly Example[] = [];
let paused = false;
/** The loop now running, if any: resuming while it finishes a step keeps it going instead of starting a second. */
let looping: Promise<void> | undefined;

const post = (event: TrainEvent) => self.postMessage(event);

/**
 * Lets the page's messages (pause, resume, a new rate) arrive between two steps. A message to ourselves, not
 * setTimeout(0): timers set from timers wait at least 4 ms after a few rounds, which was a fifth of a step.
 */
const yielder = new MessageChannel();
/** How long the loop runs between two yields at most (plus one step). */
const YIELD_EVERY_MS = 40;
const yieldToMessages = () =>
  new Promise<void>((resolve) => {
    yielder.port1.onmessage = () => resolve();
    yielder.port2.postMessage(null);
  });

function fail(error: unknown): void {
  paused = true;
  post({ type: "error", message: error instanceof Error ? error.message : String(error) });
}

async function snapshot(t: Trainer): Promise<void> {
  const { output, blocks } = await predict(t.params, t.config, TASKS[t.config.task].probe);
  post({ type: "snapshot", step: t.steps, output, blocks });
}

async function measure(t: Trainer, heldOut: readonly Example[]): Promise<void> {
  const measured = await accuracy(t.params, t.config, heldOut);
  post({ type: "accuracy", step: t.steps, exact: measured.exactAccuracy, tokens: measured.tokenAccuracy });
}

async function loop(t: Trainer, heldOut: readonly Example[]): Promise<void> {
  let times: number[] = [];
  let yielded = performance.now();
  while (!paused) {
    const started = performance.now();
    const loss = await t.step();
    times = [...times.slice(-19), performance.now() - started];
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    post({ type: "step", step: t.steps, loss, stepsPerSecond: 1000 / mean });
    if (t.steps % SNAPSHOT_EVERY === 0) await snapshot(t);
    if (t.steps % ACCURACY_EVERY === 0) await measure(t, heldOut);
    // Every YIELD_EVERY_MS, not every step: a round trip through the message queue cost 0.3–0.4 ms a step
    // (of ~14) here, and a pause still lands within a few steps.
    if (performance.now() - yielded >= YIELD_EVERY_MS) {
      await yieldToMessages();
      yielded = performance.now();
    }
  }
}

function run(): void {
  if (!trainer || paused || looping) return;
  post({ type: "running", running: true });
  looping = loop(trainer, heldOut)
    .catch(fail)
    .finally(() => {
      looping = undefined;
      post({ type: "running", running: false });
    });
}

/** One run per worker: the page makes a fresh worker for each start, so nothing of an old run lingers. */
async function start(settings: TrainSettings): Promise<void> {
  if (trainer) throw new Error("this worker has already started a run");
  const attempt = await initBackend(settings.backend);
  post({ type: "backend", attempt });
  if (!attempt.ok) return;
  const t = createTrainer(settings.config, {
    seed: settings.seed,
    learningRate: settings.learningRate,
    batchSize: settings.batchSize,
  });
  trainer = t;
  heldOut = examples(TASKS[t.config.task], ACCURACY_EXAMPLES, HELD_OUT);
  await snapshot(t);
  // The untrained model's accuracy starts the chart at step 0.
  await measure(t, heldOut);
  run();
}

self.onmessage = (event: MessageEvent<TrainRequest>) => {
  const request = event.data;
  switch (request.type) {
    case "start":
      start(request.settings).catch(fail);
      break;
    case "pause":
      // The loop stops after the step in progress, and then reports that it is not running.
      paused = true;
      break;
    case "resume":
      paused = false;
      run();
      break;
    case "setLearningRate":
      trainer?.setLearningRate(request.learningRate);
      break;
  }
};
