import { readdirSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../engine/backends";
import { forward64 } from "../checkpoint/forward64";
import { loadCheckpointFiles } from "../checkpoint/load";
import { maybeCheckpointTokens } from "../checkpoint/text";
import type { HeadRole } from "../lm/headRoles";
import { maybeLmMetrics } from "../lm/metrics";
import { LM_NAMES } from "../lm/recipes";
import { createCheckpointModel, disposeCheckpointModel, runCheckpoint } from "./checkpoint";

tf.enableProdMode();

const dir = (name: string) => resolve(import.meta.dirname, "../../../public/models/lm", name);
const file = (name: string, f: string) => new File([readFileSync(resolve(dir(name), f))], f);
const load = (name: string) =>
  loadCheckpointFiles(["config.json", "model.safetensors", "tokenizer.json"].map((f) => file(name, f)));

/** The tolerance of the checkpoint parity tests (checkpoint.test.ts): 1e-5, relative above 1. */
const TOLERANCE = 1e-5;

describe("the shipped language models", () => {
  it("brown: an unknown word becomes <unk> (id 0) and is named, never an error", async () => {
    const loaded = await load("brown");
    if (!loaded.ok) throw loaded.error;
    const text = "the zorblaxian jury said";
    const tokens = maybeCheckpointTokens(loaded.value.tokenizer, text, loaded.value.config.vocab, 64);
    expect(tokens.ok && tokens.value.ids[2]).toBe(0);
    expect(loaded.value.tokenizer.unknownWords?.(text)).toEqual(["zorblaxian"]);
    expect(loaded.value.tokenizer.unknownWords?.("the jury said")).toEqual([]);
  });

  it.each(["cpu", "wasm"] as const)(
    "brown on %s: the app's tfjs forward pass equals the float64 reference for one sentence (logits and attention)",
    async (backend) => {
      expect((await initBackend(backend)).ok).toBe(true);
      const loaded = await load("brown");
      if (!loaded.ok) throw loaded.error;
      const { config, weights, tokenizer } = loaded.value;
      expect(config.family).toBe("llama");
      expect(config.kvHeads).toBeLessThan(config.heads);
      const tokens = maybeCheckpointTokens(
        tokenizer,
        "The jury said that the city was ready.",
        config.vocab,
        64,
      );
      if (!tokens.ok) throw tokens.error;
      const want = forward64(config, weights, tokens.value.ids);
      const model = createCheckpointModel(config, weights);
      const got = await runCheckpoint(model, tokens.value.ids);
      disposeCheckpointModel(model);
      let worst = 0;
      const error = (g: number, w: number) => Math.abs(g - w) / Math.max(1, Math.abs(w));
      got.logits.forEach((v, i) => (worst = Math.max(worst, error(v, want.logits[i]!))));
      got.attention.forEach((layer, l) =>
        layer.forEach((head, h) =>
          head.forEach((v, i) => (worst = Math.max(worst, error(v, want.attention[l]![h]![i]!)))),
        ),
      );
      expect(worst).toBeLessThan(TOLERANCE);
    },
  );

  it.each(LM_NAMES)(
    "%s: metrics.json: the model beats the unigram and the bigram and labels every head",
    (name) => {
      const metrics = maybeLmMetrics(JSON.parse(readFileSync(resolve(dir(name), "metrics.json"), "utf8")));
      const config = JSON.parse(readFileSync(resolve(dir(name), "config.json"), "utf8")) as Record<
        string,
        number
      >;
      expect(metrics).toBeDefined();
      const { perplexity, heads } = metrics!;
      expect(perplexity.model).toBeLessThan(perplexity.unigram);
      expect(perplexity.bigram).toBeLessThan(perplexity.unigram);
      // The bar is to beat the bigram too, clearly: both do, by more than 10 % (README).
      expect(perplexity.model).toBeLessThan(0.9 * perplexity.bigram);
      expect(heads).toHaveLength(config.num_hidden_layers!);
      for (const layer of heads) expect(layer).toHaveLength(config.num_attention_heads!);
      // Every head has a score for every role measured on this corpus, and so has uniform attention: parts
      // of speech where the corpus is tagged (Brown), the line before where it is verse.
      const measured = name === "brown" ? ["determiner", "subject"] : ["previousLine"];
      const absent = name === "brown" ? ["previousLine"] : ["determiner", "subject"];
      for (const h of heads.flat()) {
        for (const role of measured) expect(typeof h.scores[role as HeadRole]).toBe("number");
        for (const role of absent) expect(h.scores[role as HeadRole] ?? null).toBeNull();
        // A head's label is its best role.
        const best = Math.max(...Object.values(h.scores).filter((v): v is number => typeof v === "number"));
        expect(h.score).toBe(best);
      }
      for (const role of measured) expect(typeof metrics!.chance[role as HeadRole]).toBe("number");
      // Some head does its job at least three times as much as chance (the README names them).
      expect(heads.flat().some((h) => h.score >= 3 * metrics!.chance[h.role]!)).toBe(true);
    },
  );

  it("every shipped model together (toy tasks and language models) is at most 10 MB", () => {
    const size = (path: string): number =>
      statSync(path).isDirectory()
        ? readdirSync(path).reduce((n, f) => n + size(resolve(path, f)), 0)
        : statSync(path).size;
    expect(size(resolve(import.meta.dirname, "../../../public/models"))).toBeLessThanOrEqual(10 * 2 ** 20);
  });
});
