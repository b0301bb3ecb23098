// Trains the shipped models in node, reproducibly (fixed seeds, one backend), and writes them into
// public/models/NAME.json with their held-out accuracy. Run: npm run train -- --task reverse
// Options: --task NAME|all (or --lm brown|poetry: scripts/train-lm.ts), --backend wasm|cpu (default wasm), --steps N (the most steps), --out DIR.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
// In node, the umbrella package registers the cpu backend on the same tfjs-core.
import "@tensorflow/tfjs";
import { MODEL_FORMAT, serializeModelFile, type ModelFile } from "../src/models/modelFile";
import { examples, isTaskName, TASK_NAMES, type TaskName } from "../src/models/tasks";
import { initBackend, isBackendName } from "../src/engine/backends";
import { accuracy } from "../src/models/tf/predict";
import { createTrainer } from "../src/models/tf/trainer";
import { SHIPPED, HELD_OUT_SEED } from "../src/models/tf/shipped";

tf.enableProdMode();

// `--lm brown|poetry` trains a shipped language model instead (scripts/train-lm.ts).
if (process.argv.includes("--lm")) {
  await import("./train-lm");
  process.exit(0);
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const taskArg = option("task") ?? "all";
const backend = option("backend") ?? "wasm";
const out = resolve(option("out") ?? "public/models");
if (taskArg !== "all" && !isTaskName(taskArg)) {
  console.error(`--task ${taskArg}: expected all or one of ${TASK_NAMES.join(", ")}`);
  process.exit(2);
}
if (!isBackendName(backend) || backend === "webgl" || backend === "webgpu") {
  console.error(`--backend ${backend}: node has cpu and wasm`);
  process.exit(2);
}
const attempt = await initBackend(backend);
if (!attempt.ok) {
  console.error(`the ${backend} backend did not start: ${attempt.reason}`);
  process.exit(1);
}

async function train(name: TaskName): Promise<void> {
  const recipe = SHIPPED[name];
  const maxSteps = Number(option("steps") ?? recipe.maxSteps);
  const trainer = createTrainer(recipe.config, recipe.training);
  // Held-out checks during training use a seed of their own; the figure written is from a fresh set.
  const check = examples(recipe.task, 300, HELD_OUT_SEED + 1);
  const started = performance.now();
  const recent: number[] = [];
  while (trainer.steps < maxSteps) {
    const loss = await trainer.step();
    recent.push(loss);
    if (recent.length > 50) recent.shift();
    if (trainer.steps % recipe.checkEvery === 0) {
      const acc = await accuracy(trainer.params, recipe.config, check);
      const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${name} step ${trainer.steps}  loss ${mean.toFixed(4)}  exact ${(acc.exactAccuracy * 100).toFixed(1)}%  ${seconds.toFixed(0)} s`,
      );
      if (acc.exactAccuracy >= recipe.stopAt) break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const heldOut = examples(recipe.task, 2000, HELD_OUT_SEED);
  const measured = await accuracy(trainer.params, recipe.config, heldOut);
  const file: ModelFile = {
    format: MODEL_FORMAT,
    config: recipe.config,
    training: {
      ...recipe.training,
      steps: trainer.steps,
      backend,
      seconds: Math.round(seconds),
      finalLoss: recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length),
    },
    evaluation: { seed: HELD_OUT_SEED, ...measured },
    weights: await trainer.weights(),
  };
  trainer.dispose();
  mkdirSync(out, { recursive: true });
  const text = serializeModelFile(file);
  writeFileSync(resolve(out, `${name}.json`), text);
  console.log(
    `${name}: ${trainer.steps} steps in ${seconds.toFixed(0)} s on ${backend}; held-out exact ${(measured.exactAccuracy * 100).toFixed(2)}%, tokens ${(measured.tokenAccuracy * 100).toFixed(2)}% (${measured.examples} examples); ${(text.length / 1024).toFixed(0)} KiB`,
  );
}

for (const name of taskArg === "all" ? TASK_NAMES : [taskArg as TaskName]) await train(name);
