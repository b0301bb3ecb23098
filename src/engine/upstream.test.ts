import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { FLOAT32_TOLERANCE, PARITY_CASES, compareTraces } from "../core/parity";
import { maybeProblem, type AttentionProblem } from "../core/problem";
import { attentionReference } from "../core/reference";
import type { AttentionSpec, Matrix } from "../core/types";
import { seededProjections } from "../core/weights";
import { createEngine } from "./engine";
import { sameUpstream } from "./upstream";

tf.enableProdMode();

/** RoPE, grouped-query heads, a sliding window, ALiBi and W_O, from Chinese and English tokens. */
const LLAMA = PARITY_CASES.find((c) => c.name.startsWith("Llama-style"))!.spec;
/** LLAMA's projections (parity.ts), W_K and W_V whole. */
const FULL = seededProjections(16, 13);
type TokensSource = Extract<AttentionSpec["source"], { kind: "tokens" }>;
const withTokens = (tokens: string[]): AttentionSpec => ({
  ...LLAMA,
  source: { ...(LLAMA.source as TokensSource), tokens },
});

/** Edits of the explorer, each from LLAMA; `upstream`: whether Q, K, V or the raw scores change. */
const EDITS: readonly { name: string; spec: AttentionSpec; upstream: boolean }[] = [
  { name: "τ 0.5", spec: { ...LLAMA, temperature: 0.5 }, upstream: false },
  { name: "a causal mask", spec: { ...LLAMA, mask: { kind: "causal" } }, upstream: false },
  { name: "hard attention", spec: { ...LLAMA, mode: "hard" }, upstream: false },
  { name: "no ALiBi", spec: { ...LLAMA, alibi: false }, upstream: false },
  { name: "no W_O", spec: { ...LLAMA, wo: undefined }, upstream: false },
  {
    name: "one token changed",
    spec: withTokens(["我", "爱", "狗", "and", "cats", "love", "me"]),
    upstream: true,
  },
  { name: "RoPE's offset", spec: { ...LLAMA, rope: { offset: 4 } }, upstream: true },
  { name: "no RoPE", spec: { ...LLAMA, rope: undefined }, upstream: true },
  {
    name: "4 KV heads",
    spec: {
      ...LLAMA,
      kvHeads: 4,
      // Each query head its own K and V: W_K and W_V as wide as W_Q (LLAMA's are half as wide).
      source: { ...(LLAMA.source as TokensSource), wk: FULL.wk, wv: FULL.wv },
    },
    upstream: true,
  },
  { name: "cosine scores", spec: { ...LLAMA, score: "cosine" }, upstream: true },
];

const problem = (spec: AttentionSpec): AttentionProblem => {
  const p = maybeProblem(spec);
  if (!p.ok) throw p.error;
  return p.value;
};

describe("sameUpstream: whether two problems share Q, K, V and the raw scores", () => {
  it.each(EDITS.map((e) => [e.name, e] as const))("%s", (_, edit) => {
    expect(sameUpstream(problem(LLAMA), problem(edit.spec))).toBe(!edit.upstream);
  });

  it("one weight of W_Q changed by 1e-12 is another problem", () => {
    const source = LLAMA.source as TokensSource;
    const wq = source.wq as Matrix;
    const data = Float64Array.from(wq.data);
    data[3 * wq.cols + 5]! += 1e-12;
    const edited = { ...LLAMA, source: { ...source, wq: { ...wq, data } } };
    expect(sameUpstream(problem(LLAMA), problem(edited))).toBe(false);
  });
});

describe.each(["cpu", "wasm"] as const)("an engine on %s, edit after edit", (backend) => {
  const engine = createEngine({ backend });
  beforeAll(async () => {
    await engine.ready();
  });

  /** The matrix products a computation runs (tf.profile's kernels). */
  const products = async (spec: AttentionSpec) => {
    let result: Awaited<ReturnType<typeof engine.compute>> | undefined;
    const info = await tf.profile(async () => {
      result = await engine.compute(spec);
    });
    return { result: result!, products: info.kernels.filter((k) => k.name === "BatchMatMul").length };
  };

  it("matches the float64 reference at every edit, the kept tensors reused only where the inputs allow", async () => {
    const fresh = await products(LLAMA);
    for (const edit of EDITS) {
      // From LLAMA each time: the edit is compared with what came before it.
      await engine.compute(LLAMA);
      const { result, products: count } = await products(edit.spec);
      expect(
        compareTraces(result.trace, attentionReference(edit.spec), FLOAT32_TOLERANCE),
        edit.name,
      ).toEqual([]);
      if (edit.upstream) expect(count, edit.name).toBe(fresh.products);
      // Q, K, V's projections and Q·Kᵀ are not run again: only the weighted values (and W_O) are.
      else expect(count, edit.name).toBeLessThan(fresh.products / 2);
    }
  });

  it("frees what it keeps: computations alternating between two inputs leave the tensor count where it was", async () => {
    const other = EDITS.find((e) => e.name === "one token changed")!.spec;
    await engine.compute(LLAMA);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      await engine.compute(i % 2 ? other : LLAMA);
      await engine.compute({ ...(i % 2 ? other : LLAMA), temperature: 1 + i / 10 });
    }
    await engine.compute(LLAMA);
    expect(tf.memory().numTensors).toBe(before);
  });
});
