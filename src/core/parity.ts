import { seededMatrix, seededProjections, seededScoreParams } from "./weights";
import { createRandom } from "./random";
import { toRows } from "./matrix";
import type { AttentionSpec, AttentionTrace, Floats, ScoreFunction } from "./types";

/**
 * The parity suite, written once: named cases that every backend must compute like the float64
 * reference. Vitest runs it on cpu and wasm in node; Playwright runs it on webgpu, webgl, wasm and cpu
 * inside a real page (e2e/parity.spec.ts).
 */
export interface ParityCase {
  readonly name: string;
  readonly spec: AttentionSpec;
}

/**
 * Float32 backends against float64: |actual − expected| ≤ tolerance · max(1, |expected|).
 * Float32 carries ~6e-8 relative error per operation; 1e-5 leaves room for sums of a few hundred terms
 * (ENVIRONMENT.md measured ~4e-7 on every backend) and catches any real mistake.
 */
export const FLOAT32_TOLERANCE = 1e-5;

const random = (n: number, d: number, seed: number) => seededMatrix(n, d, seed);

function qkv(n: number, m: number, d: number, dv: number, seed: number) {
  return {
    kind: "qkv" as const,
    q: random(n, d, seed),
    k: random(m, d, seed + 1),
    v: random(m, dv, seed + 2),
  };
}

function randomMask(n: number, m: number, seed: number): boolean[][] {
  const r = createRandom(seed);
  // Row 2 is fully masked on purpose: it must give zero weights and a zero output, never NaN.
  return Array.from({ length: n }, (_, i) => Array.from({ length: m }, () => i === 2 || r.uniform() < 0.3));
}

function scoreCase(score: ScoreFunction, heads: number, seed: number): ParityCase {
  const d = 8 * heads;
  return {
    name: `${score}, ${heads} head${heads > 1 ? "s" : ""}`,
    spec: {
      source: qkv(7, 9, d, d, seed),
      heads,
      score,
      scoreParams: seededScoreParams(score, heads, 8, seed + 5),
    },
  };
}

