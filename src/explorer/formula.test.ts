import { describe, expect, it } from "vitest";
import { attentionReference } from "../core/reference";
import { outputFormula, scaleFormula, scoreFormula, softmaxFormula, tex } from "./formula";

const trace = attentionReference({
  source: {
    kind: "qkv",
    q: [[0.5, -1]],
    k: [
      [1, 2],
      [3, -4],
    ],
    v: [[1], [2]],
  },
  score: "scaled-dot",
  temperature: 2,
});

describe("formulas with the trace's real numbers", () => {
  it("tex writes numbers for KaTeX, −∞ included", () => {
    expect(tex(0.42871)).toBe("0.429");
    expect(tex(-Infinity)).toBe("-\\infty");
    expect(tex(1.5e-7)).toBe("1.50\\times10^{-7}");
  });

  it("the score shows each term of q·k and the engine's sum", () => {
    // q·k₂ = 0.5·3 + (−1)·(−4) = 5.5
    expect(scoreFormula(trace, { head: 0, query: 0, key: 1 })).toBe(
      "s_{12} = q_{1} \\cdot k_{2} = 0.5\\,3 + (-1)\\,(-4) = 5.5",
    );
  });

  it("scaling divides by √d_k and τ", () => {
    // 5.5 / (√2 · 2) = 1.9445
    expect(scaleFormula(trace, { head: 0, query: 0, key: 1 })).toContain(
      "\\frac{5.5}{\\sqrt{2}\\cdot 2} = 1.945",
    );
  });

  it("the softmax shows the row's terms and the weight the engine computed", () => {
    const f = softmaxFormula(trace, { head: 0, query: 0, key: 1 });
    expect(f).toContain(tex(trace.weights.data[1]!, 4));
    expect(f).toContain("e^{");
  });

  it("the output is the weighted sum of the values", () => {
    expect(outputFormula(trace, { head: 0, query: 0, key: 0 })).toContain(
      `\\begin{bmatrix}${tex(trace.output.data[0]!)}\\end{bmatrix}`,
    );
  });
});
