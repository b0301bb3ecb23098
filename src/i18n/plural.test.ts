import { describe, expect, it } from "vitest";
import { decodeWithKvCache } from "../core/kvCache";
import { counted, english } from "../core/messages";
import { attentionFromArray, maybeAttentionJson } from "../core/importAttention";
import { maybeProblem } from "../core/problem";
import type { AttentionSpec } from "../core/types";
import { say, translate } from "./i18n";

function problemError(spec: AttentionSpec) {
  const result = maybeProblem(spec);
  if (result.ok) throw new Error("expected the spec to be refused");
  return result.error;
}

function importError(json: unknown) {
  const result = maybeAttentionJson(JSON.stringify(json));
  if (result.ok) throw new Error("expected the file to be refused");
  return result.error;
}

describe("a count of 1 is said in the singular", () => {
  it("counted(n) is singular at exactly 1, plural at 0 and 2, and the same in Chinese", () => {
    expect(english(counted(1, "count.query", "count.queries"))).toBe("1 query");
    expect(english(counted(0, "count.query", "count.queries"))).toBe("0 queries");
    expect(english(counted(2, "count.query", "count.queries"))).toBe("2 queries");
    expect(say("zh-CN", counted(1, "count.query", "count.queries"))).toBe("1 个查询");
    expect(say("zh-CN", counted(2, "count.query", "count.queries"))).toBe("2 个查询");
  });

  it("KV cache decoding refuses 1 query against 2 keys without 'there are 1 queries'", () => {
    const p = maybeProblem({ source: { kind: "qkv", q: [[1]], k: [[1], [2]], v: [[1], [2]] } });
    if (!p.ok) throw p.error;
    const r = decodeWithKvCache(p.value);
    if (r.ok) throw new Error("expected cross-attention to be refused");
    expect(r.error.message).toBe(
      "KV cache: the queries (1) and the keys (2) come from different sequences; decoding needs self-attention, one query per cached key",
    );
    expect(say("zh-CN", r.error)).toBe(
      "KV 缓存：查询（1 个）和键（2 个）来自不同的序列；逐词解码需要自注意力，每个缓存的键对应一个查询",
    );
  });

  it("shape errors say '1 column', '1 row', '1 entry', '1 KV head'", () => {
    const q = [
      [1, 2],
      [3, 4],
    ];
    expect(problemError({ source: { kind: "qkv", q, k: [[1], [2]], v: q } }).message).toBe(
      "K has 1 column, expected 2 like Q (queries and keys need the same width)",
    );
    expect(problemError({ source: { kind: "qkv", q, k: q, v: [[1, 2]] } }).message).toBe(
      "V has 1 row, expected 2 like K (one value per key)",
    );
    const mask = problemError({
      source: { kind: "qkv", q, k: q, v: q },
      mask: { kind: "custom", masked: [[true]] },
    });
    expect(mask.message).toBe(
      "mask has 1 row, expected 2 (one per query; rows are queries, columns are keys)",
    );
    const heads = problemError({ source: { kind: "qkv", q: [[1]], k: [[1]], v: [[1]] }, heads: 2 });
    expect(heads.message).toBe(
      "Q has 1 column, which cannot be split evenly into 2 heads: expected a multiple of 2",
    );
    expect(say("zh-CN", heads)).toBe("Q 有 1 列，不能平均分给 2 个头：列数应为 2 的倍数");
  });

  it("an imported file with 1 token for 3 queries, or 1 dimension, says so in the singular", () => {
    const weights = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const tokens = importError({ tokens: ["a"], attention: weights });
    expect(tokens.message).toBe("1 token for 3 queries: expected as many tokens as queries");
    expect(say("zh-CN", tokens)).toBe("3 个查询却有 1 个词元：词元的个数应与查询相同");
    const vector = attentionFromArray([2], new Float64Array([0.5, 0.5]));
    expect(!vector.ok && vector.error.message).toBe(
      "the array has 1 dimension [2]: expected 2 to 4, [layers][heads][queries][keys]",
    );
  });

  it("the page's own sentences read right at 1: a cache of 1 token, a window of 1 key, 1 layer × 1 head", () => {
    const one = (one: "token" | "key" | "layer" | "head" | "query") =>
      counted(1, `count.${one}`, `count.${one}s` as never);
    expect(
      translate("en", "kv.cache", {
        tokens: one("token"),
        count: 1,
        bytes: 16,
        perToken: 16,
        kvHeads: 1,
        dK: 2,
      }),
    ).toBe(
      "The cache holds 1 token: 16 bytes = 1 × 16 bytes per token (2 · layers · h_kv · d_k · 4 bytes of float32, with 1 layer, h_kv = 1, d_k = 2).",
    );
    expect(translate("en", "sliding.causal", { keys: one("key"), window: 1 })).toBe(
      "Sliding window of 1 key: query i sees key j only when 0 ≤ i − j < 1.",
    );
    expect(translate("zh-CN", "sliding.causal", { keys: one("key"), window: 1 })).toBe(
      "1 个键的滑动窗口：只有当 0 ≤ i − j < 1 时，查询 i 才能看到键 j。",
    );
    const summary = {
      name: "a.npy",
      layers: one("layer"),
      heads: one("head"),
      queries: counted(3, "count.query", "count.queries"),
      keys: counted(3, "count.key", "count.keys"),
    };
    expect(translate("en", "import.summary", summary)).toBe("a.npy: 1 layer × 1 head, 3 queries × 3 keys.");
    expect(translate("zh-CN", "import.summary", summary)).toBe("a.npy：1 层 × 1 个头，3 个查询 × 3 个键。");
    expect(translate("en", "error.length", { length: one("token"), min: 2, max: 8 })).toBe(
      "1 token: this model was trained on 2 to 8.",
    );
  });
});
