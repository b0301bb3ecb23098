import { createMatrix } from "./matrix";
import { createRandom } from "./random";
import type { Matrix, ScoreFunction, ScoreParams } from "./types";

/** A seeded [rows, cols] matrix with entries from N(0, scale²). */
export function seededMatrix(rows: number, cols: number, seed: number, scale = 1): Matrix {
  const random = createRandom(seed);
  const m = createMatrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = random.normal() * scale;
  return m;
}

/** Seeded projections for a d_model-wide model, scaled by 1/√d_model so that Q, K, V stay near unit size. */
export function seededProjections(
  dModel: number,
  seed: number,
): { wq: Matrix; wk: Matrix; wv: Matrix; wo: Matrix } {
  const scale = 1 / Math.sqrt(dModel);
  return {
    wq: seededMatrix(dModel, dModel, seed * 4 + 1, scale),
    wk: seededMatrix(dModel, dModel, seed * 4 + 2, scale),
    wv: seededMatrix(dModel, dModel, seed * 4 + 3, scale),
    wo: seededMatrix(dModel, dModel, seed * 4 + 4, scale),
  };
}

/** Seeded parameters for the score functions that need them (general, additive); none for the rest. */
export function seededScoreParams(
  score: ScoreFunction,
  heads: number,
  dK: number,
  seed: number,
  dA = dK,
): ScoreParams {
  const scale = 1 / Math.sqrt(dK);
  if (score === "general") {
    return {
      general: Array.from({ length: heads }, (_, h) => seededMatrix(dK, dK, seed + 101 * (h + 1), scale)),
    };
  }
  if (score === "additive") {
    return {
      additive: Array.from({ length: heads }, (_, h) => ({
        wq: seededMatrix(dK, dA, seed + 211 * (h + 1), scale),
        wk: seededMatrix(dK, dA, seed + 307 * (h + 1), scale),
        v: Array.from(seededMatrix(1, dA, seed + 401 * (h + 1), 1 / Math.sqrt(dA)).data),
      })),
    };
  }
  return {};
}
