import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { english, listed, MESSAGES, PLACEHOLDER, type Message } from "../../core/messages";
import { maybeMatrix } from "../../core/parse";
import { maybeProblem } from "../../core/problem";
import type { AttentionSpec } from "../../core/types";
import { watchBackendLoss } from "../../engine/backends";
import { failureNotice } from "../../engine/engine";
import { parseCells, pasteBlock } from "../../explorer/grid";
import { say } from "../../i18n/i18n";
import { buildSpec } from "../../explorer/spec";
import { createInitialState, type ExplorerState } from "../../explorer/state";
import { errorMessages } from "../../i18n/messages/errors";

const placeholders = (template: string) =>
  [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();

/**
 * English words left in a Chinese text: Latin words of two letters or more, less the matrix names,
 * identifiers (d_model, W_Q, scoreParams.general) and units a Chinese text keeps as they are.
 */
function englishWords(text: string, allowed: readonly string[] = []): string[] {
  const words = text.match(/(?<![\w.])[A-Za-z][\w.]*[A-Za-z0-9_]/g) ?? [];
  return words.filter((w) => !/_|\./.test(w) && !allowed.includes(w));
}

function problemError(spec: AttentionSpec) {
  const result = maybeProblem(spec);
  if (result.ok) throw new Error("expected the spec to be refused");
  return result.error;
}

describe("the error catalog", () => {
  it("has every core message id, with the core's English template", () => {
    for (const [key, template] of Object.entries(MESSAGES)) {
      expect((errorMessages.en as Record<string, string>)[key]).toBe(template);
    }
  });

  it("has a Chinese template for every id, with the same placeholders as the English one", () => {
    const zh = errorMessages["zh-CN"] as Record<string, string>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(errorMessages.en).sort());
    for (const [key, template] of Object.entries(errorMessages.en)) {
      const chinese = zh[key] ?? "";
      expect(chinese, key).not.toBe("");
      expect(placeholders(chinese), key).toEqual(placeholders(template));
    }
  });

  it("keeps no English words in Chinese templates but names: of APIs, options, technologies and matrices", () => {
    const names = [
      "none",
      "causal",
      "padding",
      "custom",
      "tokens",
      "embeddings",
      "qkv",
      "soft",
      "hard",
      "sinusoidal",
      "wq",
      "wk",
      // Options of modern attention (rope, alibi, the sliding mask), said as the API spells them.
      "sliding",
      "rope",
      "base",
      "layout",
      "offset",
      "half",
      "interleaved",
      "alibi",
    ];
    const technologies = [
      "true",
      "false",
      // Python's literals, as a .npy header writes its 'fortran_order'.
      "True",
      "False",
      "NumPy",
      "safetensors",
      "JSON",
      "RoPE",
      "tfjs",
      "WebGPU",
      "WebGL",
      "OffscreenCanvas",
      "Worker",
      "tanh",
      "WebAssembly",
      "wasm",
      "KV",
      // The backend choice "精确（float64）", as the settings name it.
      "float64",
    ];
    for (const [key, template] of Object.entries(errorMessages["zh-CN"])) {
      // Code to type stays code: np.set_printoptions(threshold=sys.maxsize), a CSP header, directive, source.
      const prose = template
        .replace(PLACEHOLDER, "")
        .replace(/np\.\S+\)/g, "")
        .replace(/Content-Security-Policy|\b[a-z]+-src\b|'[a-z-]+'/g, "");
      const words = englishWords(prose, [...names, ...technologies]);
      expect(words, key).toEqual([]);
    }
  });

  it("writes Chinese with full-width punctuation: no ASCII colon, semicolon or parenthesis after a Chinese character", () => {
    for (const [key, template] of Object.entries(errorMessages["zh-CN"])) {
      expect(template, key).not.toMatch(/[\u4e00-\u9fff][:;(),]/);
      expect(template, key).not.toMatch(/[:;,][\u4e00-\u9fff]/);
    }
  });
});

