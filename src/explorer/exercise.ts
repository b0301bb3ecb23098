import { layer } from "../core/matrix";
import { normalise } from "../core/parse";
import { softmaxRows } from "../core/softmax";
import type { AttentionTrace, Matrix } from "../core/types";
import type { MessageKey } from "../i18n/i18n";

/**
 * "Check your work": the student types a step's numbers for a small example and each cell is marked right
 * or wrong against the trace on screen. When the wrong answers match a usual mistake (no scaling, a row that
 * does not sum to 1, rows and columns swapped, no mask, dividing by the sum instead of softmax), a hint names
 * it.
 */
export type Quantity = "scores" | "scaled" | "masked" | "weights" | "output";

/** The steps a person can compute by hand, and what each asks for. */
export const QUANTITY_OF_STEP: Readonly<Record<number, Quantity>> = {
  3: "scores",
  4: "scaled",
  5: "masked",
  6: "weights",
  7: "output",
};

/** Exercises are for examples small enough to work out by hand. */
export const EXERCISE_MAX = 6;

/**
 * How close a typed number must be to count as right: within `absolute`, or within `relative` of the true
 * value's size, whichever is larger. Hand calculations round; a wrong method must still be told apart.
 *
 * Scores and outputs: ±0.01 or 1%, what two decimals of rounding leave.
 *
 * Weights: 1% of the weight, or ±0.0005 (three decimals' rounding) near 0. An absolute ±0.01 cannot tell
 * softmax from a wrong method on small weights: on five-values, dividing each score by the row's sum gives
 * 0.0667 and 0.2667 for 0.0580 and 0.2600, both within ±0.01. Over the worked examples that fit an exercise,
 * the wrong methods the hints name miss every weight they do not equal outright (a one-hot row, a row of equal
 * scores) by at least 2.57% of it (that 0.2667 for 0.2600), while a weight given to three significant digits
 * is off by at most 0.5%: 1% lies between the two (exercise.test.ts, "tolerance"). A weight of 1e-37
 * (large-dot-products) is right as 0.
 */
export interface Tolerance {
  readonly absolute: number;
  readonly relative: number;
}

export const TOLERANCE: Readonly<Record<Quantity, Tolerance>> = {
  scores: { absolute: 0.01, relative: 0.01 },
  scaled: { absolute: 0.01, relative: 0.01 },
  masked: { absolute: 0.01, relative: 0.01 },
  weights: { absolute: 0.0005, relative: 0.01 },
  output: { absolute: 0.01, relative: 0.01 },
};

/** Whether a typed number is right; by default within ±0.01 or 1% (scores, outputs, the online softmax's m, ℓ, o). */
export function isRight(
  answer: number,
  truth: number,
  { absolute, relative }: Tolerance = TOLERANCE.scores,
): boolean {
  if (answer === -Infinity || truth === -Infinity) return answer === truth;
  return Math.abs(answer - truth) <= Math.max(absolute, relative * Math.abs(truth));
}

/** A typed answer: a number, −∞ (for masked cells), nothing yet, or text that is not a number. */
export type Answer = number | "empty" | "invalid";

export function readAnswer(text: string): Answer {
  // What a Chinese input method types, as the grids read it (normalise): "０．７０７１", "0。7071", "－1.5".
  const t = normalise(text.replace(/，/gu, ".")).trim().replace(/–/gu, "-");
  if (t === "") return "empty";
  if (/^-\s*(inf|infinity|∞)$/iu.test(t)) return -Infinity;
  const x = Number(t);
  return Number.isFinite(x) ? x : "invalid";
}

/** The true values of a quantity for one head, as the engine computed them. */
export function truthOf(trace: AttentionTrace, quantity: Quantity, head: number): Matrix {
  return quantity === "output" ? layer(trace.headOutputs, head) : layer(trace[quantity], head);
}

/**
 * "chance": the number is the true one, but every answered cell also matches a wrong method that a hint
 * names (a row whose scores are all equal gives the same weights by any method): it earns no ✓.
 */
export type Mark = "right" | "wrong" | "empty" | "invalid" | "chance";

export interface Hint {
  readonly key: MessageKey;
  readonly params?: Record<string, string | number>;
}

/** Hints that name a wrong way of computing the whole answer (not one cell, not a symptom like a row's sum). */
const METHOD_HINTS: ReadonlySet<MessageKey> = new Set<MessageKey>([
  "hint.forgotScaling",
  "hint.forgotTemperature",
  "hint.forgotMask",
  "hint.notExp",
  "hint.swapped",
]);

export interface Checked {
  readonly marks: readonly (readonly Mark[])[];
  readonly right: number;
  readonly total: number;
  readonly hints: readonly Hint[];
}

const at = (m: Matrix, i: number, j: number) => m.data[i * m.cols + j]!;

