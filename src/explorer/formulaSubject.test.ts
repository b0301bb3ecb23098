import { describe, expect, it } from "vitest";
import { translate } from "../i18n/i18n";
import type { Lang } from "../i18n/lang";
import { formulaSubject } from "./formulaSubject";

/** The panel's two lines for query 2 "it" and key 3 "animal" at `step`, in `lang`: pointed, and locked. */
function lines(step: number, lang: Lang, { heads = 1, head = 0, mean = false } = {}) {
  const s = formulaSubject(
    step,
    { head, query: 1, key: 2 },
    { heads, mean, queryLabel: "it", keyLabel: "animal" },
  );
  const say = (said: { key: Parameters<typeof translate>[1]; params: object }) =>
    translate(lang, said.key, said.params as never);
  return {
    pointed: `${say(s.pointed)}${s.whose ? ` · ${say(s.whose)}` : ""}`,
    locked: say(s.locked),
  };
}

describe("what the formula panel says it is about", () => {
  it("names one token at step 1 (x_i), a query and a key at step 2 (q_i, k_j, v_j), a cell at steps 3 to 6", () => {
    expect(lines(1, "en")).toEqual({ pointed: "Token 2 “it”", locked: "Locked on token 2." });
    expect(lines(2, "en", { heads: 2 })).toEqual({
      pointed: "Query 2 “it”, key 3 “animal”",
      locked: "Locked on query 2 and key 3.",
    });
    for (const step of [3, 4, 5, 6])
      expect(lines(step, "en")).toEqual({
        pointed: "Query 2 “it”, key 3 “animal”",
        locked: "Locked on query 2, key 3.",
      });
    expect(lines(5, "en", { heads: 2, head: 1 })).toEqual({
      pointed: "Query 2 “it”, key 3 “animal” · Head 2",
      locked: "Locked on query 2, key 3 of head 2.",
    });
    expect(lines(6, "en", { heads: 2, mean: true }).locked).toBe(
      "Locked on query 2, key 3 of the mean of the heads.",
    );
  });

  it("names the query's output at steps 7 (one head's o_i, a sum over every key) and 8 (y_i, every head), no key", () => {
    expect(lines(7, "en")).toEqual({
      pointed: "Output of query 2 “it”",
      locked: "Locked on the output of query 2.",
    });
    expect(lines(7, "en", { heads: 2, head: 1 })).toEqual({
      pointed: "Output of query 2 “it” · Head 2",
      locked: "Locked on the output of query 2 in head 2.",
    });
    // Step 8 concatenates every head: no head is named.
    expect(lines(8, "en", { heads: 2, head: 1 })).toEqual({
      pointed: "Output of query 2 “it”",
      locked: "Locked on the output of query 2.",
    });
  });

  it("says the same in Chinese", () => {
    expect(lines(1, "zh-CN").locked).toBe("已锁定在第 2 个词元。");
    expect(lines(2, "zh-CN").locked).toBe("已锁定在查询 2 和键 3。");
    expect(lines(6, "zh-CN", { heads: 2, head: 1 }).locked).toBe("已锁定在第 2 个头的查询 2、键 3。");
    expect(lines(7, "zh-CN", { heads: 2, head: 1 })).toEqual({
      pointed: "查询 2“it”的输出 · 第 2 个头",
      locked: "已锁定在第 2 个头中查询 2 的输出。",
    });
    expect(lines(8, "zh-CN", { heads: 2 })).toEqual({
      pointed: "查询 2“it”的输出",
      locked: "已锁定在查询 2 的输出。",
    });
  });
});
