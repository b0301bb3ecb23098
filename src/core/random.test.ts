import { describe, expect, it } from "vitest";
import { embedTokens, tokenEmbedding } from "./embedding";
import { createRandom, hashString } from "./random";
import { expectClose } from "./test-helpers";

// The seeded generator is pinned by literals from an independent path: scripts/pin-random.py writes
// mulberry32, FNV-1a and Box–Muller again in Python and prints these values. Every screenshot, permalink and
// test depends on them, so a changed constant must fail here rather than silently change every embedding.

describe("createRandom(seed) is pinned", () => {
  it("uniform() of seed 42 gives 0.6011…, 0.4483…, 0.8525…, 0.6697… (exact: multiples of 2⁻³²)", () => {
    const random = createRandom(42);
    const draws = [random.uniform(), random.uniform(), random.uniform(), random.uniform()];
    expect(draws.map((x) => x * 2 ** 32)).toEqual(
      [0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693].map(
        (x) => x * 2 ** 32,
      ),
    );
    for (const x of draws) expect(Number.isInteger(x * 2 ** 32)).toBe(true);
  });

  it("normal() of seed 7 gives 0.1420, −0.8643, −1.0064", () => {
    const random = createRandom(7);
    expectClose(
      [random.normal(), random.normal(), random.normal()],
      [0.14197043782155663, -0.8642530248729361, -1.006366324094015],
      1e-15,
    );
  });
});

describe("hashString(text, seed) is pinned (32-bit FNV-1a over UTF-16 code units)", () => {
  it("the empty string with seed 0 is FNV-1a's offset basis 2166136261 (0x811c9dc5)", () => {
    expect(hashString("", 0)).toBe(2166136261);
  });

  it('"cat" with seed 0 is 108289031, "猫" with seed 3 is 1671284551', () => {
    expect(hashString("cat", 0)).toBe(108289031);
    expect(hashString("猫", 3)).toBe(1671284551);
  });
});

describe("token embeddings are pinned", () => {
  it('"cat", d_model 4, seed 0 is [−0.4312, −2.0687, −0.3440, 0.0925]', () => {
    expectClose(
      tokenEmbedding("cat", 4, 0),
      [-0.43116802111827357, -2.0687260446992304, -0.34402960462398235, 0.09250240547808437],
      1e-15,
    );
  });

  it('"it", d_model 3, seed 1 is [0.8431, 2.1238, −0.0963], in any row of a sequence', () => {
    const expected = [0.8430965964846011, 2.1237580643663923, -0.09626323970749605];
    expectClose(tokenEmbedding("it", 3, 1), expected, 1e-15);
    expectClose(embedTokens(["a", "it"], 3, 1).data.subarray(3, 6), expected, 1e-15);
  });
});
