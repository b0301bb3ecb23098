import { describe, expect, it } from "vitest";
import { onlineSoftmaxRow } from "../core/onlineSoftmax";
import { attentionReference } from "../core/reference";
import { expectClose } from "../core/test-helpers";
import {
  alibiFormula,
  checkOnlineBlock,
  exerciseBlockOf,
  onlineFormula,
  relativeScores,
  ropeFormula,
  rotatedPair,
} from "./modern";
import { exampleById } from "./examples";
import { decodePermalink, encodePermalink } from "./permalink";
import { maybeExplorerState } from "./persist";
import { buildSpec } from "./spec";
import { createInitialState, reduce, type ExplorerState } from "./state";

const withModern = (patch: Partial<ExplorerState["modern"]>, base = createInitialState()) =>
  reduce(base, { type: "setModern", modern: patch });

describe("the explorer's modern-attention settings → the spec", () => {
  it("are all off by default: the spec has no rope, alibi or kvHeads", () => {
    const spec = buildSpec(createInitialState()).spec!;
    expect([spec.rope, spec.alibi, spec.kvHeads]).toEqual([undefined, undefined, undefined]);
  });

  it("RoPE, ALiBi and h_kv reach the spec; a sequence's W_K and W_V keep the KV heads' columns", () => {
    // Default: d_model 8, 2 heads (d_k = 4). h_kv = 1 keeps W_K's and W_V's first 4 columns.
    const state = withModern({ rope: "interleaved", ropeBase: 500, ropeOffset: 3, alibi: true, kvHeads: 1 });
    const built = buildSpec(state);
    expect(built.errors).toEqual([]);
    const spec = built.spec!;
    expect(spec.rope).toEqual({ layout: "interleaved", base: 500, offset: 3 });
    expect(spec.alibi).toBe(true);
    expect(spec.kvHeads).toBe(1);
    const trace = attentionReference(spec);
    expect([trace.heads, trace.kvHeads, trace.k.cols, trace.v.cols]).toEqual([2, 1, 4, 4]);
    expect(trace.kvHeadOf).toEqual([0, 0]);
  });

  it("the sliding-window mask kind takes the window and direction from the settings", () => {
    const state = reduce(withModern({ window: 2, bidirectional: true }), {
      type: "setMaskKind",
      kind: "sliding",
    });
    expect(buildSpec(state).spec!.mask).toEqual({ kind: "sliding", window: 2, bidirectional: true });
  });

  it("says where the problem is: h_kv = 3 with 2 heads is an error at the KV-heads field", () => {
    const built = buildSpec(withModern({ kvHeads: 3 }));
    expect(built.spec).toBeUndefined();
    expect(built.errors[0]).toMatchObject({ field: "kvHeads", key: "error.kvHeads.range" });
  });

  it("an odd d_k with RoPE is an error at the rope field (d_model 6, 2 heads: d_k = 3)", () => {
    const state = reduce(withModern({ rope: "half" }), { type: "setModelSize", dModel: 6 });
    expect(buildSpec(state).errors[0]).toMatchObject({ field: "rope", key: "error.rope.oddWidth" });
  });
});

describe("permalinks and saves carry modern attention", () => {
  it("round-trip every modern setting through a link", () => {
    const state = reduce(
      withModern({
        rope: "half",
        ropeBase: 1e4,
        ropeOffset: 7,
        alibi: true,
        kvHeads: 1,
        window: 4,
        bidirectional: true,
        blockSize: 3,
        decodeStep: 5,
      }),
      { type: "setMaskKind", kind: "sliding" },
    );
    const decoded = decodePermalink(encodePermalink(state));
    expect(decoded && "state" in decoded && decoded.state).toEqual(state);
  });

  it("a link from before modern attention opens with it all off", () => {
    const state = maybeExplorerState({ score: "dot" });
    expect(state.modern).toEqual(createInitialState().modern);
  });

  it("range-checks each field of a hostile link, putting the default in its place", () => {
    const d = createInitialState().modern;
    const state = maybeExplorerState({
      modern: {
        rope: "spiral",
        ropeBase: -1,
        ropeOffset: 0.5,
        alibi: "yes",
        kvHeads: 0,
        window: 0,
        blockSize: "2",
        decodeStep: -1,
      },
    });
    expect(state.modern).toEqual(d);
  });
});

