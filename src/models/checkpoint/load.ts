/**
 * A checkpoint chosen from disk: config.json, model.safetensors and (optionally) tokenizer.json and
 * tokenizer_config.json, picked out by name. Sizes are checked before anything large is read: the
 * safetensors header (its first 8 + N bytes) first, then the tensors only if the whole fits the limits.
 * Nothing is fetched from the network.
 */
import { fail, ok, type Result } from "../../core/errors";
import { message } from "../../core/messages";
import { maybeCheckpointConfig, type CheckpointConfig } from "./config";
import { headerLength, maybeSafetensors, maybeSafetensorsHeader } from "./safetensors";
import { idTokenizer, maybeTextTokenizer, type TextTokenizer } from "./text";
import { maybeCheckpointWeights, type CheckpointWeights } from "./weights";

/**
 * The largest model.safetensors read: GPT-2 small in F32 (548 MB) fits. The tensors are widened to float32 in
 * the page and uploaded to the backend, so a page holds about twice this; phones may refuse less.
 */
export const MAX_CHECKPOINT_BYTES = 600 * 2 ** 20;
/** config.json, tokenizer.json: a large BPE tokenizer.json is ~10 MB. */
export const MAX_JSON_BYTES = 32 * 2 ** 20;

export interface LoadedCheckpoint {
  readonly config: CheckpointConfig;
  readonly weights: CheckpointWeights;
  readonly tokenizer: TextTokenizer;
  /** False when no tokenizer.json was given: the text is read as token ids. */
  readonly hasTokenizer: boolean;
  readonly bytes: number;
}

/** 5.9 kB, 548.1 MB: file sizes as a person reads them. */
export const fileSize = (bytes: number) =>
  bytes < 2 ** 20 ? `${(bytes / 2 ** 10).toFixed(1)} kB` : `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function readJson(file: Blob, name: string): Promise<Result<unknown>> {
  if (file.size > MAX_JSON_BYTES) {
    return fail(
      message("error.checkpoint.tooLarge", {
        name,
        size: fileSize(file.size),
        max: fileSize(MAX_JSON_BYTES),
      }),
      {
        code: "too-large",
        matrix: name,
      },
    );
  }
  try {
    return ok(JSON.parse(await file.text()));
  } catch (error) {
    return fail(message("error.checkpoint.json", { name, reason: String((error as Error).message) }), {
      code: "syntax",
      matrix: name,
    });
  }
}

export async function loadCheckpointFiles(files: readonly File[]): Promise<Result<LoadedCheckpoint>> {
  const byName = (name: string) =>
    files.find((f) => f.name === name) ?? files.find((f) => f.name.endsWith(name));
  const configFile = byName("config.json");
  const weightsFile = files.find((f) => f.name.endsWith(".safetensors"));
  if (!configFile || configFile.name.endsWith("tokenizer_config.json")) {
    return fail(message("error.checkpoint.missingFile", { name: "config.json" }), {
      code: "empty",
      matrix: "config.json",
    });
  }
  if (!weightsFile) {
    return fail(message("error.checkpoint.missingFile", { name: "model.safetensors" }), {
      code: "empty",
      matrix: "model.safetensors",
    });
  }
  if (weightsFile.size > MAX_CHECKPOINT_BYTES) {
    return fail(
      message("error.checkpoint.tooLarge", {
        name: weightsFile.name,
        size: fileSize(weightsFile.size),
        max: fileSize(MAX_CHECKPOINT_BYTES),
      }),
      { code: "too-large", matrix: weightsFile.name },
    );
  }
  const configJson = await readJson(configFile, configFile.name);
  if (!configJson.ok) return configJson;
  const config = maybeCheckpointConfig(configJson.value);
  if (!config.ok) return config;

  // The header alone first: a damaged or foreign file is refused before its tensors are read.
  const first8 = new Uint8Array(await weightsFile.slice(0, 8).arrayBuffer());
  const n = headerLength(first8) ?? 0;
  const headerBytes = new Uint8Array(
    await weightsFile.slice(0, Math.min(8 + n, weightsFile.size)).arrayBuffer(),
  );
  const header = maybeSafetensorsHeader(headerBytes, weightsFile.size);
  if (!header.ok) return header;
  const tensors = maybeSafetensors(new Uint8Array(await weightsFile.arrayBuffer()));
  if (!tensors.ok) return tensors;
  const weights = maybeCheckpointWeights(config.value, tensors.value);
  if (!weights.ok) return weights;

  const tokenizerFile = byName("tokenizer.json");
  let tokenizer = idTokenizer;
  if (tokenizerFile) {
    const json = await readJson(tokenizerFile, tokenizerFile.name);
    if (!json.ok) return json;
    const configFileT = byName("tokenizer_config.json");
    const tConfig = configFileT ? await readJson(configFileT, configFileT.name) : ok({});
    if (!tConfig.ok) return tConfig;
    const made = maybeTextTokenizer(json.value, tConfig.value);
    if (!made.ok) return made;
    tokenizer = made.value;
  }
  return ok({
    config: config.value,
    weights: weights.value,
    tokenizer,
    hasTokenizer: tokenizerFile !== undefined,
    bytes: weightsFile.size,
  });
}
