import type { ScoreFunction } from "../core/types";
import type { MessageKey } from "../i18n/i18n";

/**
 * The eight steps of attention, in order; each has a title, a paragraph and its formula (TeX). Words in a
 * formula are message ids, \text{#id}, put in the reader's language by stepFormula: no English is left in a
 * Chinese page's formulas.
 */
export interface StepInfo {
  readonly number: number;
  readonly title: MessageKey;
  readonly text: MessageKey;
  readonly formula: string;
}

export const STEPS: readonly StepInfo[] = [
  {
    number: 1,
    title: "step1.title",
    text: "step1.text",
    formula: String.raw`x_i = \mathrm{embed}(t_i) + PE_i,\quad PE_{(p,\,2c)} = \sin\!\big(p / 10000^{2c/d}\big),\ PE_{(p,\,2c+1)} = \cos\!\big(p / 10000^{2c/d}\big)`,
  },
  {
    number: 2,
    title: "step2.title",
    text: "step2.text",
    formula: String.raw`Q = X W_Q,\quad K = X_{kv} W_K,\quad V = X_{kv} W_V`,
  },
  {
    number: 3,
    title: "step3.title",
    text: "step3.text",
    formula: String.raw`S = Q K^{\top},\quad s_{ij} = q_i \cdot k_j`,
  },
  {
    number: 4,
    title: "step4.title",
    text: "step4.text",
    formula: String.raw`\tilde S = \frac{S}{\sqrt{d_k}\;\tau}`,
  },
  {
    number: 5,
    title: "step5.title",
    text: "step5.text",
    formula: String.raw`\hat s_{ij} = \begin{cases} \tilde s_{ij} & \text{#step5.visible} \\ -\infty & \text{#step5.hidden} \end{cases}`,
  },
  {
    number: 6,
    title: "step6.title",
    text: "step6.text",
    formula: String.raw`a_{ij} = \frac{e^{\hat s_{ij}}}{\sum_k e^{\hat s_{ik}}},\qquad \sum_j a_{ij} = 1`,
  },
  {
    number: 7,
    title: "step7.title",
    text: "step7.text",
    formula: String.raw`O = A V,\quad o_i = \sum_j a_{ij}\, v_j`,
  },
  {
    number: 8,
    title: "step8.title",
    text: "step8.text",
    formula: String.raw`Y = \big[\,O^{(1)},\ O^{(2)},\ \ldots,\ O^{(h)}\,\big]\, W_O`,
  },
];

/**
 * Steps 1, 2 and 8 where Q, K and V are given (typed by hand, pasted, or handed over from a model), not made
 * from a sequence: no token is looked up and no W_Q, W_K, W_V or W_O multiplies anything (a trace of given
 * Q, K and V is never projected: core/problem.ts), so the sequence's words and formulas would describe what
 * did not happen. The views show Q, K and V at steps 1 and 2 (StepContent).
 */
const GIVEN_STEPS: readonly StepInfo[] = [
  {
    number: 1,
    title: "step1.given.title",
    text: "step1.given.text",
    formula: String.raw`Q \in \mathbb{R}^{n \times d_k},\quad K \in \mathbb{R}^{m \times d_k},\quad V \in \mathbb{R}^{m \times d_v}`,
  },
  {
    number: 2,
    title: "step2.given.title",
    text: "step2.given.text",
    formula: String.raw`q_i = Q_{i,:},\quad k_j = K_{j,:},\quad v_j = V_{j,:}`,
  },
  {
    number: 8,
    title: "step8.given.title",
    text: "step8.given.text",
    formula: String.raw`Y = \big[\,O^{(1)},\ O^{(2)},\ \ldots,\ O^{(h)}\,\big]`,
  },
];

/**
 * Step 4 where the score function is not the scaled dot product ("Scale by 1/√d_k" off, cosine, general,
 * additive): the scores are divided by τ alone (core/problem.ts divisor), so no √d_k may be written.
 */
const UNSCALED_STEP_4: StepInfo = {
  number: 4,
  title: "step4.title",
  text: "step4.unscaled.text",
  formula: String.raw`\tilde S = \frac{S}{\tau}`,
};

/**
 * Step 3 for the score functions that are not a dot product: S is not Q·Kᵀ there, and s_ij is what the
 * formula panel writes out for a cell (formula.ts scoreFormula).
 */
const OTHER_SCORES: Readonly<Record<Exclude<ScoreFunction, "dot" | "scaled-dot">, string>> = {
  cosine: String.raw`s_{ij} = \frac{q_i \cdot k_j}{\lVert q_i \rVert\,\lVert k_j \rVert}`,
  general: String.raw`s_{ij} = q_i\, W\, k_j^{\top}`,
  additive: String.raw`s_{ij} = v^{\top} \tanh\!\left(q_i W_q + k_j W_k\right)`,
};

/** Whether a trace's Q, K and V were given, not made from a sequence: it has no embeddings X. */
export const qkvGiven = (trace: { readonly x?: unknown }): boolean => trace.x === undefined;

/**
 * Step 6 of hard attention: each row's weight is all on its first largest score (core/softmax.ts), no
 * exponential is taken, so the softmax would describe what did not happen.
 */
const HARD_STEP_6: StepInfo = {
  number: 6,
  title: "step6.hard.title",
  text: "step6.hard.text",
  formula: String.raw`a_{ij} = \big[\,j = \arg\max_k \hat s_{ik}\,\big],\qquad \sum_j a_{ij} = 1`,
};

/** What makes a step read differently: the score function (steps 3 and 4) and soft or hard attention (6). */
export interface StepSettings {
  readonly score?: ScoreFunction;
  readonly mode?: "soft" | "hard";
}

/**
 * Step `number` (1 … 8) as it reads for the input: a sequence, or Q, K and V given (qkvGiven), and for the
 * settings: step 3 writes S = Q·Kᵀ only for a dot product, step 4 √d_k only for the scaled one, step 6 a
 * softmax only for soft attention.
 */
export function stepInfo(
  number: number,
  given: boolean,
  { score = "scaled-dot", mode = "soft" }: StepSettings = {},
): StepInfo {
  if (number === 3 && score !== "dot" && score !== "scaled-dot")
    return { number, title: "step3.other.title", text: "step3.text", formula: OTHER_SCORES[score] };
  if (number === 4 && score !== "scaled-dot") return UNSCALED_STEP_4;
  if (number === 6 && mode === "hard") return HARD_STEP_6;
  return (given ? GIVEN_STEPS.find((s) => s.number === number) : undefined) ?? STEPS[number - 1]!;
}

/** A step's formula with its words (\text{#id}) said in the reader's language. */
export function stepFormula(step: StepInfo, t: (key: MessageKey) => string): string {
  return step.formula.replace(/\\text\{#([\w.]+)\}/gu, (_, key: string) => `\\text{${t(key as MessageKey)}}`);
}
