/**
 * A Hugging Face config.json read for the two families the loader knows: GPT-2 (`GPT2LMHeadModel`) and
 * Llama (`LlamaForCausalLM`). Everything the forward pass needs is made explicit here, with the library's
 * own defaults where a config leaves a field out (transformers' GPT2Config and LlamaConfig).
 */
import { fail, ok, type Result } from "../../core/errors";
import { message } from "../../core/messages";

export type Family = "gpt2" | "llama";

export interface CheckpointConfig {
  readonly family: Family;
  readonly layers: number;
  /** Query heads. */
  readonly heads: number;
  /** Key/value heads: query head i reads KV head ⌊i·kvHeads/heads⌋ (grouped-query attention). */
  readonly kvHeads: number;
  readonly dModel: number;
  readonly headDim: number;
  /** Hidden width of the feed-forward block. */
  readonly ffn: number;
  readonly vocab: number;
  /** Longest sequence: learned positions (GPT-2) or the trained context (Llama). */
  readonly maxPositions: number;
  /** LayerNorm ε (GPT-2) or RMSNorm ε (Llama). */
  readonly normEps: number;
  /** RoPE base θ (Llama), "half" pair layout as Hugging Face Llama. */
  readonly ropeTheta: number;
  /** The output projection is the token embedding (GPT-2 always; Llama when tie_word_embeddings). */
  readonly tied: boolean;
}

const KNOWN = "GPT2LMHeadModel, LlamaForCausalLM";

export function maybeCheckpointConfig(json: unknown): Result<CheckpointConfig> {
  if (typeof json !== "object" || json === null) {
    return fail(message("error.checkpoint.config", { field: "config.json", want: "an object" }), {
      code: "syntax",
    });
  }
  const c = json as Record<string, unknown>;
  const architectures = Array.isArray(c.architectures) ? c.architectures.map(String) : [];
  const type = String(c.model_type ?? "");
  const family: Family | undefined =
    type === "gpt2" || architectures.includes("GPT2LMHeadModel")
      ? "gpt2"
      : type === "llama" || architectures.includes("LlamaForCausalLM")
        ? "llama"
        : undefined;
  if (!family) {
    const name = architectures[0] ?? (type || "none");
    return fail(message("error.checkpoint.architecture", { name, known: KNOWN }), { code: "invalid" });
  }
  const count = (field: string, fallback?: number): number | string => {
    const value = c[field] ?? fallback;
    return Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : field;
  };
  const positive = (field: string, fallback: number): number | string => {
    const value = c[field] ?? fallback;
    return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : field;
  };
  const fields =
    family === "gpt2"
      ? {
          layers: count("n_layer"),
          heads: count("n_head"),
          dModel: count("n_embd"),
          vocab: count("vocab_size"),
          maxPositions: count("n_positions", 1024),
          normEps: positive("layer_norm_epsilon", 1e-5),
        }
      : {
          layers: count("num_hidden_layers"),
          heads: count("num_attention_heads"),
          dModel: count("hidden_size"),
          vocab: count("vocab_size"),
          maxPositions: count("max_position_embeddings", 2048),
          normEps: positive("rms_norm_eps", 1e-6),
          ffn: count("intermediate_size"),
          ropeTheta: positive("rope_theta", 10000),
        };
  for (const [, value] of Object.entries(fields)) {
    if (typeof value === "string") {
      return fail(message("error.checkpoint.config", { field: value, want: "a positive number" }), {
        code: "invalid",
        matrix: value,
      });
    }
  }
  const f = fields as Record<string, number>;
  const heads = f.heads!;
  const dModel = f.dModel!;
  if (family === "gpt2") {
    if (dModel % heads !== 0) {
      return fail(message("error.checkpoint.headsDivide", { width: dModel, heads }), { code: "heads" });
    }
    const inner = c.n_inner;
    const ffn = Number.isSafeInteger(inner) && (inner as number) > 0 ? (inner as number) : 4 * dModel;
    return ok({
      family,
      layers: f.layers!,
      heads,
      kvHeads: heads,
      dModel,
      headDim: dModel / heads,
      ffn,
      vocab: f.vocab!,
      maxPositions: f.maxPositions!,
      normEps: f.normEps!,
      ropeTheta: 10000,
      tied: true,
    });
  }
  const kvHeads = c.num_key_value_heads ?? heads;
  if (!Number.isSafeInteger(kvHeads) || (kvHeads as number) <= 0 || heads % (kvHeads as number) !== 0) {
    return fail(message("error.checkpoint.kvHeads", { kvHeads: String(kvHeads), heads }), { code: "heads" });
  }
  const headDim = c.head_dim ?? dModel / heads;
  if (!Number.isSafeInteger(headDim) || (headDim as number) % 2 !== 0) {
    return fail(message("error.checkpoint.headDim", { value: String(headDim) }), { code: "heads" });
  }
  const scaling = c.rope_scaling;
  if (scaling !== undefined && scaling !== null) {
    return fail(message("error.checkpoint.ropeScaling", { value: JSON.stringify(scaling) }), {
      code: "invalid",
    });
  }
  return ok({
    family,
    layers: f.layers!,
    heads,
    kvHeads: kvHeads as number,
    dModel,
    headDim: headDim as number,
    ffn: f.ffn!,
    vocab: f.vocab!,
    maxPositions: f.maxPositions!,
    normEps: f.normEps!,
    ropeTheta: f.ropeTheta!,
    tied: c.tie_word_embeddings === true,
  });
}
