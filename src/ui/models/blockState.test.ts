import "@tensorflow/tfjs";
import { beforeAll, expect, it } from "vitest";
import type { ModelConfig } from "../../models/modelFile";
import { FLOAT32_TOLERANCE } from "../../core/parity";
import { attentionReference } from "../../core/reference";
import { expectClose } from "../../core/test-helpers";
import { initBackend } from "../../engine/backends";
import { predict } from "../../models/tf/predict";
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
