import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { attentionReference } from "./reference";
import { maybeBlockSize, onlineSoftmaxRow, onlineTilingReference } from "./onlineSoftmax";
import { expectClose } from "./test-helpers";
import { seededMatrix } from "./weights";
import type { MaskSpec } from "./types";

const column = (xs: number[]) => ({ rows: xs.length, cols: 1, data: Float64Array.from(xs) });

describe("online softmax: a worked row", () => {
  // Scores [1, 3, 2], values [1, 2, 3]. numpy: w = exp(s - 3); (w / w.sum()) @ v = 2.1546978979.
  const scores = [1, 3, 2];
  const values = column([1, 2, 3]);

  it("B = 2: block 1 gives m = 3, ℓ = e^−2 + 1, o = e^−2 + 2; block 2 keeps m (rescale 1) and adds e^−1", () => {
    const row = onlineSoftmaxRow(scores, values, 2);
    const [b1, b2] = row.blocks;
    expect(row.blocks).toHaveLength(2);
    expectClose(
      [b1!.mOld, b1!.m, b1!.rescale, b1!.l, b1!.o[0]!],
      [-Infinity, 3, 0, 1.1353352832, 2.1353352832],
      1e-9,
    );
    expectClose(
      [b2!.mOld, b2!.m, b2!.rescale, b2!.l, b2!.o[0]!],
      [3, 3, 1, 1.5032147244, 3.2389736068],
      1e-9,
    );
    expectClose(row.output, [2.1546978979], 1e-9);
  });

  it("B = 1: the max grows from 1 to 3, and ℓ and o are rescaled by e^{1 − 3} = 0.135335", () => {
    const row = onlineSoftmaxRow(scores, values, 1);
    const b2 = row.blocks[1]!;
    expectClose(
      [b2.mOld, b2.m, b2.rescale, b2.l, b2.o[0]!],
      [1, 3, 0.1353352832, 1.1353352832, 2.1353352832],
      1e-9,
    );
    expectClose(row.output, [2.1546978979], 1e-9);
  });

  it("skips masked (−∞) keys and gives a row with every key masked ℓ = 0 and output 0, never NaN", () => {
    const masked = onlineSoftmaxRow([-Infinity, 0, -Infinity], values, 1);
    expectClose([masked.blocks[0]!.m, masked.blocks[0]!.l, masked.blocks[1]!.rescale], [-Infinity, 0, 0], 0);
    expectClose(masked.output, [2], 1e-15);
    const empty = onlineSoftmaxRow([-Infinity, -Infinity, -Infinity], values, 2);
    expectClose(empty.output, [0], 0);
    expect(empty.blocks.every((b) => b.l === 0 && b.m === -Infinity)).toBe(true);
  });

  it("takes a block larger than the keys as one block of them all", () => {
    expect(maybeBlockSize(4, 3)).toEqual({ ok: true, value: 3 });
    expect(maybeBlockSize(3, 3)).toEqual({ ok: true, value: 3 });
    expect(maybeBlockSize(2, 1)).toEqual({ ok: true, value: 1 });
  });

  it("refuses a block size that is not a whole number from 1 as a typed, located error", () => {
    for (const b of [0, -2, 1.5, Number.NaN, Infinity]) {
      const r = maybeBlockSize(b, 3);
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.error).toMatchObject({
          code: "invalid",
          matrix: "block size",
          key: "error.online.blockSize",
        });
    }
  });
});

describe("online softmax equals softmax for every B", () => {
  const masks: MaskSpec[] = [
    { kind: "none" },
    { kind: "causal" },
    { kind: "sliding", window: 2 },
    { kind: "padding", validLength: 0 },
  ];
  it("o/ℓ after the last block is the head's output, m the row max and ℓ Σ e^{s − m}, for every B from 1 to m", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(...masks),
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom([1, 1], [2, 2], [4, 2]),
        (n, m, mask, seed, [heads, kvHeads]) => {
          const t = attentionReference({
            source: {
              kind: "qkv",
              q: seededMatrix(n, heads! * 2, seed, 3),
              k: seededMatrix(m, kvHeads! * 2, seed + 1, 3),
              v: seededMatrix(m, kvHeads! * 3, seed + 2),
            },
            heads,
            kvHeads,
            mask,
            alibi: seed % 2 === 0,
          });
          for (let b = 1; b <= m; b++) {
            const tiling = onlineTilingReference(t, b);
            expect(tiling.blocks).toBe(Math.ceil(m / b));
            expectClose(tiling.output, t.headOutputs.data, 1e-12);
            for (let r = 0; r < heads! * n; r++) {
              const s = Array.from(t.masked.data.subarray(r * m, (r + 1) * m));
              const max = Math.max(...s);
              const last = r * tiling.blocks + tiling.blocks - 1;
              expect(tiling.m[last]).toBe(max);
              const sum = max === -Infinity ? 0 : s.reduce((a, x) => a + Math.exp(x - max), 0);
              expectClose([tiling.l[last]!], [sum], 1e-12);
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
