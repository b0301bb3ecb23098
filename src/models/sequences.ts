/**
 * Examples of a task as the token ids a model reads and the targets it is trained on, in the three formats
 * of tasks.ts. Every batch has one input length, so no sequence needs padding or a padding mask.
 */
import type { Random } from "../core/random";
import { BOS, drawLength, encode, scoredPositions, SEP, type Example, type Task } from "./tasks";

export interface TrainingBatch {
  /** Input length n of every example in the batch. */
  readonly length: number;
  /** The decoder's tokens, [B][T]. */
  readonly tokens: number[][];
  /** The encoder's tokens, [B][n], for an encoder–decoder. */
  readonly source?: number[][];
  /** The token to predict at each decoder position, [B][T]. */
  readonly targets: number[][];
  /** T numbers: 1 where the prediction is scored, 0 where it is not (the input half of a prefix task). */
  readonly lossWeights: number[];
}

/** The decoder's input for a known output so far (teacher forcing in training, the decoded prefix at inference). */
export function decoderTokens(task: Task, input: readonly string[], output: readonly string[]): string[] {
  switch (task.format) {
    case "prefix":
      return [BOS, ...input, SEP, ...output];
    case "next-token":
      return [BOS, ...input];
    case "encoder-decoder":
      return [BOS, ...output];
  }
}

/** Where, in the decoder's sequence for an input of n tokens, output token i is predicted. */
export function outputPosition(task: Task, n: number, i: number): number {
  return task.format === "prefix" ? n + 1 + i : task.format === "next-token" ? i + 1 : i;
}

export function trainingBatch(task: Task, random: Random, batchSize: number): TrainingBatch {
  const n = drawLength(task, random);
  const drawn: Example[] = Array.from({ length: batchSize }, () => task.example(random, n));
  return batchOf(task, drawn);
}

/** Examples of one length as a batch. */
export function batchOf(task: Task, drawn: readonly Example[]): TrainingBatch {
  const n = drawn[0]?.input.length ?? 0;
  const tokens: number[][] = [];
  const targets: number[][] = [];
  const source: number[][] = [];
  for (const { input, output } of drawn) {
    if (input.length !== n) throw new Error("every example of a batch has the same length");
    // The decoder reads the full sequence less its last token and predicts each next one.
    const full = decoderTokens(task, input, task.format === "encoder-decoder" ? output.slice(0, -1) : output);
    const ids = encode(task, full);
    if (task.format === "prefix") {
      tokens.push(ids.slice(0, -1));
      targets.push(ids.slice(1));
    } else {
      tokens.push(ids);
      const t = new Array<number>(ids.length).fill(0);
      const out = encode(task, output);
      out.forEach((id, i) => (t[outputPosition(task, n, i)] = id));
      targets.push(t);
    }
    if (task.format === "encoder-decoder") source.push(encode(task, input));
  }
  const length = tokens[0]?.length ?? 0;
  const lossWeights = new Array<number>(length).fill(0);
  const scored = drawn[0] ? scoredPositions(task.name, drawn[0].input) : [];
  for (const i of scored) lossWeights[outputPosition(task, n, i)] = 1;
  return {
    length: n,
    tokens,
    targets,
    lossWeights,
    ...(task.format === "encoder-decoder" ? { source } : {}),
  };
}
