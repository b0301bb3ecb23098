import { describe, expect, it } from "vitest";
import { bestRole, roleKeys, RoleTally, type RoleText } from "./headRoles";

const close = (got: number | null, want: number) => expect(Math.abs((got ?? NaN) - want)).toBeLessThan(1e-12);

/** Rows are queries, columns keys; causal, each row sums to 1. */
const matrix = (rows: number[][]) => Float64Array.from(rows.flat());

describe("head roles on hand-made attention", () => {
  // <s> a b a b : ids 1 5 6 5 6, no punctuation.
  const text: RoleText = { ids: [1, 5, 6, 5, 6], punctuation: [false, false, false, false, false] };
  // Query i looks wholly at i−1: a pure previous-token head.
  const previous = matrix([
    [1, 0, 0, 0, 0],
    [1, 0, 0, 0, 0],
    [0, 1, 0, 0, 0],
    [0, 0, 1, 0, 0],
    [0, 0, 0, 1, 0],
  ]);
  // Half on <s>, half on itself.
  const sinkSelf = matrix([
    [1, 0, 0, 0, 0],
    [0.5, 0.5, 0, 0, 0],
    [0.5, 0, 0.5, 0, 0],
    [0.5, 0, 0, 0.5, 0],
    [0.5, 0, 0, 0, 0.5],
  ]);
  // Query 3 (the second a) looks at 2 (the b after the first a); query 4 (second b) at 3 (its own previous).
  const induction = matrix([
    [1, 0, 0, 0, 0],
    [1, 0, 0, 0, 0],
    [0.2, 0.8, 0, 0, 0],
    [0.1, 0.1, 0.8, 0, 0],
    [0.4, 0, 0, 0.6, 0],
  ]);

  it("previous-token: the mean over queries 1…4 of the weight on i−1", () => {
    const t = new RoleTally();
    t.add(previous, text);
    close(t.scores().previous, 1);
    // first: only query 1 puts weight on <s> (which is also its previous): 1/4.
    close(t.scores().first, 0.25);
    close(t.scores().self, 0);
    expect(bestRole(t.scores())).toEqual({ role: "previous", score: 1 });
  });

  it("first-token and self split a head that halves its weight between <s> and itself", () => {
    const t = new RoleTally();
    t.add(sinkSelf, text);
    close(t.scores().first, 0.5);
    close(t.scores().self, 0.5);
    // previous: query 1's previous is <s> (0.5), the others 0: 0.5/4.
    close(t.scores().previous, 0.125);
  });

  it("induction: only queries with an earlier copy count, the key being the token after that copy", () => {
    // Query 3 (a): earlier a at 1, key 2. Query 4 (b): earlier b at 2, key 3. Queries 1, 2 have none.
    expect(roleKeys("induction", text, 3)).toEqual([2]);
    expect(roleKeys("induction", text, 4)).toEqual([3]);
    expect(roleKeys("induction", text, 2)).toEqual([]);
    const t = new RoleTally();
    t.add(induction, text);
    close(t.scores().induction, (0.8 + 0.6) / 2);
  });

  it("punctuation: the weight on every punctuation key so far, over queries that have one", () => {
    // <s> x , y . : punctuation at 2 and 4.
    const p: RoleText = { ids: [1, 7, 3, 8, 4], punctuation: [false, false, true, false, true] };
    const w = matrix([
      [1, 0, 0, 0, 0],
      [0.5, 0.5, 0, 0, 0],
      [0.2, 0.2, 0.6, 0, 0],
      [0.1, 0.1, 0.3, 0.5, 0],
      [0, 0.2, 0.2, 0.2, 0.4],
    ]);
    const t = new RoleTally();
    t.add(w, p);
    // Queries 2, 3, 4 have punctuation keys: 0.6, 0.3, 0.2 + 0.4.
    close(t.scores().punctuation, (0.6 + 0.3 + 0.6) / 3);
  });

  it("previous line: a character looks at the character in the same place of the line before", () => {
    // <s> 床 前 明 ， 疑 是 地 。 : lines start at 1 and 5; 疑 (5) ↔ 床 (1), 是 (6) ↔ 前 (2), 地 (7) ↔ 明 (3).
    const punctuation = [false, false, false, false, true, false, false, false, true];
    const poem: RoleText = { ids: [1, 10, 11, 12, 3, 13, 14, 15, 4], punctuation };
    expect(roleKeys("previousLine", poem, 5)).toEqual([1]);
    expect(roleKeys("previousLine", poem, 7)).toEqual([3]);
    expect(roleKeys("previousLine", poem, 3)).toEqual([]);
    expect(roleKeys("previousLine", poem, 8)).toEqual([]);
    const n = 9;
    const w = new Float64Array(n * n);
    for (let i = 0; i < n; i++) w[i * n] = 1;
    // 疑 puts 0.9 on 床, 是 0.5 on 前, 地 0.1 on 明; the rest on <s>.
    for (const [q, k, v] of [
      [5, 1, 0.9],
      [6, 2, 0.5],
      [7, 3, 0.1],
    ] as const) {
      w[q * n + k] = v;
      w[q * n] = 1 - v;
    }
    const t = new RoleTally();
    t.add(w, poem);
    close(t.scores().previousLine, 0.5);
  });

  it("a role with no qualifying query scores null and is never the best", () => {
    const t = new RoleTally(["previous", "previousLine"]);
    t.add(previous, text);
    expect(t.scores().previousLine).toBeNull();
    expect(t.scores().induction).toBeNull();
    expect(bestRole(t.scores()).role).toBe("previous");
  });

  it("POS roles: a noun's determiner and a verb's noun, only with a word between them", () => {
    // <s> the old jury said it . : the/at old/jj jury/nn said/vbd it/pps ./.
    const pos = ["other", "determiner", "modifier", "noun", "verb", "pronoun", "other"] as const;
    const tagged: RoleText = {
      ids: [1, 20, 21, 22, 23, 24, 4],
      punctuation: [false, false, false, false, false, false, true],
      pos,
    };
    // jury (3) → the (1), past old. said (4) → jury (3) is its previous token: not counted.
    expect(roleKeys("determiner", tagged, 3)).toEqual([1]);
    expect(roleKeys("determiner", tagged, 2)).toEqual([]);
    expect(roleKeys("subject", tagged, 4)).toEqual([]);
    // <s> the jury further said : said (4) → jury (2), past further (other: an adverb).
    const adverb: RoleText = {
      ids: [1, 20, 22, 25, 23],
      punctuation: [false, false, false, false, false],
      pos: ["other", "determiner", "noun", "other", "verb"],
    };
    expect(roleKeys("subject", adverb, 4)).toEqual([2]);
    // "the jury" with nothing between: the previous-token head's business, not the determiner role's.
    expect(roleKeys("determiner", adverb, 2)).toEqual([]);
    // A verb whose clause has no noun before it (punctuation first) has no key.
    const clause: RoleText = {
      ids: [1, 22, 3, 25, 23],
      punctuation: [false, false, true, false, false],
      pos: ["other", "noun", "other", "other", "verb"],
    };
    expect(roleKeys("subject", clause, 4)).toEqual([]);
    // Without parts of speech (the poems) no query qualifies: the scores are null.
    const t = new RoleTally();
    t.add(previous, text);
    expect(t.scores().determiner).toBeNull();
    expect(t.scores().subject).toBeNull();
    // A head that puts 0.7 on the determiner from "jury", and 0.4 on "jury" from "said" (adverb text).
    const n = 7;
    const w = new Float64Array(n * n);
    for (let i = 0; i < n; i++) w[i * n] = 1;
    w[3 * n + 1] = 0.7;
    w[3 * n] = 0.3;
    const d = new RoleTally(["determiner", "subject"]);
    d.add(w, tagged);
    close(d.scores().determiner, 0.7);
    const m = 5;
    const v = new Float64Array(m * m);
    for (let i = 0; i < m; i++) v[i * m] = 1;
    v[4 * m + 2] = 0.4;
    v[4 * m] = 0.6;
    d.add(v, adverb);
    close(d.scores().subject, 0.4);
    // jury in the adverb text does not qualify (its determiner is adjacent): the determiner score stays 0.7.
    close(d.scores().determiner, 0.7);
  });
});
