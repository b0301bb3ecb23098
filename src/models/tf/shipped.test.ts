import "@tensorflow/tfjs"; // registers the cpu backend in node
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { inductionScores } from "../headScores";
import { maybeModelFile } from "../modelFile";
import { examples, TASK_NAMES } from "../tasks";
import { initBackend } from "../../engine/backends";
import { accuracy, predict } from "./predict";
import { HELD_OUT_SEED, SHIPPED } from "./shipped";
import { createParams, disposeParams } from "./transformer";

tf.enableProdMode();

const MODELS = resolve(import.meta.dirname, "../../../public/models");
/** Examples no training batch, training check or written figure used: drawn fresh from their own seed. */
const FRESH_SEED = HELD_OUT_SEED + 1000;
const FRESH_EXAMPLES = 1000;

beforeAll(async () => {
  expect((await initBackend("wasm")).ok).toBe(true);
});

describe.each(TASK_NAMES)("the shipped %s model", (task) => {
  it(`reaches its stated exact-sequence accuracy on ${FRESH_EXAMPLES} fresh held-out examples`, async () => {
    const read = maybeModelFile(JSON.parse(readFileSync(resolve(MODELS, `${task}.json`), "utf8")));
    if (!read.ok) throw new Error(read.error);
    const { config, weights } = read.value;
    expect(config).toEqual(SHIPPED[task].config);
    const params = createParams(weights, config);
    const measured = await accuracy(params, config, examples(SHIPPED[task].task, FRESH_EXAMPLES, FRESH_SEED));
    disposeParams(params);
    console.log(
      `${task}: exact ${(measured.exactAccuracy * 100).toFixed(2)}%, tokens ${(measured.tokenAccuracy * 100).toFixed(2)}%`,
    );
    expect(measured.exactAccuracy).toBeGreaterThanOrEqual(SHIPPED[task].required);
  });
});

it("all shipped weight files together are under 1 MB", () => {
  const total = TASK_NAMES.reduce((sum, task) => sum + statSync(resolve(MODELS, `${task}.json`)).size, 0);
  expect(total).toBeLessThan(1_000_000);
});

it("the shipped induction model has a previous-token head in layer 1 and an induction head in layer 2", async () => {
  const read = maybeModelFile(JSON.parse(readFileSync(resolve(MODELS, "induction.json"), "utf8")));
  if (!read.ok) throw new Error(read.error);
  const { config, weights } = read.value;
  const params = createParams(weights, config);
  const fresh = examples(SHIPPED.induction.task, 100, FRESH_SEED);
  const sums = [new Array<number>(config.heads).fill(0), new Array<number>(config.heads).fill(0)];
  for (const { input } of fresh) {
    const { blocks } = await predict(params, config, input);
    const layer1 = inductionScores(blocks[0]!.weights, input)!;
    const layer2 = inductionScores(blocks[1]!.weights, input)!;
    layer1.previousToken.forEach((s, h) => (sums[0]![h]! += s / fresh.length));
    layer2.induction.forEach((s, h) => (sums[1]![h]! += s / fresh.length));
  }
  disposeParams(params);
  const [previous, induction] = sums.map((s) => Math.max(...s));
  console.log(
    `induction: best previous-token score in layer 1 ${previous!.toFixed(3)}, best induction score in layer 2 ${induction!.toFixed(3)}`,
  );
  expect(previous).toBeGreaterThan(0.5);
  expect(induction).toBeGreaterThan(0.5);
});
