import { describe, expect, it } from "vitest";
import { translate, type MessageKey } from "../i18n/i18n";
import { stepFormula, STEPS } from "./steps";

describe("the steps' formulas", () => {
  it("leave no English word inside a Chinese page's formulas", () => {
    const t = (key: MessageKey) => translate("zh-CN", key);
    for (const step of STEPS) {
      const words = [...stepFormula(step, t).matchAll(/\\text\{([^}]*)\}/gu)].map((m) => m[1] ?? "");
      expect(words.filter((w) => /[A-Za-z]{2,}/u.test(w.replace(/\$[^$]*\$/gu, "")))).toEqual([]);
    }
    // Step 5 says in Chinese when a key is visible and when it is masked.
    expect(stepFormula(STEPS[4]!, t)).toContain("\\text{若查询 $i$ 能看到键 $j$}");
  });

  it("say their words in English on an English page", () => {
    const t = (key: MessageKey) => translate("en", key);
    expect(stepFormula(STEPS[4]!, t)).toContain("\\text{if key $j$ is visible to query $i$}");
  });
});