export const PARITY_CASES: readonly ParityCase[] = [
  ...(["dot", "scaled-dot", "general", "additive", "cosine"] as const).flatMap((score, i) => [
    scoreCase(score, 1, 10 + i * 10),
    scoreCase(score, 4, 110 + i * 10),
  ]),
  { name: "causal mask", spec: { source: qkv(12, 12, 16, 16, 300), mask: { kind: "causal" } } },
  {
    name: "causal mask, cross-attention (n < m)",
    spec: { source: qkv(5, 11, 16, 8, 310), mask: { kind: "causal" } },
  },
  {
    name: "padding mask",
    spec: { source: qkv(8, 10, 16, 16, 320), mask: { kind: "padding", validLength: 6 } },
  },
  {
    name: "padding mask of length 0 (every row empty)",
    spec: { source: qkv(4, 5, 8, 8, 330), mask: { kind: "padding", validLength: 0 } },
  },
  {
    name: "custom mask with a fully masked row",
    spec: {
      source: qkv(6, 7, 16, 16, 340),
      heads: 2,
      mask: { kind: "custom", masked: randomMask(6, 7, 341) },
    },
  },
  {
    // More runs of masked cells than one per 16 cells: the engine writes such a mask cell by cell.
    name: "custom mask, scattered (32 × 32)",
    spec: {
      source: qkv(32, 32, 16, 16, 345),
      heads: 2,
      mask: { kind: "custom", masked: randomMask(32, 32, 346) },
    },
  },
  { name: "hard attention", spec: { source: qkv(9, 9, 16, 16, 350), mode: "hard" } },
  {
    name: "hard attention with a causal mask",
    spec: { source: qkv(9, 9, 16, 16, 360), mode: "hard", mask: { kind: "causal" } },
  },
  // tf.oneHot refuses a depth of 1: one key must still give weight 1, not retire the backend.
  {
    name: "hard attention, one key",
    spec: { source: { kind: "qkv", q: [[1]], k: [[1]], v: [[2]] }, mode: "hard" },
  },
  {
    // Squares of 1e-23 underflow float32 to 0: normalising before the dot product keeps the cosines exact.
    name: "cosine of tiny vectors (1e-23)",
    spec: {
      source: {
        kind: "qkv",
        q: [
          [1e-23, 0],
          [3e-24, -4e-24],
        ],
        k: [
          [1e-23, 0],
          [0, 1e-23],
          [-2e-23, 2e-23],
        ],
        v: [[1], [2], [3]],
      },
      score: "cosine",
      temperature: 0.1,
    },
  },
  { name: "temperature 0.25", spec: { source: qkv(8, 8, 16, 16, 370), temperature: 0.25 } },
  { name: "temperature 40", spec: { source: qkv(8, 8, 16, 16, 380), temperature: 40 } },
  {
    name: "logits of ±1e4 stay finite",
    spec: {
      source: {
        kind: "qkv",
        q: [[100, -100]],
        k: [
          [100, 0],
          [-100, 0],
          [0, 100],
        ],
        v: [[1], [2], [3]],
      },
      score: "dot",
    },
  },
  {
    name: "tokens with sinusoidal encoding, 2 heads, W_O",
    spec: (() => {
      const w = seededProjections(8, 7);
      return {
        source: {
          kind: "tokens",
          tokens: ["the", "cat", "sat", "on", "the", "mat"],
          dModel: 8,
          seed: 7,
          positional: "sinusoidal",
          ...w,
        },
        heads: 2,
        wo: w.wo,
        mask: { kind: "causal" },
      } satisfies AttentionSpec;
    })(),
  },
  {
    name: "cross-attention from tokens, Chinese keys",
    spec: (() => {
      const w = seededProjections(12, 9);
      return {
        source: {
          kind: "tokens",
          tokens: ["I", "love", "cats"],
          keyTokens: ["我", "爱", "猫", "。"],
          dModel: 12,
          seed: 9,
          positional: "sinusoidal",
          ...w,
        },
        heads: 3,
        wo: w.wo,
      } satisfies AttentionSpec;
    })(),
  },
  {
    name: "embeddings given as nested arrays, 8 heads, d_model 64",
    spec: (() => {
      const w = seededProjections(64, 11);
      return { source: { kind: "embeddings", x: toRows(random(20, 64, 12)), ...w }, heads: 8, wo: w.wo };
    })(),
  },
  { name: "n = 128, d = 64", spec: { source: qkv(128, 128, 64, 64, 400), mask: { kind: "causal" } } },
  ...modernCases(),
];

