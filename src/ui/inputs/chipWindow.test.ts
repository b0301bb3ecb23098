import { describe, expect, it } from "vitest";
import { CHUNK, chipSegments, chunkHeights, visibleChunks } from "./chipWindow";

describe("visibleChunks", () => {
  const tens = () => 100;
  it("takes the chunks whose rows meet the box's visible part, with the margin either side", () => {
    // Chunks at 0–100, 100–200, …: a view of 250–400 meets chunks 2, 3 and 4 (which starts at 400), one of
    // 250–399 only 2 and 3; a margin of 60 (190–460) adds chunk 1, which ends at 200.
    expect(visibleChunks(10, tens, 250, 150, 0)).toEqual({ first: 2, last: 4 });
    expect(visibleChunks(10, tens, 250, 149, 0)).toEqual({ first: 2, last: 3 });
    expect(visibleChunks(10, tens, 250, 150, 60)).toEqual({ first: 1, last: 4 });
    expect(visibleChunks(10, tens, 0, 300, 0)).toEqual({ first: 0, last: 3 });
  });
  it("stops at the end of the list, and after its end gives the last chunk", () => {
    expect(visibleChunks(3, tens, 150, 1000, 0)).toEqual({ first: 1, last: 2 });
    expect(visibleChunks(3, tens, 5000, 300, 0)).toEqual({ first: 2, last: 2 });
    expect(visibleChunks(0, tens, 0, 300, 0)).toEqual({ first: -1, last: -1 });
  });
  it("follows chunks of different heights", () => {
    const heights = [50, 400, 50, 50];
    // 0–50, 50–450, 450–500, 500–550: a view of 460–470 is inside chunk 2 only.
    expect(visibleChunks(4, (c) => heights[c]!, 460, 10, 0)).toEqual({ first: 2, last: 2 });
    expect(visibleChunks(4, (c) => heights[c]!, 100, 10, 0)).toEqual({ first: 1, last: 1 });
  });
});

describe("chipSegments", () => {
  it("draws the chunks asked for and stands a gap for each run of the others, as tall as the run", () => {
    const heights = [10, 20, 30, 40, 50, 60];
    expect(chipSegments(6, new Set([2, 3]), (c) => heights[c]!)).toEqual([
      { kind: "gap", from: 0, to: 1, height: 30 },
      { kind: "chunk", index: 2 },
      { kind: "chunk", index: 3 },
      { kind: "gap", from: 4, to: 5, height: 110 },
    ]);
    // A chunk kept out of order (the one with focus) splits the gap.
    expect(chipSegments(6, new Set([0, 4]), (c) => heights[c]!)).toEqual([
      { kind: "chunk", index: 0 },
      { kind: "gap", from: 1, to: 3, height: 90 },
      { kind: "chunk", index: 4 },
      { kind: "gap", from: 5, to: 5, height: 60 },
    ]);
  });
  it("with every chunk drawn, has no gap; with none, one gap", () => {
    expect(chipSegments(2, new Set([0, 1]), () => 5)).toEqual([
      { kind: "chunk", index: 0 },
      { kind: "chunk", index: 1 },
    ]);
    expect(chipSegments(3, new Set(), () => 5)).toEqual([{ kind: "gap", from: 0, to: 2, height: 15 }]);
  });
});

describe("chunkHeights", () => {
  it("uses a chunk's measured height, else the mean of the full chunks measured, else the guess", () => {
    const tokens = 5 * CHUNK;
    expect(chunkHeights(new Map(), tokens, 330)(3)).toBe(330);
    const heights = chunkHeights(
      new Map([
        [0, 300],
        [1, 320],
      ]),
      tokens,
      330,
    );
    expect(heights(0)).toBe(300);
    expect(heights(1)).toBe(320);
    expect(heights(4)).toBe(310);
  });
  it("scales the estimate of a short last chunk by its chips, and leaves a measured short one out of the mean", () => {
    // 2 full chunks and a last one of 8 chips (a quarter of 32).
    const tokens = 2 * CHUNK + 8;
    expect(chunkHeights(new Map([[0, 400]]), tokens, 330)(2)).toBe(100);
    const heights = chunkHeights(
      new Map([
        [0, 400],
        [2, 40],
      ]),
      tokens,
      330,
    );
    expect(heights(1)).toBe(400);
    expect(heights(2)).toBe(40);
  });
});
