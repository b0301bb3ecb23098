// Checks the engine's numbers from a script, in node: the textbook five-value example on the float64
// reference and on every tfjs backend node has (cpu, wasm). Run: npx tsx scripts/check.ts
import * as tf from "@tensorflow/tfjs-core";
import { attentionReference, createEngine, type AttentionSpec } from "../src/index";

tf.enableProdMode();

const spec: AttentionSpec = {
  source: { kind: "qkv", q: [[0.5]], k: [[1], [2], [3], [4], [5]], v: [[1], [2], [3], [4], [5]] },
  score: "dot",
};
const show = (name: string, weights: ArrayLike<number>, output: number) =>
  console.log(
    `${name.padEnd(10)} weights ${Array.from(weights, (w) => w.toFixed(4)).join(" ")}  output ${output.toFixed(4)}`,
  );

const exact = attentionReference(spec);
show("float64", exact.weights.data, exact.output.data[0]!);
for (const backend of ["cpu", "wasm"] as const) {
  const { trace, backend: used } = await createEngine({ backend }).compute(spec);
  show(used, trace.weights.data, trace.output.data[0]!);
}
