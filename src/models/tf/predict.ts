/**
 * Greedy decoding of a trained (or training) model, and the attention of its last forward pass: the real
 * Q, K, V and weights of every layer and head, as plain arrays a page can draw and hand to the explorer.
 */
import * as tf from "@tensorflow/tfjs-core";
import { decoderTokens, outputPosition } from "../sequences";
import { encode, scoredPositions, TASKS, type Example } from "../tasks";
import { vocabSize, type ModelConfig } from "../modelFile";
import type { Matrix, Stack } from "../../core/types";
import { forward, type CapturedBlock, type Params } from "./transformer";

/** One attention block of one input, read back from the backend. Rows are queries, columns are keys. */
export interface BlockAttention {
  readonly name: string;
  readonly kind: "self" | "cross";
  readonly layer: number;
  readonly causal: boolean;
  readonly queryTokens: readonly string[];
  readonly keyTokens: readonly string[];
  /** Q [queries, dModel], K and V [keys, dModel]: head i uses columns i·d_h … (i+1)·d_h − 1. */
  readonly q: Matrix;
  readonly k: Matrix;
  readonly v: Matrix;
  /** [heads, queries, keys]; each row sums to 1. */
  readonly weights: Stack;
}

export interface Prediction {
  readonly input: readonly string[];
  readonly output: readonly string[];
  /** The attention of the pass that predicted the last output token. */
  readonly blocks: readonly BlockAttention[];
}

const argmaxRows = (logits: Float32Array, rows: number, vocab: number): number[] =>
  Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let j = 1; j < vocab; j++) if (logits[r * vocab + j]! > logits[r * vocab + best]!) best = j;
    return best;
  });

/**
 * Outputs for inputs of one length, decoded greedily: n passes for a prefix or encoder–decoder task, one for
 * next-token prediction (each position predicts the token after it). With `capture`, the last pass pushes
 * every attention block to it (as forward does); its tensors are kept, and the caller disposes them.
 */
export async function decode(
  params: Params,
  config: ModelConfig,
  inputs: readonly (readonly string[])[],
  capture?: CapturedBlock[],
): Promise<string[][]> {
  const task = TASKS[config.task];
  const n = inputs[0]?.length ?? 0;
  const vocab = vocabSize(config);
  const outputs: string[][] = inputs.map(() => []);
  const source =
    task.format === "encoder-decoder"
      ? tf.tensor2d(
          inputs.map((x) => encode(task, x)),
          [inputs.length, n],
          "int32",
        )
      : undefined;
  try {
    const passes = task.format === "next-token" ? 1 : n;
    // A capture needs a pass to capture, even where there is nothing to decode (an empty input).
    const runs = capture ? Math.max(passes, 1) : passes;
    for (let pass = 0; pass < runs; pass++) {
      const rows = inputs.map((x, b) => encode(task, decoderTokens(task, x, outputs[b]!)));
      const length = rows[0]!.length;
      const decoding = pass < passes;
      const captured = pass === runs - 1 ? capture : undefined;
      // Only the positions that predict something are read back.
      const positions =
        task.format === "next-token" ? inputs[0]!.map((_, i) => outputPosition(task, n, i)) : [length - 1];
      const [logits] = tf.tidy(() => {
        const tokens = tf.tensor2d(rows, [rows.length, length], "int32");
        const from = captured?.length ?? 0;
        const all = forward(params, config, tokens, source, captured);
        // The captured tensors outlive the pass: returning them from the tidy keeps them.
        const kept = (captured ?? []).slice(from).flatMap((c) => [c.q, c.k, c.v, c.weights]);
        return [...(decoding ? [tf.gather(all, positions, 1)] : []), ...kept];
      });
      if (!decoding || !logits) continue;
      const data = (await logits.data()) as Float32Array;
      logits.dispose();
      const best = argmaxRows(data, inputs.length * positions.length, vocab);
      inputs.forEach((_, b) => {
        for (let i = 0; i < positions.length; i++)
          outputs[b]!.push(task.vocab[best[b * positions.length + i]!]!);
      });
    }
  } finally {
    source?.dispose();
  }
  return outputs;
}

/** The output for one input, and every block's attention on the last pass (the one that made the last token). */
export async function predict(
  params: Params,
  config: ModelConfig,
  input: readonly string[],
): Promise<Prediction> {
  const task = TASKS[config.task];
  const captured: CapturedBlock[] = [];
  try {
    const [output] = await decode(params, config, [input], captured);
    const decoded = output!;
    // The last pass read the output less its last token.
    const seen = task.format === "next-token" ? [] : decoded.slice(0, -1);
    const decoderSeq = decoderTokens(task, input, seen);
    const blocks: BlockAttention[] = [];
    for (const c of captured) {
      const matrix = async (t: tf.Tensor3D): Promise<Matrix> => ({
        rows: t.shape[1],
        cols: t.shape[2],
        data: (await t.data()) as Float32Array,
      });
      const fromEncoder = c.name.startsWith("encoder");
      const queryTokens = fromEncoder ? input : decoderSeq;
      blocks.push({
        name: c.name,
        kind: c.kind,
        layer: c.layer,
        causal: c.causal,
        queryTokens,
        keyTokens: c.kind === "cross" || fromEncoder ? input : decoderSeq,
        q: await matrix(c.q),
        k: await matrix(c.k),
        v: await matrix(c.v),
        weights: {
          depth: c.weights.shape[1],
          rows: c.weights.shape[2],
          cols: c.weights.shape[3],
          data: (await c.weights.data()) as Float32Array,
        },
      });
    }
    return { input, output: decoded, blocks };
  } finally {
    for (const c of captured) for (const t of [c.q, c.k, c.v, c.weights]) t.dispose();
  }
}

export interface Accuracy {
  readonly examples: number;
  readonly exactAccuracy: number;
  readonly tokenAccuracy: number;
}

/** Exact-output and per-token accuracy on the given examples, over the positions the task scores. */
export async function accuracy(
  params: Params,
  config: ModelConfig,
  examples: readonly Example[],
): Promise<Accuracy> {
  const byLength = new Map<number, Example[]>();
  for (const e of examples) byLength.set(e.input.length, [...(byLength.get(e.input.length) ?? []), e]);
  let exact = 0;
  let right = 0;
  let scored = 0;
  for (const group of byLength.values()) {
    const outputs = await decode(
      params,
      config,
      group.map((e) => e.input),
    );
    group.forEach((e, b) => {
      const positions = scoredPositions(config.task, e.input);
      const ok = positions.filter((i) => outputs[b]![i] === e.output[i]).length;
      right += ok;
      scored += positions.length;
      if (ok === positions.length) exact++;
    });
  }
  return {
    examples: examples.length,
    exactAccuracy: exact / Math.max(1, examples.length),
    tokenAccuracy: right / Math.max(1, scored),
  };
}
