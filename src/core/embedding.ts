import { createMatrix } from "./matrix";
import { createRandom, hashString } from "./random";
import type { Matrix } from "./types";

/**
 * A token's embedding: d_model draws from N(0, 1), seeded by (token string, seed).
 * The same token and seed always give the same vector, wherever the token stands.
 */
export function tokenEmbedding(token: string, dModel: number, seed: number): Float64Array {
  const random = createRandom(hashString(token, seed));
  return Float64Array.from({ length: dModel }, () => random.normal());
}

/** Embeddings of a sequence, one row per token: [tokens.length, dModel]. */
export function embedTokens(tokens: readonly string[], dModel: number, seed: number): Matrix {
  const m = createMatrix(tokens.length, dModel);
  tokens.forEach((token, i) => m.data.set(tokenEmbedding(token, dModel, seed), i * dModel));
  return m;
}
