// Training steps per second now against before (a git revision of the transformer, default decf920), in
// node on tfjs wasm, alternating one step of each per round so that load from other work falls on both:
//   npx tsx scripts/bench-train-ab.ts [--before REV] [--rounds 30]
// The shipped reverse recipe (d_model 32, 2 layers, 2 heads, feed-forward 64, batch 64, Adam). The old
// transformer and a trainer importing it are written next to the current ones for the run, then removed.
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

const { values } = parseArgs({
  options: { before: { type: "string", default: "decf920" }, rounds: { type: "string", default: "30" } },
});
tf.enableProdMode();
const dir = new URL("../src/models/tf/", import.meta.url);
const oldTransformer = new URL("transformer.bench-before.ts", dir);
const oldTrainer = new URL("trainer.bench-before.ts", dir);
const show = (path: string) =>
  execFileSync("git", ["show", `${values.before}:${path}`], { encoding: "utf8" });
writeFileSync(oldTransformer, show("src/models/tf/transformer.ts"));
writeFileSync(
  oldTrainer,
  show("src/models/tf/trainer.ts").replace('from "./transformer"', 'from "./transformer.bench-before"'),
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
  for (const t of Object.values(trainers)) t.dispose();
} finally {
  rmSync(oldTransformer, { force: true });
  rmSync(oldTrainer, { force: true });
}
