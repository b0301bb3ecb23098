import { describe, expect, it } from "vitest";
import { translate, type MessageKey } from "../i18n/i18n";
import { qkvGiven, stepFormula, stepInfo, STEPS } from "./steps";

describe("the steps' formulas", () => {
  it("leave no English word inside a Chinese page's formulas", () => {
    const t = (key: MessageKey) => translate("zh-CN", key);
    for (const step of [...STEPS, stepInfo(1, true), stepInfo(2, true), stepInfo(8, true)]) {
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

describe("steps 3 and 4 for the score function in use", () => {
  it("step 4 divides by τ alone, and writes no √d_k, where the score is not the scaled dot product", () => {
    for (const lang of ["en", "zh-CN"] as const) {
      const t = (key: MessageKey) => translate(lang, key);
      for (const given of [false, true]) {
        for (const score of ["dot", "cosine", "general", "additive"] as const) {
          const unscaled = stepInfo(4, given, { score });
          expect(unscaled.number).toBe(4);
          expect(stepFormula(unscaled, t)).toBe("\\tilde S = \\frac{S}{\\tau}");
          expect(t(unscaled.text)).toContain("τ");
        }
        expect(stepFormula(stepInfo(4, given, { score: "scaled-dot" }), t)).toContain("\\sqrt{d_k}");
      }
    }
  });

  it("step 3 writes S = Q·Kᵀ for a dot product only, and the score function's own s_ij otherwise", () => {
    const t = (key: MessageKey) => translate("en", key);
    expect(stepInfo(3, false, { score: "dot" })).toBe(STEPS[2]);
    expect(stepInfo(3, true, { score: "scaled-dot" })).toBe(STEPS[2]);
    expect(stepFormula(stepInfo(3, false, { score: "cosine" }), t)).toBe(
      "s_{ij} = \\frac{q_i \\cdot k_j}{\\lVert q_i \\rVert\\,\\lVert k_j \\rVert}",
    );
    expect(stepFormula(stepInfo(3, false, { score: "general" }), t)).toBe("s_{ij} = q_i\\, W\\, k_j^{\\top}");
    expect(stepFormula(stepInfo(3, true, { score: "additive" }), t)).toContain("\\tanh");
    for (const score of ["cosine", "general", "additive"] as const) {
      expect(stepFormula(stepInfo(3, false, { score }), t)).not.toContain("K^{\\top}");
      expect(translate("en", stepInfo(3, false, { score }).title)).toBe("Scores");
      expect(translate("zh-CN", stepInfo(3, false, { score }).title)).toBe("分数");
    }
  });

  it("step 6 of hard attention puts each row's weight on its largest score, with no softmax, in both languages", () => {
    for (const lang of ["en", "zh-CN"] as const) {
      const t = (key: MessageKey) => translate(lang, key);
      const hard = stepInfo(6, false, { mode: "hard" });
      expect(hard.number).toBe(6);
      expect(stepFormula(hard, t)).toContain("\\arg\\max_k");
      expect(stepFormula(hard, t)).not.toContain("e^{");
      expect(t(hard.title)).not.toMatch(/softmax/iu);
    }
    expect(stepInfo(6, true, { mode: "soft" })).toBe(STEPS[5]);
  });

  it("leave every other step as it is", () => {
    for (const score of ["dot", "cosine", "general", "additive"] as const)
      for (const number of [1, 2, 5, 6, 7, 8])
        expect(stepInfo(number, false, { score })).toBe(STEPS[number - 1]);
  });
});

describe("steps 1 and 2 with Q, K and V given", () => {
  it("say Q, K and V were given, with no embedding and no projection, in both languages", () => {
    for (const lang of ["en", "zh-CN"] as const) {
      const t = (key: MessageKey) => translate(lang, key);
      for (const number of [1, 2]) {
        const given = stepInfo(number, true);
        const made = stepInfo(number, false);
        expect(given.number).toBe(number);
        expect(t(given.title)).not.toBe(t(made.title));
        expect(stepFormula(given, t)).not.toMatch(/embed|PE_|W_Q|W_K|W_V/u);
      }
      expect(stepFormula(stepInfo(1, false), t)).toContain("\\mathrm{embed}");
      expect(stepFormula(stepInfo(2, false), t)).toContain("X W_Q");
    }
    expect(translate("en", stepInfo(1, true).title)).toBe("Q, K and V as given");
    expect(translate("zh-CN", stepInfo(1, true).title)).toBe("给定的 Q、K、V");
  });

  it("are a trace's with no embeddings X (Q, K and V typed, pasted or handed over)", () => {
    expect(qkvGiven({})).toBe(true);
    expect(qkvGiven({ x: { rows: 1, cols: 1, data: new Float32Array(1) } })).toBe(false);
  });

  it("leave steps 3 to 7 as they are", () => {
    for (let number = 3; number <= 7; number++) expect(stepInfo(number, true)).toBe(STEPS[number - 1]);
  });

  it("say at step 8 that the heads are only concatenated: given Q, K and V have no W_O to multiply by", () => {
    for (const lang of ["en", "zh-CN"] as const) {
      const t = (key: MessageKey) => translate(lang, key);
      const given = stepInfo(8, true);
      expect(given.number).toBe(8);
      expect(stepFormula(given, t)).not.toContain("W_O");
      expect(t(given.text)).toMatch(/W_O/u);
      expect(stepFormula(stepInfo(8, false), t)).toContain("W_O");
    }
    expect(translate("en", stepInfo(8, true).title)).toBe("Heads concatenated");
    expect(translate("zh-CN", stepInfo(8, true).title)).toBe("拼接各头");
  });
});
