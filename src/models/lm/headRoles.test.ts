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
});
