import { describe, expect, it } from "vitest";
import {
  bigramProbability,
  countNgrams,
  perplexity,
  tuneNgrams,
  unigramProbability,
  unitPairs,
} from "./ngram";

const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThan(1e-12);

describe("n-gram baselines", () => {
  // vocab: 0 <unk>, 1 <s>, 2 a, 3 b. Units: [<s> a b], [<s> a].
  const units = [
    [1, 2, 3],
    [1, 2],
  ];
  const c = countNgrams(units, 4, 1);

  it("a unit's targets are its tokens after <s>, then <s> for the end", () => {
    expect(unitPairs([1, 2, 3], 1)).toEqual([
      [1, 2],
      [2, 3],
      [3, 1],
    ]);
  });

  it("counts: targets a a b <s> <s>; contexts <s> <s> a a b", () => {
    expect([...c.unigram]).toEqual([0, 2, 2, 1]);
    expect(c.total).toBe(5);
    expect([...c.context]).toEqual([0, 2, 2, 1]);
    expect(c.bigram.get(1 * 4 + 2)).toBe(2);
  });

  it("add-k unigram: (c + k)/(N + kV); it sums to 1", () => {
    close(unigramProbability(c, 1, 2), 3 / 9);
    close(
      [0, 1, 2, 3].reduce((s, w) => s + unigramProbability(c, 1, w), 0),
      1,
    );
  });

  it("interpolated bigram: λ·c(v,w)/c(v) + (1 − λ)·p_uni(w), the unigram alone for an unseen context", () => {
    // After a: b once, <s> once. p(b | a) = 0.5·1/2 + 0.5·(1+1)/9.
    close(bigramProbability(c, 1, 0.5, 2, 3), 0.25 + 1 / 9);
    close(bigramProbability(c, 1, 0.5, 0, 3), 2 / 9);
    close(
      [0, 1, 2, 3].reduce((s, w) => s + bigramProbability(c, 1, 0.5, 2, w), 0),
      1,
    );
  });

  it("perplexity is exp of the mean negative log-probability", () => {
    close(
      perplexity(
        [
          [0, 1],
          [0, 2],
        ],
        (_, w) => (w === 1 ? 0.5 : 0.125),
      ),
      Math.exp((Math.log(2) + Math.log(8)) / 2),
    );
  });

  it("tuning prefers a high λ when validation repeats the training bigrams", () => {
    const { lambda } = tuneNgrams(c, unitPairs([1, 2, 3], 1));
    expect(lambda).toBeGreaterThanOrEqual(0.9);
  });
});
