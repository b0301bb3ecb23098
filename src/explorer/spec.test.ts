import { describe, expect, it } from "vitest";
import { attentionReference } from "../core/reference";
import { buildSpec } from "./spec";
import { createInitialState, reduce } from "./state";

describe("buildSpec: the explorer's state as an engine spec", () => {
  it("the default example is a valid spec whose labels are its tokens", () => {
    const built = buildSpec(createInitialState());
    expect(built.errors).toEqual([]);
    expect(built.queryLabels).toEqual(createInitialState().sequence.tokens);
    const trace = attentionReference(built.spec!);
    expect(trace.queries).toBe(built.queryLabels.length);
  });

  it("matrix mode: an edit of τ keeps the same label arrays (views are not made again); new labels are new arrays", () => {
    const matrices = reduce(createInitialState(), { type: "setInput", input: "matrices" });
    const before = buildSpec(matrices);
    const after = buildSpec({ ...matrices, temperature: 2 });
    expect(after.spec?.temperature).toBe(2);
    expect(after.queryLabels).toBe(before.queryLabels);
    expect(after.keyLabels).toBe(before.keyLabels);
    const named = buildSpec({
      ...matrices,
      matrices: { ...matrices.matrices, labels: { queries: ["first"], keys: [] } },
    });
    expect(named.queryLabels[0]).toBe("first");
    expect(named.queryLabels.slice(1)).toEqual(before.queryLabels.slice(1));
    expect(named.keyLabels).toBe(before.keyLabels);
  });

  it("matrix mode: a cell that is not a number is an error located at that cell, with no spec", () => {
    const s = reduce(reduce(createInitialState(), { type: "setInput", input: "matrices" }), {
      type: "setMatrix",
      name: "k",
      cells: [
        ["1", "0"],
        ["0", "abc"],
        ["1", "1"],
      ],
    });
    const built = buildSpec(s);
    expect(built.spec).toBeUndefined();
    expect(built.errors).toEqual([expect.objectContaining({ field: "K", row: 1, col: 1 })]);
    expect(built.errors[0]!.message).toMatch(/K row 2, column 2/);
  });

  it("d_model not divisible by heads is an error naming the matrix and the heads", () => {
    const s = reduce(reduce(createInitialState(), { type: "setModelSize", dModel: 6 }), {
      type: "setHeads",
      heads: 4,
    });
    const built = buildSpec(s);
    expect(built.spec).toBeUndefined();
    expect(built.errors[0]!.message).toMatch(/cannot be split evenly into 4 heads/);
  });

  it("refuses sequences past the explorer's limit with a message that says the limit", () => {
    const s = reduce(createInitialState(), { type: "setText", text: "a ".repeat(4100) });
    const built = buildSpec(s);
    expect(built.errors[0]).toMatchObject({ field: "tokens" });
    expect(built.errors[0]!.message).toMatch(/limit is 4096/);
  });

  it("float64 in the page takes every problem of up to 512 tokens, and refuses larger work at the backend", () => {
    // 512 tokens, d_model 512 in 16 heads: 16 · 512 · 512 · (32 + 32) = 2²⁸ multiply-adds, the most allowed.
    const at = (tokens: number, dModel: number, heads: number) =>
      buildSpec({
        ...reduce(createInitialState(), { type: "setText", text: "a ".repeat(tokens) }),
        backend: "exact",
        heads,
        sequence: {
          ...reduce(createInitialState(), { type: "setText", text: "a ".repeat(tokens) }).sequence,
          dModel,
        },
      });
    expect(at(512, 512, 16).errors).toEqual([]);
    // 1,024 tokens, d_model 64, 1 head: 1024 · 1024 · 128 = 134,217,728: allowed; 2,048 tokens: 4× that.
    expect(at(1024, 64, 1).errors).toEqual([]);
    const refused = at(2048, 64, 1);
    expect(refused.spec).toBeUndefined();
    expect(refused.errors[0]).toMatchObject({ field: "backend", key: "error.explorer.exactTooLarge" });
    expect(refused.errors[0]!.message).toContain("this problem has 536,870,912");
    expect(refused.errors[0]!.message).toContain(
      "Exact (float64) computes in the page itself, up to 268,435,456 multiply-adds",
    );
  });

  it("cross-attention keys come from the second sequence", () => {
    const s = reduce(createInitialState(), { type: "setCross", cross: true });
    const built = buildSpec(s);
    expect(built.keyLabels).toEqual(s.sequence.keyTokens);
    expect(attentionReference(built.spec!).keys).toBe(s.sequence.keyTokens.length);
  });
});