describe("formulas with the trace's numbers", () => {
  // Q = K = [[1, 0], [1, 0]], dot scores, RoPE d_k = 2: θ = 1, so row 1 turns by 1 radian:
  // [1, 0] → [cos 1, sin 1] = [0.540, 0.841]; q_1·k_0 = cos 1 = 0.5403, and moved one place later the same.
  const x = [
    [1, 0],
    [1, 0],
  ];
  const trace = attentionReference({
    source: { kind: "qkv", q: x, k: x, v: x },
    score: "dot",
    rope: {},
    alibi: true,
  });

  it("RoPE writes the pair, the angle and the rotated pair", () => {
    const pair = rotatedPair(trace, "q", 1, 0)!;
    expectClose([...pair.before, ...pair.after, pair.angle], [1, 0, 0.5403023059, 0.8414709848, 1], 1e-9);
    const formula = ropeFormula(pair);
    expect(formula).toContain("1\\cdot1");
    expect(formula).toContain("0.5403\\\\0.8415");
  });

  it("RoPE puts a negative number after a sign in parentheses", () => {
    const formula = ropeFormula({
      before: [0.1108, -2.241],
      after: [0.1108, -2.241],
      angle: 0,
      position: 0,
      theta: 1,
    });
    expect(formula).toContain("0.1108\\cos 0 - (-2.241)\\sin 0");
    expect(formula).toContain("0.1108\\sin 0 + (-2.241)\\cos 0");
    expect(formula).not.toMatch(/[-+] -/);
  });

  it("the relative-position check gives the same score one place later", () => {
    const r = relativeScores(trace, 0, 1, 0, 1)!;
    expectClose([r.score, r.shifted], [0.5403023058681398, 0.5403023058681398], 1e-12);
  });

  it("ALiBi writes s̃ − m·|i − j| with one head's slope 2^−8 = 0.0039063", () => {
    // scaled s̃_{2,1} = cos 1 = 0.5403; bias −0.00390625·1; biased 0.5364 (4 significant digits, the slope 5).
    expect(alibiFormula(trace, 0, 1, 0)).toBe(
      String.raw`\tilde s_{2,1} - m_{1}\,|i - j| = 0.5403 - 0.0039063\cdot 1 = 0.5403 - 0.003906 = 0.5364`,
    );
  });

  it("the exercise asks first about a block that rescales, else one with a key to read", () => {
    const values = { rows: 4, cols: 1, data: Float64Array.from([1, 2, 3, 4]) };
    // B = 1. Scores [−∞, 1, 0, 3]: block 1 reads only a masked key (m = −∞); block 2 starts the max (e^{−∞} = 0);
    // block 3's 0 keeps m = 1 (rescale e^0 = 1); block 4's 3 raises it, rescaling by e^{1 − 3} = 0.1353.
    expect(exerciseBlockOf(onlineSoftmaxRow([-Infinity, 1, 0, 3], values, 1).blocks)).toBe(3);
    // Scores [−∞, −∞, 2, 1]: no block raises a finite max; the first with a key to read is block 3.
    expect(exerciseBlockOf(onlineSoftmaxRow([-Infinity, -Infinity, 2, 1], values, 1).blocks)).toBe(2);
    // Every key masked: nothing to compute anywhere, block 1.
    expect(
      exerciseBlockOf(onlineSoftmaxRow([-Infinity, -Infinity, -Infinity, -Infinity], values, 2).blocks),
    ).toBe(0);
  });

  it("an online block writes the new max, the rescale and ℓ; the exercise marks m, ℓ and o₁", () => {
    // Scores [1, 3, 2], values [1, 2, 3], B = 1; block 2: m = 3, e^{1 − 3} = 0.1353, ℓ = 1·0.1353 + 1 = 1.1353,
    // o = 1·0.1353 + 2 = 2.1353.
    const row = onlineSoftmaxRow([1, 3, 2], { rows: 3, cols: 1, data: Float64Array.from([1, 2, 3]) }, 1);
    const block = row.blocks[1]!;
    expect(onlineFormula(block, 1, 1)).toContain("= 3,");
    expect(onlineFormula(block, 1, 1)).toContain("e^{m_{old}-m} = 0.1353");
    // ℓ as the table beside it writes it: 1.1353, not 1.135.
    expect(onlineFormula(block, 1, 1)).toMatch(/\\ell = 1\\cdot 0\.1353 \+ .* = 1\.1353$/u);
    expect(checkOnlineBlock(block, { m: "3", l: "1.135", o: "2.14" })).toEqual({
      m: "right",
      l: "right",
      o: "right",
    });
    // A forgotten rescale: ℓ = 1 + 1 = 2 and o = 1 + 2 = 3.
    expect(checkOnlineBlock(block, { m: "3", l: "2", o: "3" })).toEqual({
      m: "right",
      l: "wrong",
      o: "wrong",
    });
    expect(checkOnlineBlock(block, { m: "", l: "abc", o: "2.1353" })).toEqual({
      m: "empty",
      l: "invalid",
      o: "right",
    });
  });
});

describe("the modern lesson", () => {
  it("teaches what it says: 4 query heads on 2 KV heads, a window of 4, head 1's slope 2^(−8/4) = 0.25", () => {
    const example = exampleById("modern")!;
    const built = buildSpec(example.state());
    expect(built.errors).toEqual([]);
    const trace = attentionReference(built.spec!);
    expect(trace.kvHeadOf).toEqual([0, 0, 1, 1]);
    expect(trace.alibiSlopes![0]).toBe(0.25);
    // "it" (query 8, index 7) sees keys 4…7 ("the mat because it") and nothing else.
    const visible = Array.from(trace.mask.subarray(7 * trace.keys, 8 * trace.keys), (x) => 1 - x);
    expect(visible).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0]);
    // ALiBi's stop: "it" (7) and "the" (4) are 3 places apart, so head 1 takes 0.25 · 3 = 0.75 from the score.
    const alibi = example.stops.find((s) => s.text === "ex.modern.alibi")!;
    expect([alibi.step, alibi.panel, alibi.lock]).toEqual([4, true, { query: 7, key: 4 }]);
    expect(alibi.numbers!(trace, built)).toEqual({
      token: "it",
      key: "the",
      distance: "3",
      slope: "0.2500",
      penalty: "0.7500",
    });
    const window = example.stops.find((s) => s.text === "ex.modern.window")!;
    expect(window.numbers!(trace, built)).toEqual({
      token: "it",
      visible: "the mat because it",
      slope: "0.2500",
    });
  });
});
