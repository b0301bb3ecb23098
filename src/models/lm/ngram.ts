/**
 * The baselines a language model must beat, counted on the same tokens it is trained and measured on.
 * A unit (sentence or poem) is [<s>, t1 … tn]; its targets are t1 … tn and then the next unit's <s>, which
 * marks the end. Unigram: add-k. Bigram: interpolated, λ·c(v,w)/c(v) + (1 − λ)·p_unigram(w). k and λ are
 * chosen on a validation slice, never on the test slice.
 */

export interface NgramCounts {
  readonly vocab: number;
  readonly unigram: Float64Array;
  readonly total: number;
  /** c(v, w), keyed v·vocab + w. */
  readonly bigram: Map<number, number>;
  /** c(v, ·): how often v is followed by anything. */
  readonly context: Float64Array;
}

/** Each unit's (previous, target) pairs: (<s>, t1), …, (tn, <s>). bos: the id of <s>. */
export function unitPairs(unit: readonly number[], bos: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < unit.length; i++) pairs.push([unit[i]!, unit[i + 1] ?? bos]);
  return pairs;
}

export function countNgrams(units: readonly (readonly number[])[], vocab: number, bos: number): NgramCounts {
  const unigram = new Float64Array(vocab);
  const context = new Float64Array(vocab);
  const bigram = new Map<number, number>();
  let total = 0;
  for (const unit of units) {
    for (const [v, w] of unitPairs(unit, bos)) {
      unigram[w]!++;
      context[v]!++;
      total++;
      const key = v * vocab + w;
      bigram.set(key, (bigram.get(key) ?? 0) + 1);
    }
  }
  return { vocab, unigram, total, bigram, context };
}

export const unigramProbability = (c: NgramCounts, k: number, w: number) =>
  (c.unigram[w]! + k) / (c.total + k * c.vocab);

export function bigramProbability(c: NgramCounts, k: number, lambda: number, v: number, w: number): number {
  const uni = unigramProbability(c, k, w);
  const seen = c.context[v]!;
  if (seen === 0) return uni;
  return (lambda * (c.bigram.get(v * c.vocab + w) ?? 0)) / seen + (1 - lambda) * uni;
}

/** exp(mean negative log-probability) over every (previous, target) pair. */
export function perplexity(
  pairs: readonly (readonly [number, number])[],
  p: (v: number, w: number) => number,
) {
  let nll = 0;
  for (const [v, w] of pairs) nll -= Math.log(p(v, w));
  return Math.exp(nll / pairs.length);
}

export const UNIGRAM_KS = [0.01, 0.1, 0.5, 1];
export const BIGRAM_LAMBDAS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

/** The k, then λ, with the lowest perplexity on the validation pairs. */
export function tuneNgrams(c: NgramCounts, validation: readonly (readonly [number, number])[]) {
  const best = <T>(options: readonly T[], score: (o: T) => number) =>
    options.reduce((a, b) => (score(b) < score(a) ? b : a));
  const k = best(UNIGRAM_KS, (k) => perplexity(validation, (_, w) => unigramProbability(c, k, w)));
  const lambda = best(BIGRAM_LAMBDAS, (l) =>
    perplexity(validation, (v, w) => bigramProbability(c, k, l, v, w)),
  );
  return { k, lambda };
}
