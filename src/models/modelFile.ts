/**
 * The file a trained model ships in (public/models/NAME.json): its shape, how it was trained and measured,
 * and its weights as little-endian float32, base64-encoded. `npm run train` writes it; the app and the
 * accuracy test read it with `maybeModelFile`, which says what is wrong instead of throwing.
 */
import type { Result } from "../core/errors";
import { isTaskName, TASK_NAMES, TASKS, type TaskName } from "./tasks";

/** The shape of a model. Layers are decoder layers; an encoder–decoder has as many encoder layers. */
export interface ModelConfig {
  readonly task: TaskName;
  readonly dModel: number;
  readonly heads: number;
  readonly layers: number;
  /** Hidden width of each layer's feed-forward block; 0 makes an attention-only model. */
  readonly ffn: number;
  /** Learned positions: sequences up to this many tokens. */
  readonly maxPositions: number;
}

export interface TrainingRecord {
  readonly seed: number;
  readonly steps: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly backend: string;
  readonly seconds: number;
  /** Mean training loss over the last 50 steps. */
  readonly finalLoss: number;
}

export interface Evaluation {
  /** Held-out examples, drawn from a seed the training never used. */
  readonly examples: number;
  readonly seed: number;
  /** Share of examples whose whole (scored) output is right. */
  readonly exactAccuracy: number;
  /** Share of scored output tokens that are right. */
  readonly tokenAccuracy: number;
}

export interface WeightEntry {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly config: ModelConfig;
  readonly training?: TrainingRecord;
  readonly evaluation?: Evaluation;
  readonly weights: Readonly<Record<string, WeightEntry>>;
}

export const MODEL_FORMAT = "attention-playground/model@1";

/** Sizes the app offers and the trainer accepts. */
export const MODEL_LIMITS = {
  dModel: [8, 128],
  heads: [1, 8],
  layers: [1, 4],
  ffn: [0, 512],
} as const;

export function encodeFloats(data: Float32Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function decodeFloats(text: string): Float32Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer, 0, Math.floor(bytes.length / 4));
}

/** The file's JSON text: weights as base64, numbers as they are. */
export function serializeModelFile(file: ModelFile): string {
  const weights = Object.fromEntries(
    Object.entries(file.weights).map(([name, w]) => [name, { shape: w.shape, data: encodeFloats(w.data) }]),
  );
  return JSON.stringify({ ...file, weights });
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;
const wholeIn = (x: unknown, [lo, hi]: readonly [number, number]) =>
  Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi;

export function maybeModelConfig(value: unknown): Result<ModelConfig, string> {
  if (!isRecord(value)) return { ok: false, error: "config is missing" };
  const { task, dModel, heads, layers, ffn, maxPositions } = value;
  if (!isTaskName(task))
    return {
      ok: false,
      error: `config.task is ${String(task)}: expected one of ${TASK_NAMES.join(", ")}`,
    };
  for (const [name, x] of [
    ["dModel", dModel],
    ["heads", heads],
    ["layers", layers],
    ["ffn", ffn],
  ] as const) {
    const range = MODEL_LIMITS[name];
    if (!wholeIn(x, range))
      return {
        ok: false,
        error: `config.${name} is ${String(x)}: expected a whole number from ${range[0]} to ${range[1]}`,
      };
  }
  if ((dModel as number) % (heads as number) !== 0)
    return { ok: false, error: `config.dModel ${String(dModel)} does not divide by heads ${String(heads)}` };
  if (!wholeIn(maxPositions, [1, 256]))
    return { ok: false, error: `config.maxPositions is ${String(maxPositions)}: expected 1 to 256` };
  return { ok: true, value: { task, dModel, heads, layers, ffn, maxPositions } as ModelConfig };
}

/** A parsed model file (the JSON value), checked: format, config, and every weight's size against its shape. */
export function maybeModelFile(value: unknown): Result<ModelFile, string> {
  if (!isRecord(value)) return { ok: false, error: "a model file is a JSON object" };
  if (value.format !== MODEL_FORMAT)
    return { ok: false, error: `format is ${String(value.format)}: expected ${MODEL_FORMAT}` };
  const config = maybeModelConfig(value.config);
  if (!config.ok) return config;
  if (!isRecord(value.weights)) return { ok: false, error: "weights are missing" };
  const weights: Record<string, WeightEntry> = {};
  for (const [name, entry] of Object.entries(value.weights)) {
    if (!isRecord(entry) || !Array.isArray(entry.shape) || typeof entry.data !== "string")
      return { ok: false, error: `weight ${name} needs a shape and base64 data` };
    const shape = entry.shape as unknown[];
    if (!shape.every((d) => Number.isInteger(d) && (d as number) > 0))
      return {
        ok: false,
        error: `weight ${name} has shape [${shape.join(", ")}]: expected positive whole numbers`,
      };
    let data: Float32Array;
    try {
      data = decodeFloats(entry.data);
    } catch {
      return { ok: false, error: `weight ${name}: data is not base64` };
    }
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (data.length !== size)
      return {
        ok: false,
        error: `weight ${name} has ${data.length} numbers: its shape [${shape.join(", ")}] needs ${size}`,
      };
    const bad = data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0)
      return { ok: false, error: `weight ${name}, entry ${bad} is ${data[bad]}: expected a finite number` };
    weights[name] = { shape: shape as number[], data };
  }
  return {
    ok: true,
    value: {
      format: MODEL_FORMAT,
      config: config.value,
      training: value.training as TrainingRecord | undefined,
      evaluation: value.evaluation as Evaluation | undefined,
      weights,
    },
  };
}

/** The vocabulary size of a config's task. */
export const vocabSize = (config: ModelConfig): number => TASKS[config.task].vocab.length;
