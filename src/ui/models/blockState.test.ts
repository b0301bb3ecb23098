import "@tensorflow/tfjs";
import { beforeAll, expect, it } from "vitest";
import type { ModelConfig } from "../../models/modelFile";
import { FLOAT32_TOLERANCE } from "../../core/parity";
import { attentionReference } from "../../core/reference";
import { expectClose } from "../../core/test-helpers";
import { initBackend } from "../../engine/backends";
import { predict, type BlockAttention } from "../../models/tf/predict";
import { createParams, disposeParams, initialWeights } from "../../models/tf/transformer";
import { buildSpec } from "../../explorer/spec";
import { blockState } from "./blockState";

beforeAll(async () => {
  expect((await initBackend("cpu")).ok).toBe(true);
});

it("the explorer, handed a block of a model, recomputes that block's weights, with its tokens as labels", async () => {
  const config: ModelConfig = {
    task: "translate",
    dModel: 16,
    heads: 2,
    layers: 1,
    ffn: 0,
    maxPositions: 18,
  };
  const params = createParams(initialWeights(config, 3), config);
  const { blocks } = await predict(params, config, "big dog chases small cat".split(" "));
  disposeParams(params);
  expect(blocks.map((b) => b.causal)).toEqual([false, true, false]);
  for (const block of blocks) {
    const built = buildSpec(blockState(block, config.heads));
    expect(built.errors).toEqual([]);
    expect(built.queryLabels).toEqual(block.queryTokens);
    expect(built.keyLabels).toEqual(block.keyTokens);
    expectClose(attentionReference(built.spec!).weights.data, block.weights.data, FLOAT32_TOLERANCE);
  }
});

it("the block's float32 Q, K and V are typed in as their shortest decimals: 1.1, not 1.100000023841858", () => {
  const matrix = (...data: number[]) => ({ rows: 1, cols: 2, data: Float32Array.from(data) });
  const block: BlockAttention = {
    name: "encoder 1",
    kind: "self",
    layer: 0,
    causal: false,
    queryTokens: ["a"],
    keyTokens: ["a"],
    q: matrix(1.1, -0.3),
    k: matrix(1 / 3, 2e-7),
    v: matrix(0.1, -1.5),
    weights: { depth: 1, rows: 1, cols: 1, data: Float32Array.of(1) },
  };
  const { matrices } = blockState(block, 1);
  // numpy: str(np.float32(x)) for each.
  expect(matrices.q).toEqual([["1.1", "-0.3"]]);
  expect(matrices.k).toEqual([["0.33333334", "2e-7"]]);
  expect(matrices.v).toEqual([["0.1", "-1.5"]]);
});
