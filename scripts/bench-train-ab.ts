// Training steps per second now against before (a git revision of the trainer, default decf920), in
// node on tfjs wasm, alternating one step of each per round so that load from other work falls on both:
//   npx tsx scripts/bench-train-ab.ts [--before REV] [--rounds 30]
// The shipped reverse recipe (d_model 32, 2 layers, 2 heads, feed-forward 64, batch 64, Adam). The old
// transformer, its optimizer (if it had its own) and a trainer importing them are written next to the
// current ones for the run, then removed.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs-core";
// Registers every gradient (register_all_gradients cannot load in node: it imports directories).
import "@tensorflow/tfjs";
import { initBackend } from "../src/engine/backends";
import { SHIPPED } from "../src/models/tf/shipped";
import { createTrainer, type Trainer } from "../src/models/tf/trainer";
import { startNumpy } from "./numpy.mjs";

const { values } = parseArgs({
  options: { before: { type: "string", default: "decf920" }, rounds: { type: "string", default: "30" } },
});
tf.enableProdMode();
const dir = new URL("../src/models/tf/", import.meta.url);
const oldTransformer = new URL("transformer.bench-before.ts", dir);
const oldTrainer = new URL("trainer.bench-before.ts", dir);
const oldAdam = new URL("adam.bench-before.ts", dir);
const show = (path: string) =>
  execFileSync("git", ["show", `${values.before}:${path}`], { encoding: "utf8" });
writeFileSync(oldTransformer, show("src/models/tf/transformer.ts"));
// The revision's own optimizer where it had one (decf920 used tfjs's).
const hadAdam = show("src/models/tf/trainer.ts").includes('from "./adam"');
if (hadAdam) writeFileSync(oldAdam, show("src/models/tf/adam.ts"));
writeFileSync(
  oldTrainer,
  show("src/models/tf/trainer.ts")
    .replace('from "./transformer"', 'from "./transformer.bench-before"')
    .replace('from "./adam"', 'from "./adam.bench-before"'),
);
try {
  const before = (await import(oldTrainer.href)) as { createTrainer: typeof createTrainer };
  if (!(await initBackend("wasm")).ok) throw new Error("wasm did not start");
  const { config, training } = SHIPPED.reverse;
  const trainers: Record<string, Trainer> = {
    before: before.createTrainer(config, training),
    now: createTrainer(config, training),
  };
  const times: Record<string, number[]> = { before: [], now: [] };
  const losses: Record<string, number[]> = { before: [], now: [] };
  for (let round = 0; round < Number(values.rounds) + 3; round++) {
    const order = round % 2 ? ["now", "before"] : ["before", "now"];
    for (const name of order) {
      const start = performance.now();
      const loss = await trainers[name]!.step();
      // The first three rounds warm up (and show that both compute the same losses).
      if (round < 3) losses[name]!.push(loss);
      else times[name]!.push(performance.now() - start);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rate = (name: string): number => 1000 / median(times[name] ?? []);
  console.log(
    `\nTraining in node, tfjs wasm, reverse recipe (batch 64): steps/s, median of ${values.rounds} alternating rounds`,
  );
  console.log("| transformer | steps/s | ms/step (median) | ms/step (fastest) | first losses |");
  console.log("|:--|--:|--:|--:|:--|");
  for (const name of ["before", "now"]) {
    const label = name === "before" ? `before (${values.before})` : "now";
    console.log(
      `| ${label} | ${rate(name).toFixed(1)} | ${median(times[name]!).toFixed(1)} | ` +
        `${Math.min(...times[name]!).toFixed(1)} | ${losses[name]!.map((l) => l.toFixed(5)).join(", ")} |`,
    );
  }
  console.log(
    `Speed-up ${(rate("now") / rate("before")).toFixed(2)}×; load average ${(loadavg()[0] ?? 0).toFixed(1)}.`,
  );
  await anchors(trainers.now!, times.now!);
  for (const t of Object.values(trainers)) t.dispose();
} finally {
  rmSync(oldTransformer, { force: true });
  rmSync(oldTrainer, { force: true });
  rmSync(oldAdam, { force: true });
}

/** [batch, m, k, n] for each matrix product of one step: batch products [m, k]·[k, n]. */
type Products = [number, number, number, number][];

/** The products a step's kernels computed, read from tfjs's profile of it. */
async function stepProducts(trainer: Trainer): Promise<Products> {
  const profile = await tf.profile(async () => {
    await trainer.step();
  });
  const products: Products = [];
  for (const kernel of profile.kernels) {
    const [a, b] = kernel.inputShapes as number[][];
    if (kernel.name === "BatchMatMul") {
      // Every product of the training step is un-transposed (transformer.ts): [(B,) m, k]·[(B,) k, n].
      const [m, k] = a!.slice(-2) as [number, number];
      const [k2, n] = b!.slice(-2) as [number, number];
      if (k !== k2) throw new Error(`a transposed product ${JSON.stringify(kernel.inputShapes)}`);
      products.push([a!.length === 3 ? a![0]! : 1, m, k, n]);
    } else if (kernel.name === "DepthwiseConv2dNative") {
      // channelProduct (transformer.ts): the image [1, y, k, c] and the filter [1, k, c, m] are c products.
      const [, y, k, c] = a as [number, number, number, number];
      const m = b![3]!;
      products.push([c, y, k, m]);
    }
  }
  return products;
}

/**
 * The step against the machine: its products' FLOP at the peak of one core (the floor) and the same
 * products in numpy float32 on one thread (the anchor), for a sample of steps (their lengths vary).
 */
async function anchors(trainer: Trainer, nowMs: readonly number[]): Promise<void> {
  const SAMPLE = 20;
  const numpy = startNumpy();
  try {
    const peak = (await numpy.ask("peak")).gflops as number;
    let flop = 0;
    let numpyMs = 0;
    for (let i = 0; i < SAMPLE; i++) {
      const products = await stepProducts(trainer);
      flop += products.reduce((sum, [b, m, k, n]) => sum + 2 * b * m * k * n, 0);
      numpyMs += (await numpy.ask(`products ${JSON.stringify(products)}`)).ms as number;
    }
    flop /= SAMPLE;
    numpyMs /= SAMPLE;
    const floorMs = (flop / (peak * 1e9)) * 1000;
    const meanMs = nowMs.reduce((a, b) => a + b, 0) / nowMs.length;
    console.log(
      `\nNow against the machine (means: ${SAMPLE} profiled steps, ${nowMs.length} timed): a step's products are ` +
        `${(flop / 1e6).toFixed(1)} MFLOP; at ${peak.toFixed(1)} GFLOP/s (numpy's best float32 2048³ product, one ` +
        `thread) that is ${floorMs.toFixed(2)} ms, the floor`,
    );
    console.log("| now ms/step (mean) | floor ms | × floor | numpy, the same products, ms | × numpy |");
    console.log("|--:|--:|--:|--:|--:|");
    console.log(
      `| ${meanMs.toFixed(2)} | ${floorMs.toFixed(2)} | ${(meanMs / floorMs).toFixed(1)} | ` +
        `${numpyMs.toFixed(2)} | ${(meanMs / numpyMs).toFixed(1)} |`,
    );
    console.log(
      "numpy computes only the products: the step also normalises, takes softmaxes, transposes and runs Adam, " +
        "which numpy is not timed for, so × numpy overstates how far the step is from native code.",
    );
  } finally {
    numpy.close();
  }
}