describe("errors said in Chinese", () => {
  const q = [
    [1, 2],
    [3, 4],
  ];

  it("lists are joined by the language: commas in English, 、 in Chinese", () => {
    const error = problemError({
      source: { kind: "qkv", q, k: q, v: q },
      score: "evil" as AttentionSpec["score"],
    });
    expect(error.message).toBe(
      'score function "evil" is unknown: expected dot, scaled-dot, general, additive, cosine',
    );
    expect(say("en", error)).toBe(error.message);
    expect(say("zh-CN", error)).toBe("评分函数“evil”未知：应为 dot、scaled-dot、general、additive、cosine");
    expect([listed([]), listed(["a"])]).toEqual(["", "a"]);
    expect(
      say("zh-CN", { key: "error.explorer.invisibleOnly", params: { list: listed(["U+200B", "U+FEFF"]) } }),
    ).toBe("文本只含不可见字符（U+200B、U+FEFF），构不成词元：请输入看得见的文字。");
  });

  it("a shape mismatch names both matrices and both widths", () => {
    const error = problemError({ source: { kind: "qkv", q, k: [[1, 2, 3]], v: [[1]] } });
    expect(error.message).toBe("K has 3 columns, expected 2 like Q (queries and keys need the same width)");
    expect(say("en", error)).toBe(error.message);
    const chinese = say("zh-CN", error);
    expect(chinese).toBe("K 有 3 列，应与 Q 一样有 2 列（查询和键的宽度必须相同）");
    expect(englishWords(chinese, ["K", "Q"])).toEqual([]);
  });

  it("a NaN entry names the matrix, the row and the column, counting from 1", () => {
    const error = problemError({
      source: {
        kind: "qkv",
        q,
        k: [
          [1, 2],
          [3, NaN],
        ],
        v: q,
      },
    });
    expect(error).toMatchObject({ code: "not-finite", matrix: "K", row: 1, col: 1 });
    expect(say("en", error)).toBe("K row 2, column 2 is NaN: expected a finite number");
    expect(say("zh-CN", error)).toBe("K 第 2 行第 2 列是 NaN：应为有限数");
  });

  it("a typed cell that is not a number is said with its place and its text", () => {
    const { errors } = parseCells([["1", "abc"]], "Q");
    const cell = errors[0] as Message<string> & { message: string };
    expect(english(cell)).toBe(cell.message);
    expect(say("zh-CN", cell)).toBe("Q 第 1 行第 2 列：“abc”不是数字（应为有限数，例如 0.5 或 -1e-3）");
  });

  it("a paste that cannot be read says where, in Chinese", () => {
    const result = pasteBlock([["0"]], "1 2\n3 x", 0, 0, "K");
    if (!("error" in result)) throw new Error("expected an error");
    expect(english(result.said)).toBe(result.error);
    expect(say("zh-CN", result.said)).toBe("K 第 2 行第 2 列：“x”不是数字（应为有限数，例如 0.5 或 -1e-3）");
  });

  it("a bracket never closed quotes the brackets in Chinese quotation marks", () => {
    const read = maybeMatrix("[[1, 2]", "Q");
    if (read.ok) throw new Error("expected an error");
    expect(say("zh-CN", read.error)).toBe("Q：“[”没有闭合（缺少对应的“]”）");
  });

  it("too many tokens for the explorer says the count and the limit", () => {
    const initial = createInitialState();
    const state: ExplorerState = {
      ...initial,
      input: "sequence",
      sequence: { ...initial.sequence, tokens: Array.from({ length: 4100 }, (_, i) => `t${i}`) },
    };
    const error = buildSpec(state).errors.find((e) => e.field === "tokens");
    if (!error) throw new Error("expected an error on the tokens");
    expect(say("en", error)).toBe(error.message);
    expect(error.message).toBe("4100 tokens is more than this page shows smoothly: the limit is 4096.");
    expect(say("zh-CN", error)).toBe("4100 个词元超出了本页面能流畅显示的范围：上限是 4096 个。");
  });

  it("an empty sequence in the engine is said with the word for tokens translated", () => {
    const error = problemError({
      source: { kind: "tokens", tokens: [], dModel: 2, seed: 1, positional: "none", wq: q, wk: q, wv: q },
    });
    expect(error.message).toBe("tokens is empty: expected at least one token");
    expect(say("zh-CN", error)).toBe("词元为空：至少需要一个词元");
  });

  it("heads that do not divide d_model name the matrix, its width and the heads", () => {
    const initial = createInitialState();
    const state: ExplorerState = {
      ...initial,
      input: "sequence",
      heads: 4,
      sequence: { ...initial.sequence, dModel: 6 },
    };
    const [error] = buildSpec(state).errors;
    if (!error) throw new Error("expected an error");
    expect(error.message).toBe(
      "W_Q has 6 columns, which cannot be split evenly into 4 heads: expected a multiple of 4",
    );
    expect(say("en", error)).toBe(error.message);
    const chinese = say("zh-CN", error);
    expect(chinese).toBe("W_Q 有 6 列，不能平均分给 4 个头：列数应为 4 的倍数");
    expect(englishWords(chinese)).toEqual([]);
  });

  it("a painted mask of the wrong shape says the mask in Chinese", () => {
    const error = problemError({
      source: { kind: "qkv", q, k: q, v: q },
      mask: { kind: "custom", masked: [[true, false], [false]] },
    });
    expect(error.message).toBe("mask row 2 has 1 entry, expected 2 (one per key)");
    expect(say("zh-CN", error)).toBe("掩码 第 2 行有 1 项，应为 2 项（每个键一项）");
  });
});

describe("engine notices said in Chinese", () => {
  it("a lost WebGPU device: the notice the engine gives, in both languages", async () => {
    // A stand-in for tfjs's webgpu backend whose device is lost at once, the way device.destroy() loses it.
    const lost = Promise.resolve({ reason: "destroyed", message: "" });
    tf.registerBackend(
      "webgpu",
      () => ({ device: { lost }, dispose: () => undefined }) as unknown as tf.KernelBackend,
    );
    try {
      const reason = await new Promise<Message>((resolve) => watchBackendLoss("webgpu", resolve));
      const notice = failureNotice("webgpu", reason);
      expect(notice.kind).toBe("backend-lost");
      expect(notice.message).toBe(
        "webgpu failed (the WebGPU device was lost (destroyed: no message)); computing again on the next backend",
      );
      expect(say("en", notice)).toBe(notice.message);
      const chinese = say("zh-CN", notice);
      expect(chinese).toBe("webgpu 出错（WebGPU 设备丢失（已销毁：无说明）），正在换下一个后端重新计算");
      expect(englishWords(chinese, ["webgpu", "WebGPU"])).toEqual([]);
    } finally {
      tf.removeBackend("webgpu");
    }
  });
});
