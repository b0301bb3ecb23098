/**
 * A checkpoint's tensors found by their Hugging Face names and checked against the config's shapes.
 * GPT-2 (`GPT2LMHeadModel`): names with or without the `transformer.` prefix; Conv1D weights are stored
 * [in, out] (y = x·W + b); lm_head is tied to wte. Llama (`LlamaForCausalLM`): `model.` names; Linear weights
 * are stored [out, in] (y = x·Wᵀ); lm_head.weight, or the embedding when tied. All row-major float32.
 */
import { fail, ok, type Result } from "../../core/errors";
import { message } from "../../core/messages";
import type { CheckpointConfig } from "./config";
import type { StoredTensor } from "./safetensors";

export interface Gpt2Layer {
  readonly ln1: { w: Float32Array; b: Float32Array };
  /** [d, 3d]: the columns are q, then k, then v, each head's dHead columns in turn. */
  readonly qkvW: Float32Array;
  readonly qkvB: Float32Array;
  /** [d, d] */
  readonly projW: Float32Array;
  readonly projB: Float32Array;
  readonly ln2: { w: Float32Array; b: Float32Array };
  /** [d, ffn] and [ffn, d] */
  readonly fcW: Float32Array;
  readonly fcB: Float32Array;
  readonly outW: Float32Array;
  readonly outB: Float32Array;
}

export interface LlamaLayer {
  readonly inputNorm: Float32Array;
  /** [heads·headDim, d], [kvHeads·headDim, d], [kvHeads·headDim, d], [d, heads·headDim] */
  readonly q: Float32Array;
  readonly k: Float32Array;
  readonly v: Float32Array;
  readonly o: Float32Array;
  readonly postNorm: Float32Array;
  /** [ffn, d], [ffn, d], [d, ffn] */
  readonly gate: Float32Array;
  readonly up: Float32Array;
  readonly down: Float32Array;
}

export type CheckpointWeights =
  | {
      readonly family: "gpt2";
      /** [vocab, d] token embedding, also the output projection. */
      readonly wte: Float32Array;
      /** [maxPositions, d] */
      readonly wpe: Float32Array;
      readonly layers: readonly Gpt2Layer[];
      readonly lnF: { w: Float32Array; b: Float32Array };
      readonly lmHead: Float32Array;
    }
  | {
      readonly family: "llama";
      readonly embed: Float32Array;
      readonly layers: readonly LlamaLayer[];
      readonly norm: Float32Array;
      /** [vocab, d] */
      readonly lmHead: Float32Array;
    };

class Missing extends Error {}

export function maybeCheckpointWeights(
  config: CheckpointConfig,
  tensors: ReadonlyMap<string, StoredTensor>,
): Result<CheckpointWeights> {
  const { dModel: d, ffn, vocab } = config;
  let failure: ReturnType<typeof fail> | undefined;
  const take = (names: readonly string[], shape: readonly number[]): Float32Array => {
    const name = names.find((n) => tensors.has(n));
    const t = name === undefined ? undefined : tensors.get(name);
    if (!t || name === undefined) {
      failure = fail(message("error.checkpoint.missing", { tensor: names[0]!, shape: shape.join(" × ") }), {
        code: "shape",
        matrix: names[0]!,
      });
      throw new Missing();
    }
    if (t.shape.length !== shape.length || t.shape.some((s, i) => s !== shape[i])) {
      failure = fail(
        message("error.checkpoint.shape", {
          tensor: name,
          got: t.shape.join(" × "),
          want: shape.join(" × "),
        }),
        { code: "shape", matrix: name },
      );
      throw new Missing();
    }
    return t.data;
  };
  try {
    if (config.family === "gpt2") {
      const g = (n: string) => [`transformer.${n}`, n];
      const wte = take(g("wte.weight"), [vocab, d]);
      const layers = Array.from({ length: config.layers }, (_, i): Gpt2Layer => {
        const p = (n: string) => g(`h.${i}.${n}`);
        return {
          ln1: { w: take(p("ln_1.weight"), [d]), b: take(p("ln_1.bias"), [d]) },
          qkvW: take(p("attn.c_attn.weight"), [d, 3 * d]),
          qkvB: take(p("attn.c_attn.bias"), [3 * d]),
          projW: take(p("attn.c_proj.weight"), [d, d]),
          projB: take(p("attn.c_proj.bias"), [d]),
          ln2: { w: take(p("ln_2.weight"), [d]), b: take(p("ln_2.bias"), [d]) },
          fcW: take(p("mlp.c_fc.weight"), [d, ffn]),
          fcB: take(p("mlp.c_fc.bias"), [ffn]),
          outW: take(p("mlp.c_proj.weight"), [ffn, d]),
          outB: take(p("mlp.c_proj.bias"), [d]),
        };
      });
      return ok({
        family: "gpt2",
        wte,
        wpe: take(g("wpe.weight"), [config.maxPositions, d]),
        layers,
        lnF: { w: take(g("ln_f.weight"), [d]), b: take(g("ln_f.bias"), [d]) },
        lmHead: tensors.has("lm_head.weight") ? take(["lm_head.weight"], [vocab, d]) : wte,
      });
    }
    const q = config.heads * config.headDim;
    const kv = config.kvHeads * config.headDim;
    const embed = take(["model.embed_tokens.weight"], [vocab, d]);
    const layers = Array.from({ length: config.layers }, (_, i): LlamaLayer => {
      const p = (n: string) => [`model.layers.${i}.${n}`];
      return {
        inputNorm: take(p("input_layernorm.weight"), [d]),
        q: take(p("self_attn.q_proj.weight"), [q, d]),
        k: take(p("self_attn.k_proj.weight"), [kv, d]),
        v: take(p("self_attn.v_proj.weight"), [kv, d]),
        o: take(p("self_attn.o_proj.weight"), [d, q]),
        postNorm: take(p("post_attention_layernorm.weight"), [d]),
        gate: take(p("mlp.gate_proj.weight"), [ffn, d]),
        up: take(p("mlp.up_proj.weight"), [ffn, d]),
        down: take(p("mlp.down_proj.weight"), [d, ffn]),
      };
    });
    const lmHead =
      config.tied && !tensors.has("lm_head.weight") ? embed : take(["lm_head.weight"], [vocab, d]);
    return ok({ family: "llama", embed, layers, norm: take(["model.norm.weight"], [d]), lmHead });
  } catch (error) {
    if (error instanceof Missing && failure) return failure;
    throw error;
  }
}

/** The number of parameters, a tied output projection counted once. */
export function parameterCount(weights: CheckpointWeights): number {
  const seen = new Set<Float32Array>();
  const visit = (value: unknown): void => {
    if (value instanceof Float32Array) seen.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(visit);
  };
  visit(weights);
  return [...seen].reduce((n, w) => n + w.length, 0);
}
