import { describe, expect, it } from "vitest";
import { blockAllMasked, blockMax, fromRows, subMatrix, toRows } from "./matrix";

describe("windows and overviews of a long sequence's attention", () => {
  // 5 × 5, rows are queries, columns keys; entry (i, j) = 10·i + j, with one NaN at (4, 4).
  const m = fromRows(Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => 10 * i + j)));
  m.data[24] = NaN;

  it("subMatrix copies rows and columns from a corner", () => {
    expect(toRows(subMatrix(m, 1, 2, 2, 3))).toEqual([
      [12, 13, 14],
      [22, 23, 24],
    ]);
    const copy = subMatrix(m, 0, 0, 1, 1);
    copy.data[0] = 99;
    expect(m.data[0]).toBe(0);
  });

  it("blockMax with row divisors takes each block's largest fraction of its row", () => {
    // Row 0's largest is 4, row 1's 0.4: as fractions both rows read 0.25, 0.5, 0.75, 1.
    const twoRows = fromRows([
      [1, 2, 3, 4],
      [0.1, 0.2, 0.3, 0.4],
    ]);
    expect(toRows(blockMax(twoRows, 2, [4, 0.4]))).toEqual([[0.5, 1]]);
    expect(toRows(blockMax(twoRows, 2))).toEqual([[2, 4]]);
  });

  it("blockMax keeps each block's largest entry, the last blocks smaller, NaN skipped", () => {
    // Blocks of 2: rows {0,1} {2,3} {4}, the same for columns; the corner block holds the NaN alone.
    expect(toRows(blockMax(m, 2))).toEqual([
      [11, 13, 14],
      [31, 33, 34],
      [41, 43, NaN],
    ]);
    // One sharp weight in a flat 8 × 8 matrix still shows in a 2 × 2 overview.
    const flat = fromRows(Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => 0.01)));
    flat.data[5 * 8 + 2] = 0.9;
    expect(toRows(blockMax(flat, 4))).toEqual([
      [0.01, 0.01],
      [0.9, 0.01],
    ]);
    // NaN beside numbers is skipped: rows {3,4} × columns {3,4} hold 33, 34, 43 and NaN.
    expect(blockMax(subMatrix(m, 3, 3, 2, 2), 2).data[0]).toBe(43);
    // Masked scores: a block of only −∞ has the maximum −∞, a block with a number has that number.
    const masked = fromRows([
      [-Infinity, -Infinity, 2, -Infinity],
      [-Infinity, -Infinity, -Infinity, -Infinity],
    ]);
    expect(toRows(blockMax(masked, 2))).toEqual([[-Infinity, 2]]);
    // NaN is skipped beside −∞ and beside a number; a block of NaN only is NaN.
    const mixed = fromRows([
      [NaN, -Infinity, NaN, 3, NaN, NaN],
      [NaN, NaN, NaN, NaN, NaN, NaN],
    ]);
    expect(toRows(blockMax(mixed, 2))).toEqual([[-Infinity, 3, NaN]]);
  });

  it("blockAllMasked: 1 where every cell of a block is masked", () => {
    // 5 × 5 causal (key j > query i masked), blocks of 2: rows and columns {0,1} {2,3} {4}. Block (0, 1)
    // holds (0,2) (0,3) (1,2) (1,3), all masked; block (1, 1) holds (2,2), visible.
    const causal = Uint8Array.from({ length: 25 }, (_, c) => (c % 5 > Math.floor(c / 5) ? 1 : 0));
    expect(Array.from(blockAllMasked(causal, 5, 5, 2))).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0]);
    // 3 × 4, blocks of 3: row 1 fully masked, one visible cell at (2, 3), the last block one column wide.
    const sparse = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(blockAllMasked(sparse, 3, 4, 3))).toEqual([1, 0]);
    expect(Array.from(blockAllMasked(sparse.fill(1), 3, 4, 3))).toEqual([1, 1]);
  });

  it("blockAllMasked agrees with a cell-by-cell reading on scattered masks", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const [rows, cols, block, density] of [
      [37, 53, 4, 0.9],
      [64, 64, 16, 0.99],
      [10, 3, 7, 0.5],
    ] as const) {
      const mask = Uint8Array.from({ length: rows * cols }, () => (next() < density ? 1 : 0));
      const outCols = Math.ceil(cols / block);
      const expected = new Array<number>(Math.ceil(rows / block) * outCols).fill(1);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++)
          if (mask[i * cols + j] === 0) expected[Math.floor(i / block) * outCols + Math.floor(j / block)] = 0;
      expect(Array.from(blockAllMasked(mask, rows, cols, block))).toEqual(expected);
    }
  });
});
