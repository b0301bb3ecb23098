import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCheckpointFiles } from "./load";
import { idTokenizer, maybeCheckpointTokens } from "./text";

const fixture = (dir: string, name: string) =>
  new File([readFileSync(resolve(import.meta.dirname, "fixtures", dir, name))], name);

describe("loadCheckpointFiles", () => {
  it("reads a GPT-2 checkpoint with its tokenizer: the words become the ids numpy was given", async () => {
    const files = ["config.json", "model.safetensors", "tokenizer.json"].map((n) => fixture("gpt2-f32", n));
    const loaded = await loadCheckpointFiles(files);
    if (!loaded.ok) throw loaded.error;
    expect(loaded.value.config.family).toBe("gpt2");
    expect(loaded.value.hasTokenizer).toBe(true);
    const tokens = maybeCheckpointTokens(loaded.value.tokenizer, "sat the on the mat and cat", 13, 16);
    expect(tokens.ok && tokens.value.ids).toEqual([3, 1, 4, 1, 5, 9, 2]);
    expect(tokens.ok && tokens.value.labels).toEqual(["sat", "the", "on", "the", "mat", "and", "cat"]);
  });

  it("without tokenizer.json the text is read as token ids", async () => {
    const loaded = await loadCheckpointFiles(
      ["config.json", "model.safetensors"].map((n) => fixture("llama-bf16-tied", n)),
    );
    if (!loaded.ok) throw loaded.error;
    expect(loaded.value.hasTokenizer).toBe(false);
    const tokens = maybeCheckpointTokens(loaded.value.tokenizer, "3, 1 4", 11, 64);
    expect(tokens.ok && tokens.value).toEqual({ ids: [3, 1, 4], labels: ["#3", "#1", "#4"] });
  });

  it("a file past the size limit is refused before a byte of it is read", async () => {
    const huge = {
      name: "model.safetensors",
      size: 700 * 2 ** 20,
      slice: () => {
        throw new Error("read");
      },
      arrayBuffer: () => {
        throw new Error("read");
      },
    } as unknown as File;
    const result = await loadCheckpointFiles([fixture("gpt2-f32", "config.json"), huge]);
    expect(!result.ok && result.error.key).toBe("error.checkpoint.tooLarge");
    expect(!result.ok && result.error.message).toBe(
      "model.safetensors is 700.0 MB, too large: the limit here is 600.0 MB",
    );
  });

  it("a missing config.json or weights file is named", async () => {
    const noConfig = await loadCheckpointFiles([fixture("gpt2-f32", "model.safetensors")]);
    expect(!noConfig.ok && noConfig.error.matrix).toBe("config.json");
    const noWeights = await loadCheckpointFiles([fixture("gpt2-f32", "config.json")]);
    expect(!noWeights.ok && noWeights.error.matrix).toBe("model.safetensors");
  });

  it("a config that does not match the tensors names the tensor", async () => {
    const config = new File(
      [
        JSON.stringify({
          model_type: "gpt2",
          n_embd: 8,
          n_head: 2,
          n_layer: 3,
          vocab_size: 13,
          n_positions: 16,
        }),
      ],
      "config.json",
    );
    const result = await loadCheckpointFiles([config, fixture("gpt2-f32", "model.safetensors")]);
    expect(!result.ok && result.error.message).toContain("h.2.ln_1.weight");
  });
});

describe("maybeCheckpointTokens", () => {
  it("says which token is past the vocabulary", () => {
    const result = maybeCheckpointTokens(idTokenizer, "1 2 99", 13, 16);
    expect(!result.ok && result.error.message).toBe(
      "token 3 is 99: expected a token id from 0 to the vocabulary size 13 less one",
    );
  });

  it("refuses more tokens than the context and an empty text", () => {
    const many = maybeCheckpointTokens(idTokenizer, Array(17).fill("1").join(" "), 13, 16);
    expect(!many.ok && many.error.key).toBe("error.checkpoint.tooManyTokens");
    const none = maybeCheckpointTokens(idTokenizer, "  ", 13, 16);
    expect(!none.ok && none.error.key).toBe("error.checkpoint.noTokens");
  });
});
