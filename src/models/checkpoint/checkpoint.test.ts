import { describe, expect, it } from "vitest";
import { maybeCheckpointConfig } from "./config";
import { FIXTURES, loadFixture } from "./test-fixtures";
import { forward64 } from "./forward64";
import { halfToFloat, maybeSafetensors } from "./safetensors";
import { maybeCheckpointWeights } from "./weights";

describe("halfToFloat", () => {
  it("reads IEEE binary16 values worked by hand", () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.333251953125, 12);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});

describe.each(FIXTURES)("checkpoint %s (written by numpy)", (name) => {
  it("reads every tensor with the shape numpy wrote", () => {
    const { tensors, config } = loadFixture(name);
    const embed = tensors.get(
      config.family === "gpt2"
        ? name.includes("noprefix")
          ? "wte.weight"
          : "transformer.wte.weight"
        : "model.embed_tokens.weight",
    );
    expect(embed?.shape).toEqual([config.vocab, config.dModel]);
  });

  it("forward64 gives numpy's logits and attention to 1e-9", () => {
    const { config, weights, expected } = loadFixture(name);
    const trace = forward64(config, weights, expected.tokens);
    const n = expected.tokens.length;
    let worst = 0;
    expected.logits.forEach((row, i) =>
      row.forEach(
        (want, v) => (worst = Math.max(worst, Math.abs(trace.logits[i * config.vocab + v]! - want))),
      ),
    );
    expected.attention.forEach((layer, l) =>
      layer.forEach((head, h) =>
        head.forEach((row, i) =>
          row.forEach(
            (want, j) => (worst = Math.max(worst, Math.abs(trace.attention[l]![h]![i * n + j]! - want))),
          ),
        ),
      ),
    );
    expect(worst).toBeLessThan(1e-9);
  });
});

describe("grouped-query attention in a Llama checkpoint", () => {
  it("query heads 0,1 read KV head 0 and heads 2,3 read KV head 1 (4 query heads, 2 KV heads)", () => {
    const { config, weights, expected } = loadFixture("llama-f32-untied");
    expect(forward64(config, weights, expected.tokens).kvHeadOf).toEqual([0, 0, 1, 1]);
  });
});

describe("damaged and unknown checkpoints are located errors", () => {
  const good = loadFixture("gpt2-f32");

  it("a file cut short names the tensor whose bytes are missing", () => {
    const result = maybeSafetensors(good.bytes.subarray(0, good.bytes.length - 10));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.key).toBe("error.checkpoint.offsets");
  });

  it("a header length past the file is refused without reading further", () => {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setBigUint64(0, 1_000_000n, true);
    const result = maybeSafetensors(bytes);
    expect(!result.ok && result.error.key).toBe("error.checkpoint.headerLength");
  });

  it("a missing tensor is named", () => {
    const tensors = new Map(good.tensors);
    tensors.delete("transformer.h.1.mlp.c_fc.bias");
    const result = maybeCheckpointWeights(good.config, tensors);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain("h.1.mlp.c_fc.bias");
  });

  it("a tensor of the wrong shape is named with both shapes", () => {
    const tensors = new Map(good.tensors);
    const t = tensors.get("transformer.wpe.weight")!;
    tensors.set("transformer.wpe.weight", { ...t, shape: [8, 16] });
    const result = maybeCheckpointWeights(good.config, tensors);
    expect(!result.ok && result.error.message).toBe(
      "tensor transformer.wpe.weight has shape 8 × 16: expected 16 × 8",
    );
  });

  it("an unknown architecture says which ones are known", () => {
    const result = maybeCheckpointConfig({ architectures: ["BertForMaskedLM"], model_type: "bert" });
    expect(!result.ok && result.error.message).toBe(
      "the architecture BertForMaskedLM is not known here: expected one of GPT2LMHeadModel, LlamaForCausalLM",
    );
  });

  it("KV heads that do not divide the query heads are refused", () => {
    const result = maybeCheckpointConfig({
      model_type: "llama",
      hidden_size: 8,
      num_attention_heads: 4,
      num_key_value_heads: 3,
      num_hidden_layers: 1,
      intermediate_size: 4,
      vocab_size: 5,
    });
    expect(!result.ok && result.error.key).toBe("error.checkpoint.kvHeads");
  });

  it("an unsupported dtype is named with its tensor", () => {
    const header = JSON.stringify({ w: { dtype: "I8", shape: [2], data_offsets: [0, 2] } });
    const bytes = new Uint8Array(8 + header.length + 2);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(new TextEncoder().encode(header), 8);
    const result = maybeSafetensors(bytes);
    expect(!result.ok && result.error.message).toBe(
      "tensor w is stored as I8: expected one of F32, F16, BF16",
    );
  });
});
