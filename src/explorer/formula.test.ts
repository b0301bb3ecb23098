import { describe, expect, it } from "vitest";
import { TYPED_QKV } from "../core/fixtures/typedQkv";
import { attentionReference } from "../core/reference";
import {
  cellIndex,
  maskFormula,
  meanWeightFormula,
  outputFormula,
  plain,
  scaleFormula,
  scoreFormula,
  softmaxFormula,
  softmaxRowMax,
  tex,
} from "./formula";

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
  it("subscripts a cell as textbooks do while both indices are one digit, with a comma past 9", () => {
    expect(cellIndex(7, 1)).toBe("82");
    expect(cellIndex(8, 8)).toBe("99");
    expect(cellIndex(9, 0)).toBe("10,1");
    expect(cellIndex(302, 275)).toBe("303,276");
  });

  it("tex writes numbers with 4 significant digits (5 when asked), −∞ included", () => {
    expect(tex(0.42871)).toBe("0.4287");
    expect(tex(1.9445436)).toBe("1.945");
    expect(tex(-0.53033)).toBe("-0.5303");
    expect(tex(-Infinity)).toBe("-\\infty");
    // 0.99997 is not 1: five digits show it, and four keep the zeros that say "not exactly 1".
    expect(tex(0.99997, 5)).toBe("0.99997");
    expect(tex(0.99997)).toBe("1.000");
    // Exact values lose their trailing zeros.
    expect(tex(1)).toBe("1");
    expect(tex(0.5)).toBe("0.5");
    expect(tex(-1.5)).toBe("-1.5");
    expect(tex(1.5e-7)).toBe("1.5\\times10^{-7}");
    expect(tex(4.5399929762e-5)).toBe("4.540\\times10^{-5}");
    expect(tex(123456.7)).toBe("1.235\\times10^{5}");
    expect(tex(12345.6)).toBe("12346");
  });

  it("tex writes a number typed as 1.1 as 1.1 when the engine holds it in float32 or float64, not as 1.100", () => {
    // Float32 1.1 is 1.100000023841858; wasm's float32 1.5 × 1.1 is 1.6500000953674316; float64's is
    // 1.6500000000000001; float32 0.3 is 0.30000001192092896. Each is the number its short text says.
    expect(tex(1.100000023841858)).toBe("1.1");
    expect(tex(1.6500000953674316)).toBe("1.65");
    expect(tex(1.6500000000000001)).toBe("1.65");
    expect(tex(-0.30000001192092896)).toBe("-0.3");
    expect(tex(2.0000000233721948e-7)).toBe("2\\times10^{-7}");
    expect(plain(1.100000023841858)).toBe("1.1");
    // A weight 1.2e-6 short of 1 is not 1, at float32's precision too.
    expect(tex(0.9999988, 5)).toBe("1.0000");
  });

  it("plain writes the same numbers for a sentence, with a true minus sign", () => {
    expect(plain(-2.5)).toBe("\u22122.5");
    expect(plain(1.9445436)).toBe("1.945");
    expect(plain(-Infinity)).toBe("\u2212∞");
  });

  it("the score shows each term of q·k and the engine's sum", () => {
    // q·k₂ = 0.5·3 + (−1)·(−4) = 5.5
    expect(scoreFormula(trace, { head: 0, query: 0, key: 1 })).toBe(
      "s_{12} = q_{1} \\cdot k_{2} = 0.5 \\times 3 + (-1) \\times (-4) = 5.5",
    );
  });

  it("scaling divides by √d_k and τ", () => {
    // 5.5 / (√2 · 2) = 1.9445
    expect(scaleFormula(trace, { head: 0, query: 0, key: 1 })).toContain(
      "\\frac{5.5}{\\sqrt{2}\\cdot 2} = 1.945",
    );
  });

  it("the softmax subtracts the row's maximum before exp, and shows it", () => {
    // Scaled scores: −1.5 / (√2·2) = −0.53033 and 5.5 / (√2·2) = 1.94454; m = 1.94454.
    // e^(−0.53033 − 1.94454) = 0.0841736, e^0 = 1, sum 1.084174; a₁₂ = 1 / 1.084174 = 0.92236. The term and the
    // sum are written with 6 digits, so that dividing what is written gives the weight's 5: 1 / 1.08417 = 0.92236.
    expect(softmaxRowMax(trace, { head: 0, query: 0, key: 1 })).toBeCloseTo(1.9445436, 6);
    expect(softmaxFormula(trace, { head: 0, query: 0, key: 1 })).toBe(
      "a_{12} = \\frac{e^{\\hat s_{12} - m}}{\\sum_k e^{\\hat s_{1k} - m}},\\quad " +
        "m = \\max_k \\hat s_{1k} = 1.945;\\quad " +
        "\\sum_k e^{\\hat s_{1k} - m} = e^{-0.5303 - 1.945} + e^{1.945 - 1.945} = 1.08417;\\quad " +
        "a_{12} = \\frac{e^{1.945 - 1.945}}{1.08417} = \\frac{1}{1.08417} = 0.92236",
    );
    // a₁₁ = 0.0841736 / 1.08417 = 0.077639.
    expect(softmaxFormula(trace, { head: 0, query: 0, key: 0 })).toMatch(
      /\\frac\{0\.0841736\}\{1\.08417\} = 0\.077639$/,
    );
  });

  it("a weight of 0.99995 is written 0.99995, not 1/1 = 1", () => {
    // Scores 10 and 0: m = 10; e^0 = 1, e^−10 = 4.53999e−5; sum 1.0000454; a₁₁ = 0.99995460.
    const sharp = attentionReference({
      source: { kind: "qkv", q: [[1]], k: [[10], [0]], v: [[1], [2]] },
      score: "dot",
    });
    expect(softmaxFormula(sharp, { head: 0, query: 0, key: 0 })).toBe(
      "a_{11} = \\frac{e^{\\hat s_{11} - m}}{\\sum_k e^{\\hat s_{1k} - m}},\\quad " +
        "m = \\max_k \\hat s_{1k} = 10;\\quad " +
        "\\sum_k e^{\\hat s_{1k} - m} = e^{10 - 10} + e^{0 - 10} = 1.00005;\\quad " +
        "a_{11} = \\frac{e^{10 - 10}}{1.00005} = \\frac{1}{1.00005} = 0.99995",
    );
  });

  it("a masked score is −∞ in symbols only: no words inside the TeX", () => {
    const masked = attentionReference({
      source: { kind: "qkv", q: [[1], [1]], k: [[1], [2]], v: [[1], [2]] },
      score: "dot",
      mask: { kind: "causal" },
    });
    expect(maskFormula(masked, { head: 0, query: 0, key: 1 })).toBe("\\hat s_{12} = -\\infty");
    expect(maskFormula(masked, { head: 0, query: 1, key: 1 })).toBe("\\hat s_{22} = \\tilde s_{22} = 2");
  });

  it("the output is the weighted sum of the values", () => {
    expect(outputFormula(trace, { head: 0, query: 0, key: 0 })).toContain(
      `\\begin{bmatrix}${tex(trace.output.data[0]!)}\\end{bmatrix}`,
    );
  });
});

describe("the mean of the heads, as its view shows it", () => {
  // Q, K and V typed by hand: 3 tokens, two heads of d_k = d_v = 1, causal mask; the numbers by numpy.
  const typed = attentionReference({
    source: TYPED_QKV,
    score: "scaled-dot",
    heads: 2,
    mask: { kind: "causal" },
  });
  const at = { head: 0, query: 2, key: 1 };

  it("averages each head's weight for the pointed cell (step 6, the one step with a mean view)", () => {
    // Softmax weights 0.75389437 and 0.27237638 (numpy): their mean 0.51313538.
    expect(meanWeightFormula(typed, at)).toBe(
      "\\bar a_{32} = \\tfrac{1}{2}\\left(a^{(1)}_{32} + a^{(2)}_{32}\\right) = " +
        "\\tfrac{1}{2}\\left(0.75389 + 0.27238\\right) = 0.51314",
    );
    // A masked key has weight 0 in every head (query 1 sees key 1 only).
    expect(meanWeightFormula(typed, { head: 0, query: 0, key: 1 })).toMatch(/\(0 \+ 0\\right\) = 0$/u);
  });
});
