import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeWithKvCache } from "../core/kvCache";
import { onlineTilingReference } from "../core/onlineSoftmax";
import { FLOAT32_TOLERANCE, PARITY_CASES } from "../core/parity";
import { maybeProblem } from "../core/problem";
import { attentionReference } from "../core/reference";
import type { AttentionSpec, Floats } from "../core/types";
import { seededMatrix, seededScoreParams } from "../core/weights";
import { createEngine } from "./engine";
import { decodeOnBackend } from "./kvCache";
import { onlineTilingOnBackend } from "./online";

tf.enableProdMode();

/** Indices where float32 strays from float64 by more than the parity tolerance (−∞ must match exactly). */
function mismatches(actual: Floats, expected: Floats): number[] {
  const bad: number[] = [];
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    const good = Number.isFinite(e)
      ? Math.abs(a - e) <= FLOAT32_TOLERANCE * Math.max(1, Math.abs(e))
      : Object.is(a, e);
    if (!good) bad.push(i);
  });
  return bad;
}

const named = (name: string): AttentionSpec =>
  PARITY_CASES.find((c) => c.name === name)?.spec ?? (EXTRA[name] as AttentionSpec);
/** Square problems for decoding: a row whose keys are all masked, and additive scores. */
const EXTRA: Record<string, AttentionSpec> = {
  "square custom mask with a fully masked row": {
    source: { kind: "qkv", q: seededMatrix(5, 4, 1), k: seededMatrix(5, 4, 2), v: seededMatrix(5, 3, 3) },
    mask: {
      kind: "custom",
      masked: [0, 1, 2, 3, 4].map((i) => [0, 1, 2, 3, 4].map((j) => i === 2 || j === 1)),
    },
  },
  "square additive, 2 heads, ALiBi": {
    source: { kind: "qkv", q: seededMatrix(5, 4, 4), k: seededMatrix(5, 4, 5), v: seededMatrix(5, 4, 6) },
    heads: 2,
    score: "additive",
    scoreParams: seededScoreParams("additive", 2, 2, 7),
    alibi: true,
  },
};
/** Self-attention cases, modern and classic, for decoding and tiling. */
const CASES = [
  "causal mask",
  "square custom mask with a fully masked row",
  "hard attention with a causal mask",
  "square additive, 2 heads, ALiBi",
  "RoPE, interleaved layout, base 500, offset 37, causal",
  "ALiBi, 8 heads, causal",
  "grouped-query: 4 query heads, 2 KV heads",
  "sliding window 3",
  "Llama-style: RoPE, grouped-query, sliding window, ALiBi, W_O, from tokens",
];

describe.each(["cpu", "wasm"] as const)("modern attention on the %s backend", (backend) => {
  beforeAll(async () => {
    await createEngine({ backend }).ready();
  });

  it.each(CASES.filter((c) => !c.includes("hard")))(
    "tiled online softmax gives m, ℓ, o after every block and o/ℓ as the float64 tiling does, for B = 1, 3 and all keys: %s",
    async (name) => {
      const trace = attentionReference(named(name));
      for (const b of [1, 3, trace.keys]) {
        const actual = await onlineTilingOnBackend(trace, b, backend);
        const expected = onlineTilingReference(trace, b);
        expect(actual.blocks).toBe(expected.blocks);
        for (const field of ["m", "l", "o", "output"] as const) {
          expect(mismatches(actual[field], expected[field]), `${field}, B = ${b}`).toEqual([]);
        }
      }
    },
  );

  it.each(CASES)(
    "KV-cache decoding on the device gives each step as the float64 decoder does: %s",
    async (name) => {
      const p = maybeProblem(named(name));
      if (!p.ok) throw p.error;
      const expected = decodeWithKvCache(p.value);
      if (!expected.ok) throw expected.error;
      const actual = await decodeOnBackend(p.value, backend);
      expect(actual.map((s) => s.cacheBytes)).toEqual(expected.value.map((s) => s.cacheBytes));
      actual.forEach((step, t) => {
        const e = expected.value[t]!;
        for (const field of ["masked", "weights"] as const)
          expect(mismatches(step[field].data, e[field].data), `${field}, step ${t}`).toEqual([]);
        expect(mismatches(step.kNew, e.kNew), `k, step ${t}`).toEqual([]);
        expect(mismatches(step.output, e.output), `output, step ${t}`).toEqual([]);
      });
    },
  );

  it("frees every tensor: decoding and tiling leave the live tensor count where it was", async () => {
    const spec = named("Llama-style: RoPE, grouped-query, sliding window, ALiBi, W_O, from tokens");
    const p = maybeProblem(spec);
    if (!p.ok) throw p.error;
    const trace = attentionReference(spec);
    await decodeOnBackend(p.value, backend);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      await decodeOnBackend(p.value, backend);
      await onlineTilingOnBackend(trace, 2, backend);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("refuses a bad block size and cross-attention with the core's typed errors", async () => {
    const trace = attentionReference(named("causal mask"));
    await expect(onlineTilingOnBackend(trace, 0, backend)).rejects.toMatchObject({
      key: "error.online.blockSize",
    });
    const cross = maybeProblem(named("causal mask, cross-attention (n < m)"));
    if (!cross.ok) throw cross.error;
    await expect(decodeOnBackend(cross.value, backend)).rejects.toMatchObject({ key: "error.kvCache.cross" });
  });
});
