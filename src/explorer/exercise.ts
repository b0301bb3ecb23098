import { layer } from "../core/matrix";
import { softmaxRows } from "../core/softmax";
import type { AttentionTrace, Matrix } from "../core/types";
import type { MessageKey } from "../i18n/i18n";

/**
 * "Check your work": the student types a step's numbers for a small example and each cell is marked right
 * or wrong against the trace on screen. When the wrong answers match a usual mistake (no scaling, a row that
 * does not sum to 1, rows and columns swapped, no mask), a hint names it.
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

/** A cell is right within ±0.01 or 1% of its size, whichever is larger: hand calculations round. */
export const TOLERANCE = 0.01;

export function isRight(answer: number, truth: number): boolean {
  if (answer === -Infinity || truth === -Infinity) return answer === truth;
  return Math.abs(answer - truth) <= Math.max(TOLERANCE, 0.01 * Math.abs(truth));
}

/** A typed answer: a number, −∞ (for masked cells), nothing yet, or text that is not a number. */
export type Answer = number | "empty" | "invalid";

export function readAnswer(text: string): Answer {
  const t = text.trim().replace(/[−–]/gu, "-").replace(/，/gu, ".");
  if (t === "") return "empty";
  if (/^-\s*(inf|infinity|∞)$/iu.test(t)) return -Infinity;
  const x = Number(t);
  return Number.isFinite(x) ? x : "invalid";
}

/** The true values of a quantity for one head, as the engine computed them. */
export function truthOf(trace: AttentionTrace, quantity: Quantity, head: number): Matrix {
  return quantity === "output" ? layer(trace.headOutputs, head) : layer(trace[quantity], head);
}

export type Mark = "right" | "wrong" | "empty" | "invalid";

export interface Hint {
  readonly key: MessageKey;
  readonly params?: Record<string, string | number>;
}

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
  let right = 0;
  let wrong = 0;
  const marks = Array.from({ length: truth.rows }, (_, i) =>
    Array.from({ length: truth.cols }, (_, j): Mark => {
      const a = answers[i]?.[j] ?? "empty";
      if (a === "empty" || a === "invalid") return a;
      if (isRight(a, at(truth, i, j))) {
        right += 1;
        return "right";
      }
      wrong += 1;
      return "wrong";
    }),
  );
  const hints = wrong > 0 ? diagnose(answers, trace, quantity, head) : [];
  return { marks, right, total: truth.rows * truth.cols, hints };
}

/** Whether every answered cell agrees with `candidate` (a wrong way of computing the same thing). */
function matches(answers: readonly (readonly Answer[])[], candidate: Matrix): boolean {
  let any = false;
  for (let i = 0; i < candidate.rows; i++) {
    for (let j = 0; j < candidate.cols; j++) {
      const a = answers[i]?.[j];
      if (typeof a !== "number") continue;
      any = true;
      if (!isRight(a, at(candidate, i, j))) return false;
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

  if (trace.divisor !== 1) {
    const unscaled =
      quantity === "scaled"
        ? scores
        : quantity === "masked"
          ? maskedScores(scores)
          : quantity === "weights" && soft
            ? softmax(maskedScores(scores))
            : undefined;
    if (unscaled && matches(answers, unscaled))
      hints.push({ key: "hint.forgotScaling", params: { divisor: trace.divisor.toFixed(3) } });
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
    if (trace.mask.includes(1) && soft && matches(answers, softmax(scaled)))
      hints.push({ key: "hint.forgotMask" });
    const positive = scaled.data.every((x) => x > 0);
    if (soft && positive) {
      const linear = mapCells(scaled, (x, i) => {
        let total = 0;
        for (let j = 0; j < scaled.cols; j++) if (!masked(i, j)) total += at(scaled, i, j);
        return x / total;
      });
      if (matches(answers, maskedZero(linear, masked))) hints.push({ key: "hint.notExp" });
    }
  }
  if (quantity === "masked") {
    const typedZero = answers.some((row, i) =>
      row.some((a, j) => masked(i, j) && typeof a === "number" && a !== -Infinity),
    );
    if (typedZero) hints.push({ key: "hint.maskedCell" });
  }
  if (truth.rows === truth.cols && truth.rows > 1 && !symmetric(truth) && matches(answers, transpose(truth)))
    hints.push({ key: "hint.swapped" });
  return hints;
}

function maskedZero(m: Matrix, masked: (i: number, j: number) => boolean): Matrix {
  return mapCells(m, (x, i, j) => (masked(i, j) ? 0 : x));
}

function symmetric(m: Matrix): boolean {
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < i; j++) if (!isRight(at(m, i, j), at(m, j, i))) return false;
  return true;
}
