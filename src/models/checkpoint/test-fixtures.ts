import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { maybeCheckpointConfig } from "./config";
import { maybeSafetensors } from "./safetensors";
import { maybeCheckpointWeights } from "./weights";

/** Checkpoints and expected outputs written by numpy alone: scripts/make-checkpoint-fixtures.py. */
export const FIXTURES = ["gpt2-f32", "gpt2-f16-noprefix", "llama-bf16-tied", "llama-f32-untied"] as const;
const dir = (name: string) => resolve(import.meta.dirname, "fixtures", name);

export function loadFixture(name: string) {
  const bytes = new Uint8Array(readFileSync(resolve(dir(name), "model.safetensors")));
  const config = maybeCheckpointConfig(JSON.parse(readFileSync(resolve(dir(name), "config.json"), "utf8")));
  const expected = JSON.parse(readFileSync(resolve(dir(name), "expected.json"), "utf8")) as {
    tokens: number[];
    logits: number[][];
    attention: number[][][][];
  };
  const tensors = maybeSafetensors(bytes);
  if (!config.ok) throw config.error;
  if (!tensors.ok) throw tensors.error;
  const weights = maybeCheckpointWeights(config.value, tensors.value);
  if (!weights.ok) throw weights.error;
  return { config: config.value, tensors: tensors.value, weights: weights.value, expected, bytes };
}
