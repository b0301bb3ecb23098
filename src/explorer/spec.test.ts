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
    expect(built.errors[0]!.message).toMatch(/do not divide into 4 heads/);
  });

  it("refuses sequences past the explorer's limit with a message that says the limit", () => {
    const s = reduce(createInitialState(), { type: "setText", text: "a ".repeat(600) });
    const built = buildSpec(s);
    expect(built.errors[0]).toMatchObject({ field: "tokens" });
    expect(built.errors[0]!.message).toMatch(/limit is 512/);
  });

  it("cross-attention keys come from the second sequence", () => {
    const s = reduce(createInitialState(), { type: "setCross", cross: true });
    const built = buildSpec(s);
    expect(built.keyLabels).toEqual(s.sequence.keyTokens);
    expect(attentionReference(built.spec!).keys).toBe(s.sequence.keyTokens.length);
  });
});