/** Marks every cell and looks for the usual mistakes among the wrong ones. */
export function check(
  answers: readonly (readonly Answer[])[],
  trace: AttentionTrace,
  quantity: Quantity,
  head: number,
): Checked {
  const truth = truthOf(trace, quantity, head);
  const tolerance = TOLERANCE[quantity];
  const marks = Array.from({ length: truth.rows }, (_, i) =>
    Array.from({ length: truth.cols }, (_, j): Mark => {
      const a = answers[i]?.[j] ?? "empty";
      if (a === "empty" || a === "invalid") return a;
      return isRight(a, at(truth, i, j), tolerance) ? "right" : "wrong";
    }),
  );
  const wrong = marks.some((row) => row.includes("wrong"));
  const hints = wrong ? diagnose(answers, trace, quantity, head) : [];
  // A wrong method that happens to give some true numbers has not found them: no ✓ for those.
  const method = hints.some((h) => METHOD_HINTS.has(h.key));
  const final = method ? marks.map((row) => row.map((m) => (m === "right" ? "chance" : m))) : marks;
  const right = final.reduce((n, row) => n + row.filter((m) => m === "right").length, 0);
  return { marks: final, right, total: truth.rows * truth.cols, hints };
}

/** Whether every answered cell agrees with `candidate` (a wrong way of computing the same thing). */
function matches(answers: readonly (readonly Answer[])[], candidate: Matrix, tolerance: Tolerance): boolean {
  let any = false;
  for (let i = 0; i < candidate.rows; i++) {
    for (let j = 0; j < candidate.cols; j++) {
      const a = answers[i]?.[j];
      if (typeof a !== "number") continue;
      any = true;
      if (!isRight(a, at(candidate, i, j), tolerance)) return false;
    }
  }
  return any;
}

const softmax = (m: Matrix): Matrix => {
  const out = new Float64Array(m.rows * m.cols);
  softmaxRows(m.data, m.rows, m.cols, out);
  return { rows: m.rows, cols: m.cols, data: out };
};

const mapCells = (m: Matrix, fn: (x: number, i: number, j: number) => number): Matrix => ({
  rows: m.rows,
  cols: m.cols,
  data: Float64Array.from(m.data, (x, index) => fn(x, Math.floor(index / m.cols), index % m.cols)),
});

const transpose = (m: Matrix): Matrix => ({
  rows: m.cols,
  cols: m.rows,
  data: Float64Array.from({ length: m.data.length }, (_, index) =>
    at(m, index % m.rows, Math.floor(index / m.rows)),
  ),
});

function diagnose(
  answers: readonly (readonly Answer[])[],
  trace: AttentionTrace,
  quantity: Quantity,
  head: number,
): Hint[] {
  const hints: Hint[] = [];
  const truth = truthOf(trace, quantity, head);
  const masked = (i: number, j: number) => trace.mask[i * trace.keys + j] === 1;
  const scores = layer(trace.scores, head);
  const scaled = layer(trace.scaled, head);
  const maskedScores = (m: Matrix) => mapCells(m, (x, i, j) => (masked(i, j) ? -Infinity : x));
  const soft = trace.mode === "soft";
  const tolerance = TOLERANCE[quantity];
  const like = (candidate: Matrix) => matches(answers, candidate, tolerance);

  if (trace.divisor !== 1) {
    const unscaled =
      quantity === "scaled"
        ? scores
        : quantity === "masked"
          ? maskedScores(scores)
          : quantity === "weights" && soft
            ? softmax(maskedScores(scores))
            : undefined;
    // Only the scaled dot product divides by √d_k; every other score is divided by τ alone (core/problem.ts).
    const key = trace.score === "scaled-dot" ? "hint.forgotScaling" : "hint.forgotTemperature";
    if (unscaled && like(unscaled)) hints.push({ key, params: { divisor: trace.divisor.toFixed(3) } });
  }
  if (quantity === "weights") {
    for (let i = 0; i < truth.rows; i++) {
      const row = answers[i] ?? [];
      if (trace.emptyRows.includes(i) || row.length < truth.cols || row.some((a) => typeof a !== "number"))
        continue;
      const sum = (row as number[]).reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 0.02) {
        hints.push({ key: "hint.rowSum", params: { row: i + 1, sum: sum.toFixed(3) } });
        break;
      }
    }
    if (trace.mask.includes(1) && soft && like(softmax(scaled))) hints.push({ key: "hint.forgotMask" });
    const positive = scaled.data.every((x) => x > 0);
    if (soft && positive) {
      const linear = mapCells(scaled, (x, i) => {
        let total = 0;
        for (let j = 0; j < scaled.cols; j++) if (!masked(i, j)) total += at(scaled, i, j);
        return x / total;
      });
      if (like(maskedZero(linear, masked))) hints.push({ key: "hint.notExp" });
    }
  }
  if (quantity === "masked") {
    const typedZero = answers.some((row, i) =>
      row.some((a, j) => masked(i, j) && typeof a === "number" && a !== -Infinity),
    );
    if (typedZero) hints.push({ key: "hint.maskedCell" });
  }
  if (truth.rows === truth.cols && truth.rows > 1 && !symmetric(truth, tolerance) && like(transpose(truth)))
    hints.push({ key: "hint.swapped" });
  return hints;
}

function maskedZero(m: Matrix, masked: (i: number, j: number) => boolean): Matrix {
  return mapCells(m, (x, i, j) => (masked(i, j) ? 0 : x));
}

function symmetric(m: Matrix, tolerance: Tolerance): boolean {
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < i; j++) if (!isRight(at(m, i, j), at(m, j, i), tolerance)) return false;
  return true;
}