/** Modern attention (RoPE, ALiBi, grouped-query heads, sliding windows), alone and together. */
function modernCases(): ParityCase[] {
  const gqa = (n: number, heads: number, kvHeads: number, dK: number, seed: number) => ({
    kind: "qkv" as const,
    q: random(n, heads * dK, seed),
    k: random(n, kvHeads * dK, seed + 1),
    v: random(n, kvHeads * dK, seed + 2),
  });
  return [
    { name: "RoPE, half layout, 2 heads", spec: { source: qkv(9, 9, 16, 16, 500), heads: 2, rope: {} } },
    {
      name: "RoPE, interleaved layout, base 500, offset 37, causal",
      spec: {
        source: qkv(9, 9, 16, 16, 510),
        rope: { layout: "interleaved", base: 500, offset: 37 },
        mask: { kind: "causal" },
      },
    },
    { name: "RoPE at positions past 4000", spec: { source: qkv(6, 6, 8, 8, 515), rope: { offset: 4090 } } },
    {
      name: "ALiBi, 8 heads, causal",
      spec: { source: qkv(12, 12, 32, 32, 520), heads: 8, alibi: true, mask: { kind: "causal" } },
    },
    {
      name: "ALiBi with a fully masked row",
      spec: {
        source: qkv(6, 7, 16, 16, 525),
        heads: 2,
        alibi: true,
        mask: { kind: "custom", masked: randomMask(6, 7, 526) },
      },
    },
    {
      name: "grouped-query: 4 query heads, 2 KV heads",
      spec: { source: gqa(10, 4, 2, 4, 530), heads: 4, kvHeads: 2 },
    },
    {
      name: "multi-query: 4 query heads, 1 KV head, hard attention",
      spec: { source: gqa(8, 4, 1, 4, 540), heads: 4, kvHeads: 1, mode: "hard" },
    },
    {
      name: "grouped-query with general scores",
      spec: {
        source: gqa(7, 4, 2, 8, 545),
        heads: 4,
        kvHeads: 2,
        score: "general",
        scoreParams: seededScoreParams("general", 4, 8, 546),
      },
    },
    {
      name: "sliding window 3",
      spec: { source: qkv(10, 10, 16, 16, 550), mask: { kind: "sliding", window: 3 } },
    },
    {
      name: "bidirectional sliding window 2",
      spec: { source: qkv(10, 10, 16, 16, 560), mask: { kind: "sliding", window: 2, bidirectional: true } },
    },
    {
      name: "Llama-style: RoPE, grouped-query, sliding window, ALiBi, W_O, from tokens",
      spec: (() => {
        const w = seededProjections(16, 13);
        const keep = (m: typeof w.wk) => toRows(m).map((row) => row.slice(0, 8));
        return {
          source: {
            kind: "tokens",
            tokens: ["我", "爱", "猫", "and", "cats", "love", "me"],
            dModel: 16,
            seed: 13,
            positional: "none",
            wq: w.wq,
            wk: keep(w.wk),
            wv: keep(w.wv),
          },
          heads: 4,
          kvHeads: 2,
          rope: { offset: 3 },
          alibi: true,
          mask: { kind: "sliding", window: 4 },
          wo: w.wo,
        } satisfies AttentionSpec;
      })(),
    },
  ];
}

export interface Mismatch {
  readonly field: string;
  readonly index: number;
  readonly actual: number;
  readonly expected: number;
}

const FIELDS = [
  "q",
  "k",
  "v",
  "scores",
  "scaled",
  "masked",
  "weights",
  "headOutputs",
  "concat",
  "output",
] as const;

/** Present only with RoPE (qRotated, kRotated) or ALiBi (biased): compared when either trace has them. */
const OPTIONAL_FIELDS = ["qRotated", "kRotated", "biased"] as const;

/** Every entry of every intermediate, compared; −∞ must match −∞ exactly. Returns the first few mismatches. */
export function compareTraces(
  actual: AttentionTrace,
  expected: AttentionTrace,
  tolerance: number,
  limit = 5,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const field of [...FIELDS, ...OPTIONAL_FIELDS]) {
    const present = [actual[field], expected[field]].filter(Boolean).length;
    if (present === 0) continue;
    if (present === 1) {
      mismatches.push({
        field: `${field} (missing)`,
        index: -1,
        actual: Number(!!actual[field]),
        expected: Number(!!expected[field]),
      });
      continue;
    }
    const a: Floats = (actual[field] as { data: Floats }).data;
    const e: Floats = (expected[field] as { data: Floats }).data;
    if (a.length !== e.length) {
      mismatches.push({ field: `${field} (length)`, index: -1, actual: a.length, expected: e.length });
      continue;
    }
    for (let i = 0; i < e.length && mismatches.length < limit; i++) {
      const x = a[i] as number;
      const y = e[i] as number;
      const good = Number.isFinite(y)
        ? Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(y))
        : Object.is(x, y);
      if (!good) mismatches.push({ field, index: i, actual: x, expected: y });
    }
  }
  return mismatches;
}
